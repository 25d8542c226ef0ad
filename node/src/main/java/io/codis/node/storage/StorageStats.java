package io.codis.node.storage;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the durable tier, for INFO persistence, tests and the benchmark. Thread-safe. */
public final class StorageStats {
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong walSyncs = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  void batchWritten(int recordCount) {
    batches.incrementAndGet();
    records.addAndGet(recordCount);
  }

  void bytesWritten(long n) {
    bytes.addAndGet(n);
  }

  void walSynced() {
    walSyncs.incrementAndGet();
  }

  /** Write batches committed. */
  public long batches() {
    return batches.get();
  }

  /** Records (puts, deletes, range deletes) in those batches. */
  public long records() {
    return records.get();
  }

  /** Bytes of those batches (RocksDB's batch data size: keys, values and record headers). */
  public long bytes() {
    return bytes.get();
  }

  /** WAL syncs done (group commits under always, ticks under everysec). */
  public long walSyncs() {
    return walSyncs.get();
  }
}
