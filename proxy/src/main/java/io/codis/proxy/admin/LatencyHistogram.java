package io.codis.proxy.admin;

/**
 * Request latencies in microseconds, log-linear buckets (8 per power of two, so a quantile is
 * within 12.5% of the true value), from 1 µs to about 2^40 µs. Written by one thread; read by the
 * admin thread without locks (a read may miss the last few updates).
 */
final class LatencyHistogram {
  private static final int LINEAR = 16;
  private static final int SUB = 8;
  static final int BUCKETS = LINEAR + (41 - 4) * SUB;

  final long[] counts = new long[BUCKETS];
  long sumMicros;
  long total;

  void record(long micros) {
    counts[bucket(micros)]++;
    sumMicros += micros;
    total++;
  }

  static int bucket(long micros) {
    if (micros < LINEAR) {
      return (int) Math.max(0, micros);
    }
    int exp = 63 - Long.numberOfLeadingZeros(micros); // >= 4
    int sub = (int) ((micros >>> (exp - 3)) & (SUB - 1));
    return Math.min(BUCKETS - 1, LINEAR + (exp - 4) * SUB + sub);
  }

  /** Largest value that falls into {@code bucket}. */
  static long upperBound(int bucket) {
    if (bucket < LINEAR) {
      return bucket;
    }
    int exp = (bucket - LINEAR) / SUB + 4;
    int sub = (bucket - LINEAR) % SUB;
    return ((long) (SUB + sub + 1) << (exp - 3)) - 1;
  }

  /** The value at quantile {@code q} (0..1) of {@code counts}, in microseconds; 0 when empty. */
  static long quantile(long[] counts, double q) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * n);
    long seen = 0;
    for (int b = 0; b < counts.length; b++) {
      seen += counts[b];
      if (seen >= Math.max(1, rank)) {
        return upperBound(b);
      }
    }
    return upperBound(counts.length - 1);
  }

  /** Requests of at most {@code micros} in {@code counts} (bucket bounds are exact below 16 µs). */
  static long countAtMost(long[] counts, long micros) {
    long n = 0;
    for (int b = 0; b < counts.length && upperBound(b) <= micros; b++) {
      n += counts[b];
    }
    return n;
  }
}
