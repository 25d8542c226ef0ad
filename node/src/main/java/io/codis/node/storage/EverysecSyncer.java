package io.codis.node.storage;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code appendfsync everysec}: a background thread syncs the WAL once per interval while the mode
 * is active. It runs for the engine's whole life and checks the mode on each tick, so CONFIG SET
 * can switch modes without starting or stopping threads. A failed sync is logged and retried on
 * the next tick, as Redis does for its background fsync.
 */
final class EverysecSyncer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EverysecSyncer.class);

  private final ScheduledExecutorService timer;

  EverysecSyncer(RocksDB db, long intervalMs, BooleanSupplier active, StorageStats stats) {
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "codis-wal-everysec");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      if (!active.getAsBoolean()) {
        return;
      }
      try {
        db.flushWal(true);
        stats.walSynced();
      } catch (RocksDBException | RuntimeException e) {
        LOG.error("background WAL sync failed", e);
      }
    }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
