package io.codis.node.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick, honest-to-the-machine measurement of commit rates per appendfsync mode (not a test):
 * one thread commits one-string batches for {@code seconds}, with at most {@code inFlight}
 * unacknowledged writes (1 = a client waiting for every reply; more = many clients sharing syncs).
 *
 * <pre>mvn -B -q -o test-compile dependency:build-classpath -pl node -am -Dmdep.outputFile=target/test-cp.txt
 * java -cp "$(cat node/target/test-cp.txt):node/target/classes:node/target/test-classes:protocol/target/classes" \
 *   io.codis.node.storage.StoragePutRate 2 1 64</pre>
 */
public final class StoragePutRate {
  private StoragePutRate() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    for (int i = 1; i < Math.max(args.length, 2); i++) {
      int inFlight = args.length > i ? Integer.parseInt(args[i]) : 1;
      for (FsyncMode mode : FsyncMode.values()) {
        run(mode, seconds, inFlight);
      }
    }
  }

  private static void run(FsyncMode mode, double seconds, int inFlight) throws Exception {
    Path dir = Files.createTempDirectory("codis-putrate");
    try (StorageEngine e = StorageEngine.open(StorageOptions.of(dir, mode))) {
      Semaphore window = new Semaphore(inFlight);
      AtomicLong acked = new AtomicLong();
      long end = System.nanoTime() + (long) (seconds * 1e9);
      long n = 0;
      long start = System.nanoTime();
      while (System.nanoTime() < end) {
        window.acquire();
        StoreBatch batch = e.newBatch();
        batch.putString(("key:" + n).getBytes(StandardCharsets.US_ASCII), "value-0123456789".getBytes(StandardCharsets.US_ASCII), 0);
        batch.commit(() -> {
          acked.incrementAndGet();
          window.release();
        });
        n++;
      }
      window.acquire(inFlight);
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf("%-8s in-flight %4d: %9.0f puts/s, %6d WAL syncs for %d writes%n",
          mode.configName(), inFlight, acked.get() / elapsed, e.stats().walSyncs(), acked.get());
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    TimeUnit.MILLISECONDS.sleep(100);
  }
}
