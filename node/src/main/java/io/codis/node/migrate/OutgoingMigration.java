package io.codis.node.migrate;

import io.codis.node.keyspace.Keyspace;
import io.codis.node.replication.Effects;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One slot leaving this node: what has been sent and what is left, on the event loop. The {@link
 * MigrationWorker} asks for one batch at a time ({@link #nextBatch}) and carries it to the target.
 *
 * <p><b>Why a fuzzy snapshot is enough.</b> From the start every key of the slot that is written is
 * put in {@code written} (the keyspace listener); a record always states a key's whole current
 * state (or its deletion), and the target applies batches in order. So a key the scan sent before
 * it was written is sent again, later, with its newer state; a key the scan never saw (created
 * after the cursor passed) is written, so it is sent; and what the target holds after the last
 * batch is the source's state at the moment of the block.
 *
 * <p>Phases (transitions enforced by {@link #to}):
 * <pre>
 *   SNAPSHOT  -> CATCHUP     the scan of the slot is complete
 *   CATCHUP   -> BLOCKED     few written keys left (or too many catch-up batches): writes to the slot
 *                            answer -TRYAGAIN from now on, the rest is the tail
 *   BLOCKED   -> READY       the target confirmed the last batch (SLOTSIMPORT END)
 *   READY     -> COMMITTED   SLOTSMIGRATE COMMIT (the controller is about to switch ownership)
 *   COMMITTED -> DONE        the switch is seen (new view, or the standalone target took the slot):
 *                            the slot's keys are dropped here, -MOVED from now on
 *   SNAPSHOT, CATCHUP, BLOCKED, READY -> CANCELLED   (SLOTSMIGRATE CANCEL) writes resume here
 *   SNAPSHOT, CATCHUP, BLOCKED, READY -> FAILED      (target unreachable, refused a batch, READY
 *                                                     not committed in time) writes resume here
 * </pre>
 */
final class OutgoingMigration {
  enum Phase {
    SNAPSHOT, CATCHUP, BLOCKED, READY, COMMITTED, DONE, CANCELLED, FAILED;

    boolean finished() {
      return this == DONE || this == CANCELLED || this == FAILED;
    }

    /** Writes to the slot are refused in these phases: the target's copy must not fall behind. */
    boolean blocksWrites() {
      return this == BLOCKED || this == READY || this == COMMITTED;
    }
  }

  /** One batch: the records, how many keys they complete, and whether it is the last (the tail). */
  record Batch(byte[] payload, int keys, boolean last) {}

  /** Restarts of big keys after which the block may begin while one is still being chunked. */
  static final int HOT_BIG_KEY_RESTARTS = 3;

  static final byte[] FLUSH = Effects.record("slotsimport-flush".getBytes(StandardCharsets.US_ASCII));

  final int slot;
  final String id;
  final String target;
  final long startedAtMs;
  private final Keyspace keyspace;
  private final MigrationLimits limits;
  private Phase phase = Phase.SNAPSHOT;
  private String reason = "";

  private long scanCursor;
  private boolean scanDone;
  private final Set<ByteBuffer> written = new LinkedHashSet<>();
  private boolean flushed;
  private BigKey big;
  private int catchupBatches;
  /** Big keys whose chunks were started again because they were written meanwhile (hot big keys). */
  private int bigRestarts;
  private boolean paused;
  /** The worker's rates (SLOTSMIGRATE THROTTLE changes them while it runs). */
  Throttle throttle;

  private long keysSent;
  private long bytesSent;
  private long batchesSent;
  private long blockedAtMs;
  private long readyAtMs;
  private long doneAtMs;
  private final long keysAtStart;
  /** Longest time one batch took on the event loop: what a migration costs other clients at most. */
  private long maxBatchNanos;
  /** The same in CPU time of the event loop thread: without GC pauses and the machine's load. */
  private long maxBatchCpuNanos;

  OutgoingMigration(int slot, String id, String target, Keyspace keyspace, MigrationLimits limits, long nowMs) {
    this.slot = slot;
    this.id = id;
    this.target = target;
    this.keyspace = keyspace;
    this.limits = limits;
    this.startedAtMs = nowMs;
    this.scanCursor = slot; // the keyspace cursor holds the slot in its low bits: bucket 0 of the slot
    this.keysAtStart = keyspace.slotSize(slot);
  }

  Phase phase() {
    return phase;
  }

  String reason() {
    return reason;
  }

  void to(Phase next, long nowMs) {
    boolean ok = switch (next) {
      case SNAPSHOT -> false;
      case CATCHUP -> phase == Phase.SNAPSHOT;
      case BLOCKED -> phase == Phase.CATCHUP;
      case READY -> phase == Phase.BLOCKED;
      case COMMITTED -> phase == Phase.READY;
      case DONE -> phase == Phase.COMMITTED || phase == Phase.READY;
      case CANCELLED, FAILED -> !phase.finished() && phase != Phase.COMMITTED;
    };
    if (!ok) {
      throw new IllegalStateException("Invalid transition to " + next + " from " + phase);
    }
    phase = next;
    switch (next) {
      case BLOCKED -> blockedAtMs = nowMs;
      case READY -> readyAtMs = nowMs;
      case DONE, CANCELLED, FAILED -> {
        doneAtMs = nowMs;
        written.clear();
        big = null;
      }
      default -> { }
    }
  }

  void fail(String why, long nowMs) {
    reason = why;
    to(Phase.FAILED, nowMs);
  }

  boolean paused() {
    return paused;
  }

  void paused(boolean value) {
    paused = value;
  }

  long readyAtMs() {
    return readyAtMs;
  }

  long blockedAtMs() {
    return blockedAtMs;
  }

  /** A key of this slot was written (or expired, or deleted). */
  void keyModified(byte[] key) {
    if (phase.finished()) {
      return;
    }
    written.add(ByteBuffer.wrap(key));
    if (big != null && java.util.Arrays.equals(big.key, key)) {
      big = null; // sent again from the start: it is in written now
      bigRestarts++;
    }
  }

  /** The slot was flushed (FLUSHALL, a slot flush): the target flushes its copy too, in order. */
  void slotFlushed() {
    if (phase.finished()) {
      return;
    }
    flushed = true;
    written.clear();
    big = null;
    scanDone = true;
  }

  /** The next batch; moves SNAPSHOT to CATCHUP to BLOCKED on the way. Event loop only. */
  Batch nextBatch(long nowMs) {
    long startedNanos = System.nanoTime();
    long startedCpu = CpuClock.threadNanos();
    try {
      return batch(nowMs);
    } finally {
      maxBatchNanos = Math.max(maxBatchNanos, System.nanoTime() - startedNanos);
      maxBatchCpuNanos = Math.max(maxBatchCpuNanos, CpuClock.threadNanos() - startedCpu);
    }
  }

  private Batch batch(long nowMs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limits.batchBytesMax(), 64 * 1024));
    int keys = 0;
    int records = 0;
    if (flushed) {
      out.writeBytes(FLUSH);
      flushed = false;
      records++;
    }
    while (out.size() < limits.batchBytesMax() && records < limits.batchKeysMax()) {
      if (big != null) {
        byte[] record = big.next(limits.chunkElementsMax());
        if (record != null) {
          out.writeBytes(record);
          records++;
        }
        if (big.done()) {
          big = null;
          keys++;
        }
        continue;
      }
      byte[] key = nextKey();
      if (key == null) {
        break;
      }
      keys += send(key, out);
      records++;
    }
    if (phase == Phase.SNAPSHOT && scanDone && big == null) {
      to(Phase.CATCHUP, nowMs);
    } else if (phase == Phase.CATCHUP) {
      catchupBatches++;
    }
    // A big key being chunked is finished before the block, unless big keys keep being written
    // while they are sent (a hot big key would start over for ever): then it goes with the tail.
    boolean bigKeyAllows = big == null || bigRestarts >= HOT_BIG_KEY_RESTARTS;
    if (phase == Phase.CATCHUP && ((written.size() <= limits.tailKeysMax() && bigKeyAllows)
        || catchupBatches > limits.catchupBatchesMax())) {
      to(Phase.BLOCKED, nowMs); // no write to the slot can happen between here and the tail below
    }
    boolean last = false;
    if (phase == Phase.BLOCKED && out.size() < limits.batchBytesMax()) {
      last = written.isEmpty() && big == null && !flushed && records < limits.batchKeysMax();
    }
    keysSent += keys;
    bytesSent += out.size();
    if (out.size() > 0) {
      batchesSent++;
    }
    return new Batch(out.toByteArray(), keys, last);
  }

  /** The next key to send: from the scan while it lasts, then the written ones. */
  private byte[] nextKey() {
    while (!scanDone && written.isEmpty()) {
      List<byte[]> found = new ArrayList<>();
      long next = keyspace.scan(scanCursor, 16, (k, v) -> {
        if (keyspace.slotOf(k) == slot) {
          found.add(k);
        }
      });
      if (next == 0 || !sameSlot(next)) {
        scanDone = true;
      } else {
        scanCursor = next;
      }
      for (byte[] k : found) {
        written.add(ByteBuffer.wrap(k)); // sent from the written set below, once
      }
      if (!found.isEmpty()) {
        break;
      }
    }
    Iterator<ByteBuffer> it = written.iterator();
    if (!it.hasNext()) {
      return null;
    }
    byte[] key = it.next().array();
    it.remove();
    return key;
  }

  private boolean sameSlot(long cursor) {
    long mask = (1L << (32 - Integer.numberOfLeadingZeros(keyspace.slotCount() - 1))) - 1;
    return (cursor & mask) == slot;
  }

  /** Appends the key's current state; returns 1 when the key is complete, 0 when chunks follow. */
  private int send(byte[] key, ByteArrayOutputStream out) {
    Object value = keyspace.get(key); // may expire it: then it is written again, and sent as a del
    if (value == null) {
      written.remove(ByteBuffer.wrap(key));
      out.writeBytes(Effects.deleted(key));
      return 1;
    }
    long expireAt = keyspace.expireAt(key);
    if (BigKey.isBig(value, limits.bigKeyElements())) {
      big = new BigKey(key, value, expireAt);
      out.writeBytes(big.next(limits.chunkElementsMax()));
      return 0;
    }
    out.writeBytes(Effects.keyState(key, value, expireAt));
    return 1;
  }

  /** SLOTSMIGRATE STATUS fields, as name/value pairs. */
  List<Object> status(long nowMs) {
    List<Object> s = new ArrayList<>();
    s.add("slot");
    s.add((long) slot);
    s.add("id");
    s.add(id);
    s.add("target");
    s.add(target);
    s.add("phase");
    s.add(phase.name().toLowerCase(java.util.Locale.ROOT));
    s.add("paused");
    s.add(paused ? 1L : 0L);
    s.add("keys-at-start");
    s.add(keysAtStart);
    s.add("keys-sent");
    s.add(keysSent);
    s.add("bytes-sent");
    s.add(bytesSent);
    s.add("batches-sent");
    s.add(batchesSent);
    s.add("keys-waiting");
    s.add((long) written.size());
    s.add("elapsed-ms");
    s.add((phase.finished() ? doneAtMs : nowMs) - startedAtMs);
    s.add("blocked-ms");
    s.add(blockedAtMs == 0 ? 0L : ((phase.blocksWrites() ? nowMs : (doneAtMs == 0 ? nowMs : doneAtMs)) - blockedAtMs));
    s.add("tail-ms"); // how long writes were blocked before READY (the rest waits for the commit)
    s.add(blockedAtMs == 0 || readyAtMs == 0 ? 0L : readyAtMs - blockedAtMs);
    s.add("max-batch-us");
    s.add(maxBatchNanos / 1000);
    s.add("max-batch-cpu-us");
    s.add(maxBatchCpuNanos / 1000);
    s.add("reason");
    s.add(reason);
    return s;
  }
}
