package io.codis.node.storage;

import static io.codis.node.storage.Stores.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageLimitsTest {
  @TempDir Path dir;

  private StorageEngine open(StorageLimits limits) {
    return StorageEngine.open(new StorageOptions(dir, FsyncMode.ALWAYS, 1024, limits));
  }

  @Test
  void aDurabilityQueueOfOneBlocksCommittersButLosesNothing() throws Exception {
    try (StorageEngine e = open(new StorageLimits(1, 1, 10, 1000))) {
      CountDownLatch done = new CountDownLatch(50);
      for (int i = 0; i < 50; i++) {
        StoreBatch batch = e.newBatch();
        batch.putString(b("k" + i), b("v"), 0);
        batch.commit(done::countDown);
      }
      assertTrue(done.await(30, TimeUnit.SECONDS));
      // syncGroupMax 1: every callback got its own sync.
      assertEquals(50, e.stats().walSyncs());
    }
  }

  @Test
  void scansReturnAtMostScanBatchMax() {
    try (StorageEngine e = open(new StorageLimits(16, 16, 3, 1000))) {
      Stores.commit(e, t -> {
        for (int i = 0; i < 10; i++) {
          t.putString(b("k" + i), b("v"), 100 + i);
        }
      });
      assertEquals(3, e.scanExpired(Long.MAX_VALUE, 100).size());
      assertEquals(2, e.scanExpired(Long.MAX_VALUE, 2).size());
    }
  }

  @Test
  void limitsMustBePositiveAndSlotsFitTwoBytes() {
    assertThrows(IllegalArgumentException.class, () -> new StorageLimits(0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new StorageLimits(1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new StorageOptions(dir, FsyncMode.NO, KeyCodec.SLOT_LIMIT + 1, StorageLimits.DEFAULTS));
    new StorageOptions(dir, FsyncMode.NO, KeyCodec.SLOT_LIMIT, StorageLimits.DEFAULTS);
  }

  @Test
  void aClosedEngineRefusesWork() {
    StorageEngine e = open(StorageLimits.DEFAULTS);
    e.close();
    e.close(); // idempotent
    assertThrows(StorageException.class, () -> e.load(b("k")));
    assertThrows(StorageException.class, () -> e.commit(new org.rocksdb.WriteBatch(), null));
  }
}
