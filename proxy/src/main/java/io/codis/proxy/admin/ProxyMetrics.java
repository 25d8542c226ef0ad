package io.codis.proxy.admin;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.CommandTable;
import io.codis.protocol.resp.RespValue;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The proxy's request counters. Each event loop writes its own {@link MetricsShard} (found
 * through a {@link FastThreadLocal}, one array index per counter), so recording a request takes
 * no lock and touches no shared cache line; scrapes sum the shards.
 */
public final class ProxyMetrics {
  /** Slow-request threshold and ring size (named limits, see docs/limits.md). */
  public static final long SLOW_MICROS_DEFAULT = 10_000;
  public static final int SLOW_RING_CAPACITY = 128;
  static final String UNKNOWN = "unknown";

  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private final List<MetricsShard> shards = new CopyOnWriteArrayList<>();
  private final FastThreadLocal<MetricsShard> local = new FastThreadLocal<>() {
    @Override
    protected MetricsShard initialValue() {
      MetricsShard s = new MetricsShard(names.size(), ErrorCode.values().length + 1);
      shards.add(s);
      return s;
    }
  };
  private final SlowRing slow = new SlowRing(SLOW_RING_CAPACITY);
  private final long slowMicros;

  public ProxyMetrics(CommandTable table, long slowMicros) {
    this.slowMicros = slowMicros;
    add(UNKNOWN);
    for (CommandSpec spec : table.all()) {
      add(spec.name());
      for (CommandSpec sub : spec.subcommands().values()) {
        add(sub.name());
      }
    }
  }

  private void add(String name) {
    if (!index.containsKey(name)) {
      index.put(name, names.size());
      names.add(name);
    }
  }

  /** The counter index of a command's full name ({@code "client|list"}); 0 for unknown ones. */
  public int indexOf(String command) {
    Integer i = command == null ? null : index.get(command);
    return i == null ? 0 : i;
  }

  /** Records one answered request on the calling loop's shard. */
  public void record(int command, long nanos, RespValue reply, byte[][] argv, String client) {
    MetricsShard s = local.get();
    long micros = nanos / 1000;
    s.calls[command]++;
    s.micros[command] += micros;
    s.latency.record(micros);
    if (reply instanceof RespValue.ErrorValue e) {
      s.errors[command]++;
      ErrorCode code = ErrorCode.of(e.text());
      s.errorsByCode[code == null ? ErrorCode.values().length : code.ordinal()]++;
    }
    if (micros >= slowMicros) {
      slow.add(micros, argv, client);
    }
  }

  /** A request refused before running was sent again (MOVED, TRYAGAIN...). */
  public void retried() {
    local.get().retries++;
  }

  /** A retryable refusal was passed to the client because the retry budget was spent. */
  public void retriesExhausted() {
    local.get().retriesExhausted++;
  }

  public SlowRing slowlog() {
    return slow;
  }

  /** A point-in-time sum of every shard. */
  public Snapshot snapshot() {
    long[] calls = new long[names.size()];
    long[] errors = new long[names.size()];
    long[] micros = new long[names.size()];
    long[] codes = new long[ErrorCode.values().length + 1];
    long[] buckets = new long[LatencyHistogram.BUCKETS];
    long sum = 0;
    long retries = 0;
    long exhausted = 0;
    for (MetricsShard s : shards) {
      addInto(calls, s.calls);
      addInto(errors, s.errors);
      addInto(micros, s.micros);
      addInto(codes, s.errorsByCode);
      addInto(buckets, s.latency.counts);
      sum += s.latency.sumMicros;
      retries += s.retries;
      exhausted += s.retriesExhausted;
    }
    Map<String, long[]> byCommand = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (calls[i] > 0) {
        byCommand.put(names.get(i), new long[] {calls[i], errors[i], micros[i]});
      }
    }
    Map<String, Long> byCode = new LinkedHashMap<>();
    ErrorCode[] all = ErrorCode.values();
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] > 0) {
        byCode.put(i < all.length ? all[i].name() : "OTHER", codes[i]);
      }
    }
    long total = 0;
    for (long b : buckets) {
      total += b;
    }
    return new Snapshot(byCommand, byCode, buckets, total, sum, LatencyHistogram.quantile(buckets, 0.5),
        LatencyHistogram.quantile(buckets, 0.99), LatencyHistogram.quantile(buckets, 0.999),
        retries, exhausted);
  }

  private static void addInto(long[] into, long[] from) {
    for (int i = 0; i < into.length && i < from.length; i++) {
      into[i] += from[i];
    }
  }

  /**
   * Summed counters: per command {calls, errors, microseconds}, errors by code, the fine latency
   * buckets ({@link LatencyHistogram}), requests, the sum
   * of their latencies and three quantiles (µs), retries and exhausted retry budgets.
   */
  public record Snapshot(Map<String, long[]> byCommand, Map<String, Long> errorsByCode,
      long[] latencyBuckets, long requests,
      long sumMicros, long p50Micros, long p99Micros, long p999Micros, long retries,
      long retriesExhausted) {}
}
