package io.codis.node.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.NodeConfig;
import io.codis.node.tier.MemoryTier;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory tier with {@code appendonly yes}: a dataset about 3x larger than {@code maxmemory}
 * stays fully readable while the decoded values stay under the budget, a restart indexes the keys
 * and warms values lazily, and cold keys expire on time. About 15 s on a loaded 2-core machine.
 */
@Timeout(120)
class TierRestartIT {
  private static final long MAXMEMORY = 1024 * 1024;
  private static final int STRINGS = 2_400;

  @TempDir Path dir;

  private NodeConfig config() {
    return PersistenceRestartIT.config(dir, "everysec").withSetting("maxmemory", Long.toString(MAXMEMORY));
  }

  static long info(RespClient c, String field) throws Exception {
    String text = ((Reply.Bulk) c.call("INFO", "memory")).text();
    for (String line : text.split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1));
      }
    }
    throw new AssertionError("no " + field + " in INFO memory");
  }

  /** About 3 MB by the tier's own estimate: strings, and collections of every type, some with TTLs. */
  private static void writeDataset(RespClient c) throws Exception {
    String payload = "x".repeat(1000);
    for (int i = 0; i < STRINGS; i++) {
      c.send("SET", "s:" + i, i + payload);
      if (i % 7 == 0) {
        c.send("EXPIRE", "s:" + i, "10000");
      }
    }
    for (int i = 0; i < STRINGS; i++) {
      c.read();
      if (i % 7 == 0) {
        c.read();
      }
    }
    for (int k = 0; k < 40; k++) {
      for (int f = 0; f < 50; f++) {
        c.call("HSET", "h:" + k, "field" + f, "value-" + k + "-" + f + payload.substring(0, 20));
        c.call("RPUSH", "l:" + k, "e" + f);
        c.call("SADD", "set:" + k, "m" + f);
        c.call("ZADD", "z:" + k, Integer.toString(f * k), "m" + f);
      }
    }
    c.call("LPOP", "l:3");
    c.call("LSET", "l:4", "10", "changed");
    c.call("LTRIM", "l:5", "2", "-3");
    c.call("HDEL", "h:1", "field3");
    c.call("PEXPIRE", "z:2", "100000");
  }

  private static void assertUnderBudget(RespClient c, TestNode node) throws Exception {
    long used = info(c, "used_memory");
    assertTrue(used <= MAXMEMORY, "used_memory " + used + " > maxmemory " + MAXMEMORY);
    assertEquals(MAXMEMORY, info(c, "maxmemory"));
    MemoryTier tier = node.server().services().tier();
    long accounted = tier.usedBytes(); // read after a reply: the event loop is idle between commands
    assertTrue(accounted <= MAXMEMORY, "tier accounting " + accounted + " > " + MAXMEMORY);
  }

  @Test
  void datasetThreeTimesTheBudgetSurvivesRestartAndStaysUnderBudget() throws Exception {
    Map<String, String> before;
    long keys;
    try (TestNode node = TestNode.start(config()); RespClient c = node.client()) {
      writeDataset(c);
      assertUnderBudget(c, node);
      long cold = info(c, "tier_cold_keys");
      keys = ((Reply.Int) c.call("DBSIZE")).value();
      assertTrue(cold > keys / 2, "most keys must have gone cold: " + cold + " of " + keys);
      before = Snapshots.ofClient(c);
      assertUnderBudget(c, node);
      assertEquals(keys, before.size());
      // The dataset really is 3x the budget: its estimate with every value hot (a larger budget).
      assertEquals("+OK", c.call("CONFIG", "SET", "maxmemory", "1gb").toString());
      assertEquals(before, Snapshots.ofClient(c));
      long total = info(c, "used_memory");
      assertTrue(total >= 3 * MAXMEMORY, "dataset estimate " + total);
      System.out.printf("tier: dataset %d bytes (estimate) under maxmemory %d%n", total, MAXMEMORY);
      assertEquals("+OK", c.call("CONFIG", "SET", "maxmemory", Long.toString(MAXMEMORY)).toString());
      assertUnderBudget(c, node);
    }
    try (TestNode node = TestNode.start(config()); RespClient c = node.client()) {
      Persistence p = node.server().services().persistence();
      assertTrue(p.lazy(), "a node with maxmemory must index only");
      System.out.printf("tier restart: indexed %d keys in %d ms%n", p.loadedKeys(), p.loadMs());
      // Serves at once, every key known and cold: nothing decoded yet.
      assertEquals(keys, ((Reply.Int) c.call("DBSIZE")).value());
      assertEquals(keys, info(c, "tier_cold_keys"));
      assertEquals(0, info(c, "tier_cold_loads"));
      // Key-level commands on cold keys, without loading their values.
      assertEquals(":1", c.call("EXISTS", "s:1").toString());
      assertTrue(((Reply.Int) c.call("TTL", "s:7")).value() > 9000);
      assertEquals(":-1", c.call("TTL", "s:1").toString());
      assertEquals("+zset", c.call("TYPE", "z:9").toString());
      assertEquals(0, info(c, "tier_cold_loads") - 0, "EXISTS/TTL must not load values");
      assertEquals(Reply.Bulk.class, c.call("RANDOMKEY").getClass());
      // Every key, read through the tier, equals what was served before the restart.
      assertEquals(before, Snapshots.ofClient(c));
      assertUnderBudget(c, node);
      assertTrue(info(c, "tier_cold_loads") >= keys - 1, "values were loaded lazily");
      // Writes to cold keys: deltas on reloaded values, then the store equals what is served.
      c.call("RPUSH", "l:7", "tail");
      c.call("HSET", "h:8", "new", "v");
      c.call("APPEND", "s:11", "!");
      assertEquals(Snapshots.ofClient(c), PersistenceChecks.stored(node.server()));
    }
  }

  @Test
  void coldKeysExpireOnTimeAndLeaveTheStore() throws Exception {
    try (TestNode node = TestNode.start(config()); RespClient c = node.client()) {
      String payload = "y".repeat(2000);
      for (int i = 0; i < 1000; i++) {
        c.call("SET", "e:" + i, payload, "PX", i % 2 == 0 ? "300" : "600000");
      }
      assertTrue(info(c, "tier_cold_keys") > 400, "most of them are cold");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (((Reply.Int) c.call("DBSIZE")).value() > 500 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      // Active expiry reclaimed them (no client read them): gone from memory and from RocksDB.
      assertEquals(500, ((Reply.Int) c.call("DBSIZE")).value());
      var engine = node.server().services().persistence().engine();
      for (int i = 0; i < 1000; i += 2) {
        assertFalse(engine.exists(("e:" + i).getBytes()), "e:" + i + " still stored");
      }
      assertTrue(engine.exists("e:1".getBytes()));
    }
  }
}
