package io.codis.node.persistence;

import io.codis.node.storage.StorageEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SAVE and BGSAVE as RocksDB checkpoints: each one is a new directory
 * {@code <dir>/checkpoints/<epoch ms>} (hard links to the SST files plus a flushed memtable: no
 * fork, no copy, no stall of writers), and only the newest {@link #KEEP} are kept, since each pins
 * the SST files it links. A checkpoint directory opens as a database with the content as of the
 * call; backup = copy the newest one elsewhere, restore = stop the node, replace {@code <dir>/data}
 * with the copy, start it.
 */
public final class Checkpoints implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  /** Checkpoints kept; older ones are deleted after a successful save. */
  static final int KEEP = 3;

  private final StorageEngine engine;
  private final Path root;
  private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "codis-bgsave");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean inProgress;
  private volatile long startedMs;
  private volatile boolean lastOk = true;
  private volatile long lastDurationSec = -1;
  private volatile long saves;
  /** Keys written since the last save began (rdb_changes_since_last_save). */
  private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
  private volatile Path last;

  Checkpoints(StorageEngine engine, Path root) {
    this.engine = engine;
    this.root = root;
  }

  void changed(long keys) {
    changes.addAndGet(keys);
  }

  /** SAVE: a checkpoint now, on the calling thread; returns its directory. */
  public synchronized Path save() {
    long changesBefore = changes.get();
    Path dir = nextDir();
    engine.checkpoint(dir);
    changes.addAndGet(-changesBefore);
    saves++;
    last = dir;
    prune();
    LOG.info("checkpoint saved to {}", dir);
    return dir;
  }

  /** BGSAVE: false when one is already running. */
  public boolean saveInBackground() {
    synchronized (this) {
      if (inProgress) {
        return false;
      }
      inProgress = true;
      startedMs = System.currentTimeMillis();
    }
    background.execute(() -> {
      try {
        save();
        lastOk = true;
      } catch (RuntimeException e) {
        lastOk = false;
        LOG.error("background checkpoint failed", e);
      } finally {
        lastDurationSec = (System.currentTimeMillis() - startedMs) / 1000;
        inProgress = false;
      }
    });
    return true;
  }

  private Path nextDir() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new io.codis.node.storage.StorageException("cannot create " + root + ": " + e.getMessage(), e);
    }
    long now = System.currentTimeMillis();
    Path dir = root.resolve(Long.toString(now));
    for (int n = 1; Files.exists(dir); n++) {
      dir = root.resolve(now + "-" + n);
    }
    return dir;
  }

  /** Deletes all but the newest {@link #KEEP} checkpoints. */
  private void prune() {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> list = Files.list(root)) {
      list.filter(Files::isDirectory).forEach(all::add);
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", root, e.toString());
      return;
    }
    all.sort(Comparator.comparing((Path p) -> {
      try {
        return Files.getLastModifiedTime(p).toMillis();
      } catch (IOException e) {
        return 0L;
      }
    }).thenComparing(Path::toString));
    for (int i = 0; i < all.size() - KEEP; i++) {
      deleteTree(all.get(i));
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", p, e.toString());
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }

  public boolean inProgress() {
    return inProgress;
  }

  /** Seconds the running BGSAVE has taken, or -1. */
  public long currentDurationSec() {
    return inProgress ? (System.currentTimeMillis() - startedMs) / 1000 : -1;
  }

  public boolean lastOk() {
    return lastOk;
  }

  public long lastDurationSec() {
    return lastDurationSec;
  }

  public long saves() {
    return saves;
  }

  public long changesSinceLastSave() {
    return changes.get();
  }

  public long lastSaveMs() {
    return engine.lastSaveMs();
  }

  /** The newest checkpoint directory written by this process, or null. */
  public Path last() {
    return last;
  }

  @Override
  public void close() {
    background.shutdown();
    try {
      background.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
