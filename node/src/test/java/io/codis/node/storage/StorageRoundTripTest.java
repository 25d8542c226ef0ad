package io.codis.node.storage;

import static io.codis.node.storage.Stores.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.keyspace.ZSkipList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every type written through the typed API, read back by load, also after a reopen. */
class StorageRoundTripTest {
  @TempDir Path dir;

  private static final byte[] BINARY_KEY = {0, (byte) 0xFF, '\r', '\n', 0, 'k'};
  private static final byte[] BINARY_MEMBER = {(byte) 0x80, 0, 0, (byte) 0xFE};

  @Test
  void stringsWithBinaryKeysValuesAndExpiry() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        t.putString(BINARY_KEY, BINARY_MEMBER, 0);
        t.putString(b("empty"), new byte[0], 0);
        t.putString(b("ttl"), b("v"), 1_900_000_000_000L);
      });
    }
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      StoredValue v = e.load(BINARY_KEY);
      assertArrayEquals(BINARY_MEMBER, (byte[]) v.value());
      assertEquals(StorageEngine.NO_EXPIRY, v.expireAtMs());
      assertArrayEquals(new byte[0], (byte[]) e.load(b("empty")).value());
      assertEquals(1_900_000_000_000L, e.load(b("ttl")).expireAtMs());
      assertNull(e.load(b("missing")));
      Stores.commit(e, t -> assertTrue(t.deleteKey(BINARY_KEY)));
      assertNull(e.load(BINARY_KEY));
      Stores.commit(e, t -> assertFalse(t.deleteKey(BINARY_KEY)));
    }
  }

  @Test
  void hashesThroughFieldOperations() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        t.hashPut(BINARY_KEY, BINARY_MEMBER, b("v1"), false);
        t.hashPut(BINARY_KEY, b("f2"), b("v2"), false);
        t.hashPut(BINARY_KEY, b("f2"), b("v2b"), true);
        t.hashPut(BINARY_KEY, b("gone"), b("x"), false);
        t.hashDelete(BINARY_KEY, b("gone"));
      });
      HashValue h = (HashValue) e.load(BINARY_KEY).value();
      assertEquals(2, h.size());
      assertArrayEquals(b("v1"), h.get(BINARY_MEMBER));
      assertArrayEquals(b("v2b"), h.get(b("f2")));
      // Removing the last fields removes the key, as Redis does.
      Stores.commit(e, t -> {
        t.hashDelete(BINARY_KEY, BINARY_MEMBER);
        t.hashDelete(BINARY_KEY, b("f2"));
      });
      assertNull(e.load(BINARY_KEY));
      assertTrue(Stores.allRawKeys(e, Column.SUBKEYS).isEmpty());
    }
  }

  @Test
  void setsThroughMemberOperations() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        t.setAdd(b("s"), BINARY_MEMBER);
        t.setAdd(b("s"), b(""));
        t.setAdd(b("s"), b("x"));
        t.setRemove(b("s"), b("x"));
      });
      SetValue s = (SetValue) e.load(b("s")).value();
      assertEquals(2, s.size());
      assertTrue(s.contains(BINARY_MEMBER));
      assertTrue(s.contains(new byte[0]));
    }
  }

  @Test
  void sortedSetsKeepScoresIncludingNegativeZeroInABigSet() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        for (int i = 0; i < 200; i++) {
          t.zsetPut(b("z"), b("m" + i), null, i);
        }
        t.zsetPut(b("z"), BINARY_MEMBER, null, -0.0);
        t.zsetPut(b("z"), b("m5"), 5.0, Double.NEGATIVE_INFINITY);
        t.zsetPut(b("z"), b("m6"), 6.0, 6.0); // unchanged: writes nothing
        t.zsetRemove(b("z"), b("m7"), 7);
      });
    }
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      ZSetValue z = (ZSetValue) e.load(b("z")).value();
      assertEquals(200, z.size());
      assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(z.score(BINARY_MEMBER)));
      assertEquals(Double.NEGATIVE_INFINITY, z.score(b("m5")));
      assertNull(z.score(b("m7")));
      ZSkipList.Node first = z.order().first();
      assertArrayEquals(b("m5"), first.member());
      // The score index holds exactly one entry per member, in (score, member) order.
      List<byte[]> index = Stores.allRawKeys(e, Column.ZSET_SCORES);
      assertEquals(200, index.size());
      List<Double> scores = new ArrayList<>();
      for (byte[] k : index) {
        scores.add(OrderedBytes.getDouble(k, k.length - 8 - memberLength(k)));
      }
      for (int i = 0; i + 1 < scores.size(); i++) {
        assertTrue(Double.compare(scores.get(i), scores.get(i + 1)) <= 0, "score index out of order");
      }
    }
  }

  /** The member is the tail of a score key: after prefix (2 + 4 + key) + version 8 + score 8. */
  private static int memberLength(byte[] scoreKey) {
    int keyLength = OrderedBytes.getInt(scoreKey, 2);
    return scoreKey.length - (2 + 4 + keyLength + 8 + 8);
  }

  @Test
  void listsThroughPushPopSetAndRewrite() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        t.listPushTail(b("l"), b("c"));
        t.listPushHead(b("l"), b("b"));
        t.listPushHead(b("l"), b("a"));
        t.listPushTail(b("l"), BINARY_MEMBER);
        t.listPushTail(b("l"), b("tail"));
        t.listPopTail(b("l"));
        t.listSet(b("l"), 1, b("B"));
      });
      assertEquals(List.of("a", "B", "c"), strings((ListValue) e.load(b("l")).value(), 3));
      assertArrayEquals(BINARY_MEMBER, ((ListValue) e.load(b("l")).value()).get(3));
      Stores.commit(e, t -> t.listPopHead(b("l")));
      assertEquals(List.of("B", "c"), strings((ListValue) e.load(b("l")).value(), 2));
      Stores.commit(e, t -> t.setExpiry(b("l"), 2_000_000_000_000L));
      ListValue rewritten = new ListValue();
      rewritten.addLast(b("x"));
      rewritten.addLast(b("y"));
      Stores.commit(e, t -> t.listRewrite(b("l"), rewritten));
      StoredValue v = e.load(b("l"));
      assertEquals(List.of("x", "y"), strings((ListValue) v.value(), 2));
      assertEquals(2_000_000_000_000L, v.expireAtMs(), "LINSERT/LREM keep the TTL");
      assertThrows(IllegalArgumentException.class, () -> Stores.commit(e, t -> t.listSet(b("l"), 2, b("z"))));
    }
  }

  @Test
  void putValueWritesWholeValuesAndReplacesOtherTypes() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      HashValue h = new HashValue();
      h.put(b("f"), b("v"));
      SetValue s = new SetValue();
      s.add(b("m"));
      Stores.commit(e, t -> {
        t.putString(b("k"), b("string first"), 0);
        t.putValue(b("k"), h, 0);
        t.putValue(b("s"), s, 0);
        t.putValue(b("empty"), new SetValue(), 0);
      });
      assertArrayEquals(b("v"), ((HashValue) e.load(b("k")).value()).get(b("f")));
      assertTrue(((SetValue) e.load(b("s")).value()).contains(b("m")));
      assertNull(e.load(b("empty")), "an empty collection is not stored");
      // A hash overwritten by a string leaves no sub-keys behind.
      Stores.commit(e, t -> t.putString(b("k"), b("now a string"), 0));
      assertArrayEquals(b("now a string"), (byte[]) e.load(b("k")).value());
      assertEquals(1, Stores.allRawKeys(e, Column.SUBKEYS).size(), "only the set's member is left");
      // A WRONGTYPE that slipped past the handler is a bug, reported before anything is written.
      assertThrows(IllegalStateException.class, () -> Stores.commit(e, t -> t.setAdd(b("k"), b("m"))));
    }
  }

  private static List<String> strings(ListValue list, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Stores.s(list.get(i)));
    }
    return out;
  }
}
