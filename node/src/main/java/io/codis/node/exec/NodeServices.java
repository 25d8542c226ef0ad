package io.codis.node.exec;

import io.codis.node.NodeConfig;
import io.codis.node.keyspace.Keyspace;
import io.codis.node.keyspace.KeyspaceListener;
import io.codis.node.config.ConfigStore;
import io.codis.node.pubsub.PubSubHub;
import io.codis.node.server.ClientRegistry;
import io.codis.node.server.Session;
import io.codis.protocol.command.CommandTable;

/**
 * Everything a command may need beyond its own arguments, in one place: the keyspace, the connected
 * clients, the blocking and WATCH registries, pub/sub, statistics and settings. One per node; used
 * only on the execution thread.
 */
public final class NodeServices {
  private final NodeConfig config;
  private final Keyspace keyspace;
  private final CommandTable table = CommandTable.standard();
  private final CommandRegistry handlers;
  private final ClientRegistry clients = new ClientRegistry();
  private final CommandStats stats = new CommandStats();
  private final BlockingRegistry blocking;
  private final WatchRegistry watches = new WatchRegistry();
  private final PubSubHub pubsub = new PubSubHub();
  private final ConfigStore configStore;
  private final long startedAtMs;
  private volatile Runnable shutdownRequest = () -> {};
  private final SlowLog slowlog = new SlowLog();
  private Dispatcher dispatcher;
  private io.codis.node.persistence.Persistence persistence;
  /** Slots this node's group owns; null = standalone (owns every slot). Written by the cluster thread. */
  private volatile io.codis.node.cluster.SlotOwnership ownership;
  /** The master lease of a cluster-mode node; null = standalone (always serves). */
  private volatile io.codis.node.cluster.MasterLease masterLease;
  private io.codis.node.tier.MemoryTier tier;
  private io.codis.node.replication.Replication replication;
  /** Slot migrations in and out (issue 9); created with the services. */
  private final io.codis.node.migrate.SlotMigrations migrations;

  public NodeServices(NodeConfig config, Keyspace keyspace, long startedAtMs) {
    this.config = config;
    this.keyspace = keyspace;
    this.startedAtMs = startedAtMs;
    this.handlers = CommandRegistry.standard();
    this.configStore = new ConfigStore(config);
    this.blocking = new BlockingRegistry(this);
    this.migrations = new io.codis.node.migrate.SlotMigrations(this, io.codis.node.migrate.MigrationLimits.DEFAULTS);
    keyspace.listener(
        new KeyspaceListener() {
          @Override
          public void keyModified(byte[] key) {
            watches.keyModified(key);
            blocking.keyModified(key);
            if (persistence != null) {
              persistence.keyModified(key);
            }
            if (tier != null) {
              tier.keyModified(key);
            }
            if (replication != null) {
              replication.keyModified(key);
            }
            migrations.keyModified(key);
          }

          @Override
          public void keyspaceFlushed() {
            watches.keyspaceFlushed();
            if (persistence != null) {
              persistence.flushedAll();
            }
            if (tier != null) {
              tier.flushed();
            }
            if (replication != null) {
              replication.flushedAll();
            }
            migrations.flushedAll();
          }

          @Override
          public void slotFlushed(int slot) {
            watches.keyspaceFlushed();
            if (persistence != null) {
              persistence.flushedSlot(slot);
            }
            if (tier != null) {
              tier.slotFlushed(slot);
            }
            if (replication != null) {
              replication.flushedSlot(slot);
            }
            migrations.slotFlushed(slot);
          }
        });
  }

  public NodeConfig config() {
    return config;
  }

  public Keyspace keyspace() {
    return keyspace;
  }

  public CommandTable table() {
    return table;
  }

  public CommandRegistry handlers() {
    return handlers;
  }

  public ClientRegistry clients() {
    return clients;
  }

  public CommandStats stats() {
    return stats;
  }

  public BlockingRegistry blocking() {
    return blocking;
  }

  public WatchRegistry watches() {
    return watches;
  }

  public PubSubHub pubsub() {
    return pubsub;
  }

  /** Runtime settings (CONFIG GET/SET), initialised from the start-up flags. */
  public ConfigStore configStore() {
    return configStore;
  }

  /** A client disconnected: drop what other registries hold for it. */
  public void onDisconnect(Session session) {
    pubsub.disconnected(session);
  }

  /** The dispatcher, for EXEC (runs the queued commands through it). */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  void dispatcher(Dispatcher value) {
    this.dispatcher = value;
  }

  /** Durability ({@code appendonly yes}), or null when the node keeps data in memory only. */
  public io.codis.node.persistence.Persistence persistence() {
    return persistence;
  }

  /** Set once at start-up, before clients are served. */
  public void persistence(io.codis.node.persistence.Persistence value) {
    this.persistence = value;
  }

  /** The memory tier (maxmemory budget, eviction); null only in tests that build services by hand. */
  public io.codis.node.tier.MemoryTier tier() {
    return tier;
  }

  /** Set once at start-up, before clients are served. */
  public void tier(io.codis.node.tier.MemoryTier value) {
    this.tier = value;
  }

  /** Applies the maxmemory settings of the CONFIG store to the tier (start-up, CONFIG SET). */
  public void applyMemorySettings() {
    if (tier != null) {
      tier.configure(
          Long.parseLong(configStore.get("maxmemory")),
          io.codis.node.tier.EvictionPolicy.parse(configStore.get("maxmemory-policy")),
          Integer.parseInt(configStore.get("maxmemory-samples")));
    }
  }

  /** Replication (role, effect stream, replicas); set once at start-up, before clients are served. */
  public io.codis.node.replication.Replication replication() {
    return replication;
  }

  public void replication(io.codis.node.replication.Replication value) {
    this.replication = value;
  }

  /** What sees a session's replies before they are written: replication, then durability. */
  public io.codis.node.server.FlushGate flushGate() {
    return replication != null ? replication : persistence;
  }

  public SlowLog slowlog() {
    return slowlog;
  }

  /**
   * Closes clients idle for longer than the {@code timeout} setting (Redis's clientsCronHandleTimeout:
   * blocked and subscribed clients are exempt). Called about once a second on the execution thread.
   */
  public void closeIdleClients(long nowMs) {
    long timeoutMs = configStore.timeoutSeconds() * 1000L;
    if (timeoutMs <= 0) {
      return;
    }
    for (Session s : java.util.List.copyOf(clients.all())) {
      if (!s.blocked() && s.subscriptionCount() == 0 && nowMs - s.lastInteractionMs() > timeoutMs) {
        s.channel().close();
      }
    }
  }

  public long startedAtMs() {
    return startedAtMs;
  }

  /** What SHUTDOWN calls: stops the server from another thread. */
  public void onShutdown(Runnable request) {
    this.shutdownRequest = request;
  }

  public void requestShutdown() {
    shutdownRequest.run();
  }

  /** Slot migrations, outgoing and incoming (SLOTSMIGRATE, SLOTSIMPORT). */
  public io.codis.node.migrate.SlotMigrations migrations() {
    return migrations;
  }

  /** Slot ownership from the metaserver, or null for a standalone node (owns every slot). */
  public io.codis.node.cluster.SlotOwnership ownership() {
    return ownership;
  }

  /** The master lease (cluster mode), or null for a standalone node. */
  public io.codis.node.cluster.MasterLease masterLease() {
    return masterLease;
  }

  /** Installs the master lease of a cluster-mode node (once, before it follows the cluster). */
  public void masterLease(io.codis.node.cluster.MasterLease lease) {
    this.masterLease = lease;
  }

  /** Publishes a new ownership table (any thread; the execution thread reads it per command). */
  public void ownership(io.codis.node.cluster.SlotOwnership value) {
    this.ownership = value;
  }
}
