import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.meta.client.MetaException;
import io.codis.meta.client.model.WatchResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metaserver micro-benchmarks, run as a single-file program by run.sh against live peers.
 *   throughput ADDRS SECONDS THREADS [WARMUP_SECONDS] : committed key/value writes per second and
 *       latencies, measured after WARMUP_SECONDS of uncounted writes (the peers' JIT warm-up)
 *   watch ADDRS WATCHERS ROUNDS      : time from a committed topology change to each watcher's wake-up
 */
public class MetaBench {
  public static void main(String[] args) throws Exception {
    List<String> addrs = List.of(args[1].split(","));
    switch (args[0]) {
      case "throughput" -> {
        int threads = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        if (warmup > 0) {
          run(addrs, warmup, threads);
        }
        throughput(addrs, Integer.parseInt(args[2]), threads);
      }
      case "watch" -> watch(addrs, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static void throughput(List<String> addrs, int seconds, int threads) throws Exception {
    long[] all = run(addrs, seconds, threads);
    System.out.printf("throughput: %d threads, %d s: %.0f committed writes/s, %d failed, "
        + "latency p50 %.1f ms p99 %.1f ms%n", threads, seconds, all.length / (double) seconds,
        lastFailed, pct(all, 50), pct(all, 99));
  }

  private static long lastFailed;

  /** Writes from THREADS threads for SECONDS; returns the sorted latencies of committed writes. */
  static long[] run(List<String> addrs, int seconds, int threads) throws Exception {
    MetaClient client = new MetaClient(addrs);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<long[]> lat = new ArrayList<>();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long[] mine = new long[1 << 20];
      lat.add(mine);
      int id = t;
      Thread th = new Thread(() -> {
        int n = 0;
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          try {
            client.kvPut("bench-" + id, Integer.toString(n));
            if (n < mine.length) {
              mine[n] = System.nanoTime() - t0;
            }
            n++;
            ok.incrementAndGet();
          } catch (MetaException e) {
            failed.incrementAndGet();
          }
        }
        mine[mine.length - 1] = n;
      });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    long total = ok.get();
    long[] all = new long[(int) total];
    int k = 0;
    for (long[] mine : lat) {
      int n = (int) Math.min(mine[mine.length - 1], mine.length - 1);
      System.arraycopy(mine, 0, all, k, n);
      k += n;
    }
    all = Arrays.copyOf(all, k);
    Arrays.sort(all);
    lastFailed = failed.get();
    return all;
  }

  static void watch(List<String> addrs, int watchers, int rounds) throws Exception {
    MetaClient admin = new MetaClient(addrs);
    try {
      admin.initCluster(1024);
    } catch (MetaException e) {
      // already initialised
    }
    for (int r = 0; r < rounds; r++) {
      long v = admin.cluster().version();
      long[] wokeAt = new long[watchers];
      CountDownLatch done = new CountDownLatch(watchers);
      for (int w = 0; w < watchers; w++) {
        int id = w;
        MetaClient c = new MetaClient(List.of(addrs.get(w % addrs.size())),
            new MetaClientOptions(1_000, 10_000, 10_000, 50, 20_000));
        Thread th = new Thread(() -> {
          try {
            WatchResult res = c.watch(v, 15_000);
            wokeAt[id] = res.changed() ? System.nanoTime() : -1;
          } catch (MetaException e) {
            wokeAt[id] = -1;
          }
          done.countDown();
        });
        th.setDaemon(true);
        th.start();
      }
      Thread.sleep(1_500);
      long t0 = System.nanoTime();
      admin.setSlotsOffline(r % 1024, r % 1024);
      done.await();
      long[] ns = Arrays.stream(wokeAt).filter(x -> x > 0).map(x -> x - t0).sorted().toArray();
      System.out.printf("watch round %d: %d/%d watchers woke; time from sending the write: "
          + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", r, ns.length, watchers, pct(ns, 50),
          pct(ns, 99), pct(ns, 100));
    }
  }

  /** The p-th percentile of sorted nanosecond values, in milliseconds (-1 when empty). */
  static double pct(long[] sortedNanos, int p) {
    if (sortedNanos.length == 0) {
      return -1;
    }
    int i = Math.max(0, Math.min(sortedNanos.length - 1, (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1));
    return sortedNanos[i] / 1_000_000.0;
  }
}
