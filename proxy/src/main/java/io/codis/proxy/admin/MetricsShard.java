package io.codis.proxy.admin;

/**
 * The counters of one event loop. Only that loop writes them (plain fields, no atomics); the
 * admin thread sums the shards when scraped and may see values a few updates old.
 */
final class MetricsShard {
  final long[] calls;
  final long[] errors;
  final long[] micros;
  final long[] errorsByCode;
  final LatencyHistogram latency = new LatencyHistogram();
  long retries;
  long retriesExhausted;

  MetricsShard(int commands, int codes) {
    calls = new long[commands];
    errors = new long[commands];
    micros = new long[commands];
    errorsByCode = new long[codes];
  }
}
