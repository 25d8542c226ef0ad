package io.codis.node;

import io.codis.node.server.NodeServer;
import io.codis.protocol.resp.RespLimits;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codis-node}: starts a data node in the foreground. SIGTERM and SIGINT stop it cleanly. */
@Command(
    name = "codis-node",
    mixinStandardHelpOptions = true,
    version = "codis-node 0.1.0",
    description = {
        "A Redis 7-compatible data node of Codis for Java.",
        "With --appendonly yes, data is durable in RocksDB under <dir>/data (loaded at start-up); "
            + "--maxmemory bounds the decoded values in memory: with --appendonly yes cold values stay on "
            + "disk only and load on access; without it, --maxmemory-policy evicts as Redis does."})
public final class NodeMain implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "${env:CODIS_PORT:-6380}", description = "RESP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "${env:CODIS_BIND:-127.0.0.1}", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--requirepass", defaultValue = "${env:CODIS_REQUIREPASS}", description = "Password clients must AUTH with.")
  String requirepass;

  @Option(names = "--maxclients", defaultValue = "${env:CODIS_MAXCLIENTS:-10000}", description = "Maximum connected clients (default ${DEFAULT-VALUE}).")
  int maxclients;

  @Option(names = "--timeout", defaultValue = "${env:CODIS_TIMEOUT:-0}", description = "Close idle clients after this many seconds, 0 = never.")
  int timeoutSeconds;

  @Option(names = "--slots", defaultValue = "${env:CODIS_SLOTS:-1024}", description = "Slot count of the cluster (default ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--dir", defaultValue = "${env:CODIS_DIR:-.}", description = "Working directory for data files.")
  String dir;

  @Option(names = "--proto-max-bulk-len", defaultValue = "${env:CODIS_PROTO_MAX_BULK_LEN:-536870912}", description = "Largest bulk string a client may send, bytes.")
  long protoMaxBulkLen;

  @Option(names = "--client-query-buffer-limit", defaultValue = "${env:CODIS_CLIENT_QUERY_BUFFER_LIMIT:-1073741824}", description = "Bytes a client may have buffered, unexecuted.")
  long queryBufferLimit;

  @Option(names = "--appendonly", defaultValue = "${env:CODIS_APPENDONLY:-no}", description = "yes = keep data in RocksDB under <dir>/data and load it at start-up (default ${DEFAULT-VALUE}).")
  String appendonly;

  @Option(names = "--appendfsync", defaultValue = "${env:CODIS_APPENDFSYNC:-everysec}", description = "always | everysec | no (default ${DEFAULT-VALUE}): when a write is synced to disk (with --appendonly yes).")
  String appendfsync;

  @Option(names = "--maxmemory", defaultValue = "${env:CODIS_MAXMEMORY:-0}", description = "Memory budget of the decoded values, bytes or with a unit (1gb); 0 = none (default ${DEFAULT-VALUE}).")
  String maxmemory;

  @Option(names = "--maxmemory-policy", defaultValue = "${env:CODIS_MAXMEMORY_POLICY:-noeviction}", description = "Eviction policy as in Redis (default ${DEFAULT-VALUE}); with --appendonly yes it only ranks values going cold (lfu policies: LFU, others: LRU).")
  String maxmemoryPolicy;

  @Option(names = "--meta", defaultValue = "${env:CODIS_META}", description = "Metaserver HTTP addresses, host:port,...; absent = standalone (owns every slot).")
  String meta;

  @Option(names = "--announce", defaultValue = "${env:CODIS_ANNOUNCE}", description = "host:port the metaserver knows this node by (default: <bind>:<port>).")
  String announce;
  @Option(names = {"--replicaof", "--slaveof"}, defaultValue = "${env:CODIS_REPLICAOF:-}", description = "\"host port\": start as a replica of that master (REPLICAOF at run time).")
  String replicaof;

  @Option(names = "--masterauth", defaultValue = "${env:CODIS_MASTERAUTH:-}", description = "Password this node AUTHs with to its master (the master's --requirepass).")
  String masterauth;

  @Option(names = "--repl-backlog-size", defaultValue = "${env:CODIS_REPL_BACKLOG_SIZE:-16mb}", description = "Bytes of the replication stream kept for partial resync (default ${DEFAULT-VALUE}).")
  String replBacklogSize;

  @Option(names = "--replication-mode", defaultValue = "${env:CODIS_REPLICATION_MODE:-async}", description = "async | sync (default ${DEFAULT-VALUE}): sync releases a reply only after a replica acknowledged it.")
  String replicationMode;

  @Option(names = "--min-replicas-to-write", defaultValue = "${env:CODIS_MIN_REPLICAS_TO_WRITE:-0}", description = "Refuse writes (NOREPLICAS) with fewer good replicas than this (default ${DEFAULT-VALUE}).")
  String minReplicasToWrite;

  @Option(names = "--min-replicas-max-lag", defaultValue = "${env:CODIS_MIN_REPLICAS_MAX_LAG:-10}", description = "Seconds since its last ACK for a replica to count as good (default ${DEFAULT-VALUE}).")
  String minReplicasMaxLag;

  @Option(names = "--master-lease-ttl", defaultValue = "${env:CODIS_MASTER_LEASE_TTL:-4000}", description = "With --meta: ms of the master lease a master renews every second; it serves keyed commands only within it, minus max(200, ttl/10) ms (default ${DEFAULT-VALUE}).")
  long masterLeaseTtlMs;

  @Override
  public Integer call() throws Exception {
    NodeConfig config =
        new NodeConfig(bind, port, requirepass == null || requirepass.isEmpty() ? null : requirepass,
            maxclients, timeoutSeconds, slots, dir,
            RespLimits.DEFAULTS.withBulkBytesMax(protoMaxBulkLen).withQueryBufferBytesMax(queryBufferLimit))
            .withSetting("appendonly", appendonly)
            .withSetting("appendfsync", appendfsync)
            .withSetting("maxmemory", maxmemory)
            .withSetting("maxmemory-policy", maxmemoryPolicy)
            .withSetting("replicaof", replicaof)
            .withSetting("masterauth", masterauth)
            .withSetting("repl-backlog-size", replBacklogSize)
            .withSetting("replication-mode", replicationMode)
            .withSetting("min-replicas-to-write", minReplicasToWrite)
            .withSetting("min-replicas-max-lag", minReplicasMaxLag);
    System.out.println("codis-node effective configuration: " + printable(config));
    NodeServer server;
    try {
      server = new NodeServer(config);
    } catch (IllegalArgumentException | io.codis.node.storage.StorageException e) {
      // an invalid setting (checked by the CONFIG store with Redis's rules)
      System.err.println("codis-node: " + e.getMessage());
      return 2;
    }
    server.services().onShutdown(() -> new Thread(server::close, "shutdown").start());
    // SIGTERM/SIGINT run shutdown hooks: close the listener and let the event loop finish its tasks.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sigterm"));
    int bound = server.start();
    AutoCloseable member = io.codis.node.cluster.ClusterLink.startIfConfigured(
        meta, announce == null || announce.isEmpty() ? bind + ":" + bound : announce,
        server.services(),
        new io.codis.node.cluster.ReplicationRoles(server.services().replication(), server.executionThread()),
        masterLeaseTtlMs, server.executionThread());
    server.awaitClose();
    if (member != null) {
      member.close();
    }
    return 0;
  }

  private static String printable(NodeConfig config) {
    return config.toString().replaceAll("requirepass=[^,]+", "requirepass=" + (config.requirepass() == null ? "null" : "(set)"))
        .replaceAll("masterauth=[^,}]+", "masterauth=(set)");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new NodeMain()).execute(args));
  }
}
