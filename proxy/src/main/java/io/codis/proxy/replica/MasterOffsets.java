package io.codis.proxy.replica;

/**
 * Recent replication offsets of one master, each with the time its ROLE probe was sent: a replica
 * whose offset is at least a sample's offset holds every write the master had acknowledged when
 * that sample was taken. A fixed ring; used on the health check's loop only.
 */
final class MasterOffsets {
  /** Samples kept: with the default 250 ms probes, 16 cover 4 s, well past any lag bound in use. */
  static final int CAPACITY = 16;

  private final long[] nanos = new long[CAPACITY];
  private final long[] offsets = new long[CAPACITY];
  private int size;
  private int next;

  /** Records {@code offset} read by a probe sent at {@code sentNanos}. */
  void add(long sentNanos, long offset) {
    if (size > 0 && offset < offsets[(next + CAPACITY - 1) % CAPACITY]) {
      // The offset went back: a restarted or different master. Older samples say nothing now.
      size = 0;
    }
    nanos[next] = sentNanos;
    offsets[next] = offset;
    next = (next + 1) % CAPACITY;
    size = Math.min(size + 1, CAPACITY);
  }

  /**
   * The send time of the newest sample whose offset is at most {@code replicaOffset}: the replica
   * had everything the master had acknowledged then. {@code Long.MIN_VALUE} when no sample is.
   */
  long caughtUpAt(long replicaOffset) {
    for (int i = 1; i <= size; i++) {
      int at = (next - i + CAPACITY) % CAPACITY;
      if (offsets[at] <= replicaOffset) {
        return nanos[at];
      }
    }
    return Long.MIN_VALUE;
  }
}
