package io.codis.node.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for {@code appendfsync always}: one thread that syncs the WAL and then releases the
 * callbacks of every write it covered.
 *
 * <p>The committing thread writes its batch itself (memtable + WAL append, no sync) and then queues
 * its callback here. The sync thread takes everything queued (at most {@code syncGroupMax}), calls
 * {@code flushWal(true)} once, and runs those callbacks. Every queued callback's batch was written
 * before it was queued, so that one sync covers all of them; writes that arrive while a sync runs
 * wait for the next one, which is how many writes end up sharing one sync. Writing on the caller's
 * thread keeps reads of the database in commit order (a later command sees an earlier one's write
 * even before it is synced), which is also Redis's behaviour: the value is visible at once, the
 * reply waits for the fsync.
 *
 * <p>Callbacks run on the sync thread, in commit order, and must be short (hand the reply to the
 * event loop). If a sync fails the queued callbacks are dropped (those writes were never
 * acknowledged) and the failure is reported once; the engine then refuses new writes.
 */
final class WalSyncer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalSyncer.class);
  private static final Runnable STOP = () -> {};

  private final RocksDB db;
  private final StorageStats stats;
  private final int syncGroupMax;
  private final Consumer<Throwable> onFailure;
  private final BlockingQueue<Runnable> queue;
  /** Callbacks queued and not yet run: a commit in another mode waits behind them to keep order. */
  private final AtomicInteger pending = new AtomicInteger();
  private final Thread thread;

  WalSyncer(RocksDB db, StorageLimits limits, StorageStats stats, Consumer<Throwable> onFailure) {
    this.db = db;
    this.stats = stats;
    this.syncGroupMax = limits.syncGroupMax();
    this.onFailure = onFailure;
    this.queue = new ArrayBlockingQueue<>(limits.durabilityQueueMax());
    this.thread = new Thread(this::run, "codis-wal-sync");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a callback for the next sync; blocks while the queue is full. */
  void enqueue(Runnable onDurable) {
    pending.incrementAndGet();
    try {
      queue.put(onDurable);
    } catch (InterruptedException e) {
      pending.decrementAndGet();
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for the WAL sync queue", e);
    }
  }

  boolean hasPending() {
    return pending.get() > 0;
  }

  private void run() {
    List<Runnable> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      group.clear();
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(group, syncGroupMax - 1);
      stopping = group.remove(STOP);
      if (group.isEmpty()) {
        continue;
      }
      try {
        db.flushWal(true);
        stats.walSynced();
      } catch (RocksDBException | RuntimeException e) {
        LOG.error("WAL sync failed; {} writes stay unacknowledged", group.size(), e);
        pending.addAndGet(-group.size());
        onFailure.accept(e);
        continue;
      }
      for (Runnable callback : group) {
        try {
          callback.run();
        } catch (RuntimeException e) {
          LOG.error("durability callback failed", e);
        }
      }
      pending.addAndGet(-group.size());
    }
  }

  /** Syncs and releases everything queued so far, then stops the thread. */
  @Override
  public void close() {
    try {
      queue.put(STOP);
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
