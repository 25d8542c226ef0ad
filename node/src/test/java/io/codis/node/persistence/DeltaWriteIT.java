package io.codis.node.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.ChangeJournal;
import io.codis.node.storage.StorageEngine;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hashes, sets and sorted sets already in the store are written as deltas: a write to a big
 * collection costs O(1) records, and renamed values, overflowed journals and restarts stay exact.
 */
@Timeout(180)
class DeltaWriteIT {
  private static final int BIG = 100_000;

  @TempDir Path dir;

  private static StorageEngine engine(TestNode node) {
    return node.server().services().persistence().engine();
  }

  private static void assertStoreMatches(TestNode node, RespClient c) throws Exception {
    assertEquals(Snapshots.ofClient(c), Snapshots.ofStore(engine(node),
        node.server().services().keyspace().slotCount(), System.currentTimeMillis()));
  }

  /** Records the node wrote to the store for one command. */
  private static long recordsFor(TestNode node, RespClient c, String... args) throws Exception {
    long before = engine(node).stats().records();
    c.call(args);
    return engine(node).stats().records() - before;
  }

  private static void fill(RespClient c, String command, String key, boolean scored, boolean valued) throws Exception {
    for (int start = 0; start < BIG; start += 1000) {
      List<String> args = new ArrayList<>(List.of(command, key));
      for (int i = start; i < start + 1000; i++) {
        if (scored) {
          args.add(Integer.toString(i));
        }
        args.add("m" + i);
        if (valued) {
          args.add("v" + i);
        }
      }
      c.call(args.toArray(String[]::new));
    }
  }

  @Test
  void writesToBigCollectionsCostConstantRecords() throws Exception {
    try (TestNode node = TestNode.start(PersistenceRestartIT.config(dir, "always"));
        RespClient c = node.client()) {
      fill(c, "HSET", "h", false, true);
      fill(c, "SADD", "s", false, false);
      fill(c, "ZADD", "z", true, false);
      List<String[]> writes = List.of(
          new String[] {"HSET", "h", "new", "x"},
          new String[] {"HSET", "h", "m5", "changed"},
          new String[] {"HDEL", "h", "m6"},
          new String[] {"HINCRBY", "h", "counter", "3"},
          new String[] {"SADD", "s", "new"},
          new String[] {"SREM", "s", "m5"},
          new String[] {"SADD", "s", "m7"},
          new String[] {"ZADD", "z", "-1", "new"},
          new String[] {"ZADD", "z", "12.5", "m5"},
          new String[] {"ZINCRBY", "z", "2", "m8"},
          new String[] {"ZREM", "z", "m9"},
          new String[] {"EXPIRE", "h", "1000"},
          new String[] {"HSET", "h", "after-expire", "y"});
      for (String[] w : writes) {
        long records = recordsFor(node, c, w);
        assertTrue(records <= 4, String.join(" ", w) + " wrote " + records + " records");
      }
      assertStoreMatches(node, c);
    }
    try (TestNode node = TestNode.start(PersistenceRestartIT.config(dir, "always"));
        RespClient c = node.client()) {
      assertEquals(":" + (BIG + 2), c.call("HLEN", "h").toString());
      assertEquals(":" + BIG, c.call("SCARD", "s").toString());
      // Values loaded from the store are journaled too.
      assertTrue(recordsFor(node, c, "ZADD", "z", "7", "loaded") <= 4);
      assertStoreMatches(node, c);
    }
  }

  @Test
  void renamedAndMovedValuesAreWrittenWhole() throws Exception {
    try (TestNode node = TestNode.start(PersistenceRestartIT.config(dir, "always"));
        RespClient c = node.client()) {
      for (String t : List.of("h", "s", "z")) {
        for (int i = 0; i < 20; i++) {
          switch (t) {
            case "h" -> c.call("HSET", "h", "f" + i, "v" + i);
            case "s" -> c.call("SADD", "s", "m" + i);
            default -> c.call("ZADD", "z", Integer.toString(i), "m" + i);
          }
        }
      }
      c.call("RENAME", "h", "h2");
      c.call("HSET", "h2", "f1", "changed", "new", "n");
      c.call("HDEL", "h2", "f2");
      assertStoreMatches(node, c);
      c.call("RENAME", "s", "s2");
      c.call("SADD", "s2", "x");
      c.call("SREM", "s2", "m3");
      c.call("RENAME", "z", "z2");
      c.call("ZADD", "z2", "100", "m4");
      c.call("ZREM", "z2", "m5");
      assertStoreMatches(node, c);
      // Away and back within one transaction: the store still holds the value as "h2".
      c.call("MULTI");
      c.call("HSET", "h2", "f3", "in-multi");
      c.call("RENAME", "h2", "h3");
      c.call("HDEL", "h3", "f4");
      c.call("RENAME", "h3", "h2");
      c.call("HSET", "h2", "f5", "last");
      c.call("EXEC");
      assertStoreMatches(node, c);
      // Replaced by a new value of another type, then a new hash under the old name.
      c.call("SET", "s2", "plain");
      c.call("HSET", "s2", "again", "1");
      c.call("DEL", "s2");
      c.call("HSET", "s2", "again", "2");
      // Emptied by deltas.
      for (int i = 0; i < 20; i++) {
        c.call("ZREM", "z2", "m" + i);
      }
      assertStoreMatches(node, c);
      Map<String, String> before = Snapshots.ofClient(c);
      c.close();
      node.close();
      try (TestNode again = TestNode.start(PersistenceRestartIT.config(dir, "always"));
          RespClient c2 = again.client()) {
        assertEquals(before, Snapshots.ofClient(c2));
      }
    }
  }

  @Test
  void anOverflowingJournalFallsBackToAWholeWrite() throws Exception {
    try (TestNode node = TestNode.start(PersistenceRestartIT.config(dir, "always"));
        RespClient c = node.client()) {
      for (int i = 0; i < 10; i++) {
        c.call("HSET", "h", "f" + i, "v" + i);
        c.call("SADD", "s", "m" + i);
        c.call("ZADD", "z", Integer.toString(i), "m" + i);
      }
      int n = ChangeJournal.MAX_ENTRIES + 10;
      List<String> hset = new ArrayList<>(List.of("HSET", "h"));
      List<String> sadd = new ArrayList<>(List.of("SADD", "s"));
      List<String> zadd = new ArrayList<>(List.of("ZADD", "z"));
      for (int i = 0; i < n; i++) {
        hset.add("g" + i);
        hset.add("w" + i);
        sadd.add("n" + i);
        zadd.add(Integer.toString(-i));
        zadd.add("n" + i);
      }
      c.call("MULTI");
      c.call("HDEL", "h", "f1");
      c.call(hset.toArray(String[]::new));
      c.call("SREM", "s", "m1");
      c.call(sadd.toArray(String[]::new));
      c.call("ZREM", "z", "m1");
      c.call(zadd.toArray(String[]::new));
      c.call("EXEC");
      assertStoreMatches(node, c);
      // After the whole write the value is journaled again.
      assertTrue(recordsFor(node, c, "HSET", "h", "f2", "x") <= 4);
      assertTrue(recordsFor(node, c, "SREM", "s", "m2") <= 4);
      assertTrue(recordsFor(node, c, "ZADD", "z", "5", "m3") <= 4);
      assertStoreMatches(node, c);
    }
  }
}
