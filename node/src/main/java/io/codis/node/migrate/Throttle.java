package io.codis.node.migrate;

/**
 * Keeps a sender under a rate in bytes per second and keys per second: after each batch, {@link
 * #pauseNanos} says how long to wait so that everything sent since the start stays within both
 * rates. Deterministic (the caller passes the time); 0 means unlimited.
 */
final class Throttle {
  private volatile long bytesPerSec;
  private volatile long keysPerSec;
  private long startNanos = Long.MIN_VALUE;
  private long bytes;
  private long keys;

  Throttle(long bytesPerSec, long keysPerSec) {
    rates(bytesPerSec, keysPerSec);
  }

  /** Changes the rates; counting starts again (a new rate applies from now on). */
  synchronized void rates(long bytesPerSecValue, long keysPerSecValue) {
    if (bytesPerSecValue < 0 || keysPerSecValue < 0) {
      throw new IllegalArgumentException("rates: " + bytesPerSecValue + ", " + keysPerSecValue + " (expected: >= 0)");
    }
    this.bytesPerSec = bytesPerSecValue;
    this.keysPerSec = keysPerSecValue;
    this.startNanos = Long.MIN_VALUE;
  }

  long bytesPerSec() {
    return bytesPerSec;
  }

  long keysPerSec() {
    return keysPerSec;
  }

  /** Counts a batch sent at {@code nowNanos}; returns the nanoseconds to wait before the next. */
  synchronized long pauseNanos(long nowNanos, long batchBytes, long batchKeys) {
    if (startNanos == Long.MIN_VALUE) {
      startNanos = nowNanos;
      bytes = 0;
      keys = 0;
    }
    bytes += batchBytes;
    keys += batchKeys;
    long due = 0;
    if (bytesPerSec > 0) {
      due = Math.max(due, (long) (bytes * 1e9 / bytesPerSec));
    }
    if (keysPerSec > 0) {
      due = Math.max(due, (long) (keys * 1e9 / keysPerSec));
    }
    return Math.max(0, startNanos + due - nowNanos);
  }
}
