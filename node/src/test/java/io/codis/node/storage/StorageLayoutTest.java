package io.codis.node.storage;

import static io.codis.node.storage.Stores.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ZSetValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk layout: O(1) writes into big collections, versions, slot ranges, flushes. */
class StorageLayoutTest {
  @TempDir Path dir;

  @Test
  void oneFieldOfAMillionFieldHashWritesConstantRecords() {
    int fields = 1_000_000;
    int perBatch = 50_000;
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      for (int start = 0; start < fields; start += perBatch) {
        int from = start;
        Stores.commit(e, t -> {
          for (int i = from; i < from + perBatch; i++) {
            t.hashPut(b("big"), b("f" + i), b("v" + i), false);
          }
        });
      }
      // A new field: the field record and the metadata (its size changed).
      assertEquals(2, Stores.commit(e, t -> t.hashPut(b("big"), b("new"), b("x"), false)));
      // An existing field: only the field record.
      assertEquals(1, Stores.commit(e, t -> t.hashPut(b("big"), b("f42"), b("changed"), true)));
      // A deleted field: the field tombstone and the metadata.
      assertEquals(2, Stores.commit(e, t -> t.hashDelete(b("big"), b("f7"))));
      // The same in a sorted set: new member = member record + score index + metadata.
      ZSetValue z = new ZSetValue(100_000, 0);
      for (int i = 0; i < 100_000; i++) {
        z.put(b("m" + i), i);
      }
      Stores.commit(e, t -> t.putValue(b("bigz"), z, 0));
      assertEquals(3, Stores.commit(e, t -> t.zsetPut(b("bigz"), b("new"), null, 1.5)));
      assertEquals(3, Stores.commit(e, t -> t.zsetPut(b("bigz"), b("m3"), 3.0, -3.0)));
      assertEquals(2, Stores.commit(e, t -> t.listPushTail(b("list"), b("a"))));

      HashValue loaded = (HashValue) e.load(b("big")).value();
      assertEquals(fields, loaded.size());
      assertArrayEquals(b("changed"), loaded.get(b("f42")));
      assertNull(loaded.get(b("f7")));
      assertArrayEquals(b("x"), loaded.get(b("new")));
    }
  }

  @Test
  void overwritingACollectionBumpsTheVersionAndRangeDeletesTheOldSubKeys() throws Exception {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        for (int i = 0; i < 100; i++) {
          t.hashPut(b("h"), b("old" + i), b("v"), false);
        }
      });
      int slot = e.slotOf(b("h"));
      long oldVersion = e.readMetadata(slot, b("h")).version;
      byte[] oldPrefix = KeyCodec.versionPrefix(slot, b("h"), oldVersion);
      assertEquals(100, Stores.rawKeys(e, Column.SUBKEYS, oldPrefix, KeyCodec.successor(oldPrefix)).size());

      // DEL writes: the metadata tombstone and one range delete, not 100 tombstones.
      assertEquals(2, Stores.commit(e, t -> t.deleteKey(b("h"))));
      assertTrue(Stores.rawKeys(e, Column.SUBKEYS, oldPrefix, KeyCodec.successor(oldPrefix)).isEmpty());

      // A record of the old incarnation that survived anyway (simulated) is never read as part of
      // the new one: the new hash has a new version, so a different range.
      byte[] stray = KeyCodec.subKey(oldPrefix, b("ghost"));
      Stores.rawPut(e, Column.SUBKEYS, stray, RecordChecksum.seal(stray, b("boo")));
      Stores.commit(e, t -> t.hashPut(b("h"), b("new"), b("v"), false));
      long newVersion = e.readMetadata(slot, b("h")).version;
      assertTrue(newVersion > oldVersion, "version must grow: " + oldVersion + " -> " + newVersion);
      HashValue h = (HashValue) e.load(b("h")).value();
      assertEquals(1, h.size());
      assertNull(h.get(b("ghost")));
    }
  }

  @Test
  void aSlotIsOneContiguousRangeAndFlushSlotRemovesExactlyIt() {
    Random random = new Random(42);
    List<byte[]> keys = new ArrayList<>();
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        for (int i = 0; i < 3000; i++) {
          // Random binary bytes, made unique by the index at the end.
          byte[] tail = b("#" + i);
          byte[] key = new byte[random.nextInt(12) + tail.length];
          random.nextBytes(key);
          System.arraycopy(tail, 0, key, key.length - tail.length, tail.length);
          keys.add(key);
          if (i % 3 == 0) {
            t.putString(key, key, 0);
          } else if (i % 3 == 1) {
            t.setAdd(key, b("m1"));
            t.setAdd(key, b("m2"));
          } else {
            t.zsetPut(key, b("m"), null, i);
          }
        }
      });
      // Raw metadata records come out slot by slot.
      int previous = -1;
      for (byte[] metaKey : Stores.allRawKeys(e, Column.METADATA)) {
        int slot = KeyCodec.slotOfMetaKey(metaKey);
        assertTrue(slot >= previous, "slots out of order");
        assertEquals(slot, e.slotOf(KeyCodec.userKey(metaKey, 0)), "key stored under the wrong slot");
        previous = slot;
      }
      int target = e.slotOf(keys.get(0));
      Set<String> expected = new HashSet<>();
      for (byte[] key : keys) {
        if (e.slotOf(key) == target) {
          expected.add(java.util.HexFormat.of().formatHex(key));
        }
      }
      // Paged slot scan: two keys per page, continuing after the last key returned.
      Set<String> scanned = new HashSet<>();
      byte[] after = null;
      for (List<byte[]> page = e.slotKeys(target, null, 2); !page.isEmpty(); page = e.slotKeys(target, after, 2)) {
        for (byte[] key : page) {
          assertTrue(scanned.add(java.util.HexFormat.of().formatHex(key)), "key returned twice");
        }
        after = page.get(page.size() - 1);
      }
      assertEquals(expected, scanned);

      Stores.commit(e, t -> t.flushSlot(target));
      assertTrue(e.slotKeys(target, null, 100).isEmpty());
      byte[] start = KeyCodec.slotStart(target);
      byte[] end = KeyCodec.slotStart(target + 1);
      assertTrue(Stores.rawKeys(e, Column.SUBKEYS, start, end).isEmpty());
      assertTrue(Stores.rawKeys(e, Column.ZSET_SCORES, start, end).isEmpty());
      for (byte[] key : keys) {
        if (e.slotOf(key) != target) {
          assertNotNull(e.load(key), "flushSlot touched another slot");
        }
      }

      Stores.commit(e, t -> t.flushAll());
      for (Column column : Column.values()) {
        assertTrue(Stores.allRawKeys(e, column).isEmpty(), column + " not empty after flushAll");
      }
    }
  }
}
