package io.codis.node.storage;

import static io.codis.node.storage.Stores.b;
import static io.codis.node.storage.Stores.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.HashValue;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/**
 * The metadata cache lets a batch skip the metadata read before a write; these check that what a
 * batch then writes is exactly what it would have written after the read (under a second or so).
 */
class MetadataCacheTest {
  @TempDir Path dir;

  @Test
  void aCommittedBatchLeavesWhatItWroteAndTheAbsentKeysItSaw() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        t.putString(b("s"), b("v"), 0);
        t.deleteKey(b("never"));
      });
      assertEquals(0, e.cachedMetadata(b("s")).expireAtMs);
      assertNull(e.cachedMetadata(b("s")).string, "a cached string keeps its shape only");
      assertSame(MetadataCache.ABSENT, e.cachedMetadata(b("never")));
      Stores.commit(e, t -> t.deleteKey(b("s")));
      assertSame(MetadataCache.ABSENT, e.cachedMetadata(b("s")));
    }
  }

  @Test
  void anExpiryOnACachedStringKeepsItsBytes() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> t.putString(b("s"), b("value"), 0));
      Stores.commit(e, t -> t.setExpiry(b("s"), 5_000));
      StoredValue stored = e.load(b("s"));
      assertEquals("value", s((byte[]) stored.value()));
      assertEquals(5_000, stored.expireAtMs());
      // the old expiry entry is moved, not left behind
      Stores.commit(e, t -> t.putString(b("s"), b("w"), 0));
      assertTrue(Stores.allRawKeys(e, Column.EXPIRY).isEmpty());
    }
  }

  @Test
  void aStringOverACachedCollectionStillDropsItsSubKeys() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      HashValue h = new HashValue();
      h.put(b("f1"), b("v1"));
      h.put(b("f2"), b("v2"));
      Stores.commit(e, t -> t.putValue(b("h"), h, 0));
      Stores.commit(e, t -> t.hashPut(b("h"), b("f3"), b("v3"), false));
      assertEquals(3, e.cachedMetadata(b("h")).size);
      Stores.commit(e, t -> t.putString(b("h"), b("now a string"), 0));
      assertEquals("now a string", s((byte[]) e.load(b("h")).value()));
      // a range delete hides the sub-keys from iterators
      assertTrue(Stores.allRawKeys(e, Column.SUBKEYS).isEmpty());
    }
  }

  @Test
  void rawCommitsAndFlushesForgetEverything() throws Exception {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> t.putString(b("s"), b("v"), 0));
      try (WriteBatch raw = new WriteBatch()) {
        e.commit(raw, null);
      }
      assertNull(e.cachedMetadata(b("s")));
      Stores.commit(e, t -> t.putString(b("s"), b("v"), 0));
      Stores.commit(e, StoreBatch::flushAll);
      assertNull(e.cachedMetadata(b("s")));
      assertNull(e.load(b("s")));
    }
  }

  @Test
  void theCacheIsBoundedAndCanBeOff() {
    StorageLimits small = new StorageLimits(16, 16, 10, 1000, 2);
    try (StorageEngine e = StorageEngine.open(new StorageOptions(dir.resolve("a"), FsyncMode.NO, 1024, small))) {
      Stores.commit(e, t -> {
        for (int i = 0; i < 5; i++) {
          t.putString(b("k" + i), b("v"), 0);
        }
      });
      assertEquals(2, e.metadataCache().size());
    }
    StorageLimits off = new StorageLimits(16, 16, 10, 1000, 0);
    try (StorageEngine e = StorageEngine.open(new StorageOptions(dir.resolve("b"), FsyncMode.NO, 1024, off))) {
      Stores.commit(e, t -> t.putString(b("k"), b("v"), 0));
      assertNull(e.cachedMetadata(b("k")));
    }
  }
}
