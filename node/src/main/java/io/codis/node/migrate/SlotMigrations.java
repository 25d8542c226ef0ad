package io.codis.node.migrate;

import io.codis.node.cluster.SlotOwnership;
import io.codis.node.exec.NodeServices;
import io.codis.node.migrate.OutgoingMigration.Phase;
import io.codis.node.server.Session;
import io.codis.protocol.command.CommandFlag;
import io.codis.protocol.command.CommandSpec;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's migrations, both ways: the slots it sends ({@link OutgoingMigration}, one worker
 * thread each) and the slots it receives ({@link SlotImport}). Sees every write (keyspace
 * listener) and refuses, before they run, commands on slots that are not servable here right now:
 *
 * <ul>
 *   <li>writes to a slot whose migration blocks writes (tail, READY, COMMITTED):
 *       {@code -TRYAGAIN slot N is switching owner} (reads keep being served: nothing changes);
 *   <li>anything on a slot being imported and not yet owned: {@code -TRYAGAIN slot N is being
 *       imported} (a node in a cluster answers {@code -MOVED} before that, from its view);
 *   <li>a standalone node that handed a slot over: {@code -MOVED N target}.
 * </ul>
 *
 * EXEC is refused when a queued command writes such a slot (queued before the block began). All of
 * it runs on the event loop, except the workers, which reach it through {@code loop.submit}.
 */
public final class SlotMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(SlotMigrations.class);
  /** How often READY timeouts and ownership switches are checked. */
  static final long CRON_MS = 100;

  private final NodeServices node;
  private final MigrationLimits limits;
  private final OutgoingMigration[] outgoing;
  private final SlotImport[] imports;
  private final String[] movedTo;
  /** Slots with an active outgoing migration, an import, or a standalone hand-over: the fast path. */
  private int guarded;
  private int activeOutgoing;
  private boolean applying;
  private EventLoop loop;
  private long nextId = 1;
  private Session importSession;

  public SlotMigrations(NodeServices node, MigrationLimits limits) {
    this.node = node;
    this.limits = limits;
    int n = node.keyspace().slotCount();
    this.outgoing = new OutgoingMigration[n];
    this.imports = new SlotImport[n];
    this.movedTo = new String[n];
  }

  /** Starts the periodic checks on the execution thread's event loop. */
  public void start(EventLoop executionLoop) {
    this.loop = executionLoop;
    executionLoop.scheduleAtFixedRate(this::cron, CRON_MS, CRON_MS, TimeUnit.MILLISECONDS);
  }

  MigrationLimits limits() {
    return limits;
  }

  NodeServices node() {
    return node;
  }

  boolean standalone() {
    return node.ownership() == null;
  }

  // ---- keyspace hooks ----

  public void keyModified(byte[] key) {
    if (activeOutgoing == 0) {
      return;
    }
    OutgoingMigration m = outgoing[node.keyspace().slotOf(key)];
    if (m != null && !m.phase().finished()) {
      m.keyModified(key);
    }
  }

  public void slotFlushed(int slot) {
    OutgoingMigration m = outgoing[slot];
    if (m != null && !m.phase().finished()) {
      m.slotFlushed();
    }
    SlotImport imp = imports[slot];
    if (imp != null && !applying) {
      dropImport(slot, "slot flushed on the target");
    }
  }

  public void flushedAll() {
    for (int s = 0; s < outgoing.length; s++) {
      slotFlushed(s);
    }
  }

  // ---- refusals ----

  /** The error refusing the command before it runs, or null. */
  public String refusal(Session session, CommandSpec spec, byte[][] argv) {
    if (guarded == 0) {
      return null;
    }
    String r = keysRefusal(spec, argv);
    if (r == null && spec.name().equals("exec") && session.inMulti()) {
      for (byte[][] queued : session.multiQueue()) {
        CommandSpec q = node.table().resolve(queued);
        if (q != null && (r = keysRefusal(q, queued)) != null) {
          break;
        }
      }
    }
    return r;
  }

  private String keysRefusal(CommandSpec spec, byte[][] argv) {
    if (spec.keys().isEmpty()) {
      return null;
    }
    boolean write = spec.is(CommandFlag.WRITE);
    for (int i : spec.keyIndexes(argv)) {
      String r = slotRefusal(node.keyspace().slotOf(argv[i]), write);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private String slotRefusal(int slot, boolean write) {
    if (movedTo[slot] != null) {
      return "MOVED " + slot + " " + movedTo[slot];
    }
    if (imports[slot] != null && !ownedByView(slot)) {
      return "TRYAGAIN slot " + slot + " is being imported";
    }
    OutgoingMigration m = outgoing[slot];
    if (write && m != null && m.phase().blocksWrites()) {
      return "TRYAGAIN slot " + slot + " is switching owner";
    }
    return null;
  }

  private boolean ownedByView(int slot) {
    SlotOwnership o = node.ownership();
    return o != null && o.owns(slot);
  }

  // ---- outgoing ----

  /** Starts sending {@code slot} to {@code target}; returns the migration or throws with the refusal. */
  OutgoingMigration startOutgoing(int slot, String target, String id, long bytesPerSec, long keysPerSec,
      String self) {
    OutgoingMigration current = outgoing[slot];
    if (current != null && !current.phase().finished()) {
      throw new IllegalArgumentException("ERR slot " + slot + " is already migrating (phase "
          + current.phase().name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
    if (node.replication() != null && node.replication().isReplica()) {
      throw new IllegalArgumentException("ERR this node is a replica; a slot migrates from its group's master");
    }
    SlotOwnership o = node.ownership();
    if ((o != null && !o.owns(slot)) || movedTo[slot] != null) {
      throw new IllegalArgumentException("ERR slot " + slot + " is not served by this node");
    }
    if (imports[slot] != null) {
      throw new IllegalArgumentException("ERR slot " + slot + " is being imported by this node");
    }
    if (active() >= limits.parallelMax()) {
      throw new IllegalArgumentException("ERR too many migrations at once (limit " + limits.parallelMax() + ")");
    }
    if (loop == null) {
      throw new IllegalArgumentException("ERR migration is not available on this node");
    }
    String migrationId = id != null ? id : Long.toString(System.currentTimeMillis(), 36) + "-" + (nextId++);
    OutgoingMigration m = new OutgoingMigration(slot, migrationId, target, node.keyspace(), limits,
        System.currentTimeMillis());
    if (current == null) {
      guarded++;
    }
    outgoing[slot] = m;
    activeOutgoing++;
    Throttle throttle = new Throttle(bytesPerSec, keysPerSec);
    m.throttle = throttle;
    String password = node.configStore().get("masterauth");
    Thread t = new Thread(new MigrationWorker(this, m, loop, throttle, limits, password, self),
        "slot-migrate-" + slot);
    t.setDaemon(true);
    t.start();
    LOG.info("slot {}: migration {} to {} started ({} keys)", slot, migrationId, target,
        node.keyspace().slotSize(slot));
    return m;
  }

  private int active() {
    int n = activeOutgoing;
    for (SlotImport imp : imports) {
      if (imp != null) {
        n++;
      }
    }
    return n;
  }

  OutgoingMigration outgoing(int slot) {
    return outgoing[slot];
  }

  List<OutgoingMigration> allOutgoing() {
    List<OutgoingMigration> all = new ArrayList<>();
    for (OutgoingMigration m : outgoing) {
      if (m != null) {
        all.add(m);
      }
    }
    return all;
  }

  void ready(OutgoingMigration m) {
    if (m.phase() == Phase.BLOCKED) {
      m.to(Phase.READY, System.currentTimeMillis());
      LOG.info("slot {}: migration {} ready after {} ms (tail: writes blocked for {} ms)", m.slot, m.id,
          System.currentTimeMillis() - m.startedAtMs, m.readyAtMs() - m.blockedAtMs());
    }
  }

  void failed(OutgoingMigration m, String reason) {
    if (!m.phase().finished() && m.phase() != Phase.COMMITTED) {
      m.fail(reason, System.currentTimeMillis());
      activeOutgoing--;
    }
  }

  void cancel(OutgoingMigration m) {
    m.to(Phase.CANCELLED, System.currentTimeMillis());
    activeOutgoing--;
    LOG.info("slot {}: migration {} cancelled", m.slot, m.id);
  }

  /** The switch happened: drop the slot's keys here (one slot flush: replicated, persisted). */
  void done(OutgoingMigration m) {
    if (m.phase().finished()) {
      return;
    }
    m.to(Phase.DONE, System.currentTimeMillis());
    activeOutgoing--;
    if (standalone()) {
      movedTo[m.slot] = m.target;
    }
    node.keyspace().flushSlot(m.slot);
    LOG.info("slot {}: migration {} done, the slot's keys were dropped here", m.slot, m.id);
  }

  // ---- incoming ----

  SlotImport importOf(int slot) {
    return imports[slot];
  }

  List<SlotImport> allImports() {
    List<SlotImport> all = new ArrayList<>();
    for (SlotImport imp : imports) {
      if (imp != null) {
        all.add(imp);
      }
    }
    return all;
  }

  /** SLOTSIMPORT BEGIN: a new import (dropping what another one left), or the same one again. */
  SlotImport beginImport(int slot, String id, String source) {
    SlotImport current = imports[slot];
    if (current != null && current.id.equals(id)) {
      return current;
    }
    if (node.replication() != null && node.replication().isReplica()) {
      throw new IllegalArgumentException("ERR this node is a replica; slots are imported by its group's master");
    }
    if (ownedByView(slot)) {
      throw new IllegalArgumentException("ERR slot " + slot + " is served by this node");
    }
    OutgoingMigration out = outgoing[slot];
    if (out != null && !out.phase().finished()) {
      throw new IllegalArgumentException("ERR slot " + slot + " is migrating away from this node");
    }
    if (current == null && standalone() && movedTo[slot] == null && node.keyspace().slotSize(slot) > 0) {
      throw new IllegalArgumentException("ERR slot " + slot + " is not empty on the target");
    }
    if (current == null && active() >= limits.parallelMax()) {
      throw new IllegalArgumentException("ERR too many migrations at once (limit " + limits.parallelMax() + ")");
    }
    if (current != null) {
      dropImport(slot, "replaced by migration " + id);
    } else if (node.keyspace().slotSize(slot) > 0) {
      applyFlush(slot); // leftovers of an import this node forgot (restart): not served, not anyone's
    }
    if (movedTo[slot] != null) {
      movedTo[slot] = null;
      guarded--;
    }
    SlotImport imp = new SlotImport(slot, id, source, System.currentTimeMillis());
    imports[slot] = imp;
    guarded++;
    LOG.info("slot {}: importing (migration {} from {})", slot, id, source);
    return imp;
  }

  /** Flushes the slot as part of an import (not a client's flush, so the import survives it). */
  void applyFlush(int slot) {
    applying = true;
    try {
      node.keyspace().flushSlot(slot);
    } finally {
      applying = false;
    }
  }

  /** The session import records run in (their replies are checked, then dropped). */
  Session importSession() {
    if (importSession == null) {
      importSession = new Session(-1, new io.netty.channel.embedded.EmbeddedChannel(), System.currentTimeMillis(), true);
    }
    return importSession;
  }

  boolean applying() {
    return applying;
  }

  void applying(boolean value) {
    applying = value;
  }

  /** CANCEL or a broken import: the partial copy goes (one slot flush). */
  void dropImport(int slot, String why) {
    SlotImport imp = imports[slot];
    if (imp == null) {
      return;
    }
    imports[slot] = null;
    guarded--;
    applyFlush(slot);
    LOG.info("slot {}: import {} dropped ({})", slot, imp.id, why);
  }

  /** The import became this node's slot (standalone COMMIT, or the view). */
  void finishImport(int slot) {
    SlotImport imp = imports[slot];
    if (imp != null) {
      imports[slot] = null;
      guarded--;
      LOG.info("slot {}: import {} finished, the slot is served here", slot, imp.id);
    }
  }

  // ---- periodic ----

  private void cron() {
    long now = System.currentTimeMillis();
    SlotOwnership o = node.ownership();
    boolean replica = node.replication() != null && node.replication().isReplica();
    for (OutgoingMigration m : outgoing) {
      if (m == null || m.phase().finished()) {
        continue;
      }
      if (replica && m.phase() != Phase.COMMITTED) {
        // demoted (failover): its writes now come from the new master; start again from there
        failed(m, "this node became a replica");
      } else if (o != null && !o.owns(m.slot)) {
        if (m.phase() == Phase.READY || m.phase() == Phase.COMMITTED) {
          done(m); // the controller switched the slot: it was blocked since the tail
        } else {
          failed(m, "slot no longer served by this group (cluster version " + o.version() + ")");
        }
      } else if (m.phase() == Phase.READY && now - m.readyAtMs() > limits.readyTimeoutMs()) {
        failed(m, "not committed within " + limits.readyTimeoutMs() + " ms");
      }
    }
    if (o != null) {
      for (int s = 0; s < imports.length; s++) {
        if (imports[s] != null && o.owns(s)) {
          finishImport(s);
        }
      }
    }
  }
}
