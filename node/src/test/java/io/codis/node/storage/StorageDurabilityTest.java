package io.codis.node.storage;

import static io.codis.node.storage.Stores.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.HashValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** appendfsync modes, group commit and checkpoints. */
class StorageDurabilityTest {
  @TempDir Path dir;

  private static void put(StorageEngine e, String key, Runnable onDurable) {
    StoreBatch batch = e.newBatch();
    batch.putString(b(key), b(key), 0);
    batch.commit(onDurable);
  }

  @Test
  void alwaysReleasesCallbacksAfterASyncAndConcurrentWritesShareSyncs() throws Exception {
    int threads = 4;
    int perThread = 300;
    try (StorageEngine e = Stores.open(dir, FsyncMode.ALWAYS)) {
      CountDownLatch done = new CountDownLatch(threads * perThread);
      AtomicInteger callbacksBeforeTheirSync = new AtomicInteger();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int writer = w;
        Thread t = new Thread(() -> {
          for (int i = 0; i < perThread; i++) {
            long syncsAtSubmit = e.stats().walSyncs();
            put(e, "w" + writer + ":" + i, () -> {
              // Only a sync that finished after this write was submitted can release it.
              if (e.stats().walSyncs() <= syncsAtSubmit) {
                callbacksBeforeTheirSync.incrementAndGet();
              }
              done.countDown();
            });
          }
        });
        writers.add(t);
        t.start();
      }
      for (Thread t : writers) {
        t.join();
      }
      assertTrue(done.await(60, TimeUnit.SECONDS), "callbacks missing: " + done.getCount());
      assertEquals(0, callbacksBeforeTheirSync.get());
      long writes = (long) threads * perThread;
      long syncs = e.stats().walSyncs();
      assertTrue(syncs >= 1 && syncs < writes, syncs + " syncs for " + writes + " writes");
    }
  }

  @Test
  void writesOfOneTurnShareOneSyncAndCallbacksRunInCommitOrder() throws Exception {
    try (StorageEngine e = Stores.open(dir, FsyncMode.ALWAYS)) {
      // Warm up, then let the sync thread go idle so the next writes queue behind one sync at most.
      CountDownLatch warm = new CountDownLatch(1);
      put(e, "warm", warm::countDown);
      assertTrue(warm.await(10, TimeUnit.SECONDS));
      long before = e.stats().walSyncs();
      int writes = 200;
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(writes);
      for (int i = 0; i < writes; i++) {
        int n = i;
        put(e, "turn:" + i, () -> {
          order.add(n);
          done.countDown();
        });
      }
      assertTrue(done.await(30, TimeUnit.SECONDS));
      long syncs = e.stats().walSyncs() - before;
      assertTrue(syncs < writes, syncs + " syncs for " + writes + " writes of one turn");
      for (int i = 0; i < writes; i++) {
        assertEquals(i, order.get(i));
      }
    }
  }

  @Test
  void everysecAcknowledgesAtOnceAndSyncsInTheBackground() throws Exception {
    try (StorageEngine e = Stores.open(dir, FsyncMode.EVERYSEC)) {
      AtomicInteger acked = new AtomicInteger();
      for (int i = 0; i < 100; i++) {
        put(e, "k" + i, acked::incrementAndGet);
      }
      assertEquals(100, acked.get(), "everysec acknowledges on the committing thread");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (e.stats().walSyncs() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(e.stats().walSyncs() > 0, "no background sync within 5 s");
    }
  }

  @Test
  void noModeNeverSyncsAndSwitchingModesKeepsCallbackOrder() throws Exception {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      AtomicInteger acked = new AtomicInteger();
      put(e, "a", acked::incrementAndGet);
      assertEquals(1, acked.get());
      assertEquals(0, e.stats().walSyncs());
      e.fsyncMode(FsyncMode.ALWAYS);
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(50);
      for (int i = 0; i < 50; i++) {
        String key = "x" + i;
        if (i == 25) {
          e.fsyncMode(FsyncMode.NO);
        }
        put(e, key, () -> {
          order.add(key);
          done.countDown();
        });
      }
      assertTrue(done.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 50; i++) {
        assertEquals("x" + i, order.get(i), "a callback overtook an earlier one after the switch");
      }
    }
  }

  @Test
  void checkpointReopensToTheContentAtCheckpointTime() throws Exception {
    Path live = dir.resolve("live");
    Path snapshot = dir.resolve("snapshot");
    long saved;
    try (StorageEngine e = Stores.open(live, FsyncMode.EVERYSEC)) {
      long openedAt = e.lastSaveMs();
      Stores.commit(e, t -> {
        t.putString(b("s"), b("before"), 1_900_000_000_000L);
        for (int i = 0; i < 1000; i++) {
          t.hashPut(b("h"), b("f" + i), b("v" + i), false);
        }
        t.listPushTail(b("l"), b("one"));
        t.zsetPut(b("z"), b("m"), null, -0.0);
      });
      Thread.sleep(5);
      saved = e.checkpoint(snapshot);
      assertTrue(saved > openedAt && e.lastSaveMs() == saved);
      Stores.commit(e, t -> {
        t.putString(b("s"), b("after"), 0);
        t.putString(b("later"), b("x"), 0);
        t.hashDelete(b("h"), b("f1"));
      });
    }
    try (StorageEngine e = Stores.open(snapshot, FsyncMode.NO)) {
      StoredValue s = e.load(b("s"));
      assertArrayEquals(b("before"), (byte[]) s.value());
      assertEquals(1_900_000_000_000L, s.expireAtMs());
      assertNull(e.load(b("later")));
      HashValue h = (HashValue) e.load(b("h")).value();
      assertEquals(1000, h.size());
      assertArrayEquals(b("v1"), h.get(b("f1")));
      assertEquals(1, ((io.codis.node.keyspace.ListValue) e.load(b("l")).value()).size());
    }
  }
}
