package io.codis.node.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * One slot arriving on this node (the target): the migration it belongs to and the last batch
 * applied, so a batch sent again after a lost reply is acknowledged without being applied twice.
 * The slot is not served while it is imported.
 *
 * <pre>
 *   IMPORTING -> ENDED      SLOTSIMPORT END (the source sent its tail and waits for the switch)
 *   ENDED     -> (removed)  the switch: the view gives the slot to this node's group, or, standalone,
 *                           SLOTSIMPORT COMMIT
 *   any       -> (removed)  SLOTSIMPORT CANCEL, or a BEGIN of another migration of the slot: the
 *                           partial copy is dropped with a slot flush
 * </pre>
 */
final class SlotImport {
  enum Phase { IMPORTING, ENDED }

  final int slot;
  final String id;
  final String source;
  final long startedAtMs;
  private Phase phase = Phase.IMPORTING;
  private long lastSeq;
  private long records;
  private long bytes;
  private long maxApplyNanos;
  private long maxApplyCpuNanos;

  SlotImport(int slot, String id, String source, long nowMs) {
    this.slot = slot;
    this.id = id;
    this.source = source;
    this.startedAtMs = nowMs;
  }

  Phase phase() {
    return phase;
  }

  long lastSeq() {
    return lastSeq;
  }

  void applied(long seq, int recordCount, int payloadBytes) {
    if (seq != lastSeq + 1 || phase != Phase.IMPORTING) {
      throw new IllegalStateException("Invalid batch " + seq + " after " + lastSeq + " in " + phase);
    }
    lastSeq = seq;
    records += recordCount;
    bytes += payloadBytes;
  }

  /** Longest time one batch took to apply on the event loop. */
  void applyNanos(long nanos, long cpuNanos) {
    maxApplyNanos = Math.max(maxApplyNanos, nanos);
    maxApplyCpuNanos = Math.max(maxApplyCpuNanos, cpuNanos);
  }

  void end() {
    if (phase != Phase.IMPORTING) {
      throw new IllegalStateException("Invalid transition to ENDED from " + phase);
    }
    phase = Phase.ENDED;
  }

  List<Object> status(long nowMs) {
    List<Object> s = new ArrayList<>();
    s.add("slot");
    s.add((long) slot);
    s.add("id");
    s.add(id);
    s.add("source");
    s.add(source);
    s.add("phase");
    s.add(phase.name().toLowerCase(java.util.Locale.ROOT));
    s.add("batches");
    s.add(lastSeq);
    s.add("records");
    s.add(records);
    s.add("bytes");
    s.add(bytes);
    s.add("max-apply-us");
    s.add(maxApplyNanos / 1000);
    s.add("max-apply-cpu-us");
    s.add(maxApplyCpuNanos / 1000);
    s.add("elapsed-ms");
    s.add(nowMs - startedAtMs);
    return s;
  }
}
