package io.codis.node.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.node.testing.RedisServerProcess;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Cache mode ({@code appendonly no}): each {@code maxmemory-policy} against a real redis-server,
 * the same scenario on both. The two servers count memory differently (Redis: its allocator; we:
 * an estimate of keys and values), so each one's budget is set from its own {@code used_memory}:
 * {@code base + fraction x (used - base)}. What must then match is what Redis's documentation
 * promises and a client can observe: which keys survive (hot ones under LRU/LFU, persistent ones
 * under volatile-*, longest TTLs under volatile-ttl), the exact OOM error, and that reads and
 * deletes still work at the limit. About 15 s (Redis's LRU clock has a 1 s resolution, so the
 * LRU scenarios wait 1.2 s between writing and touching).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class EvictionPolicyIT {
  private static final int KEYS = 200;
  private static final int HOT = 20;
  private static final String VALUE = "v".repeat(2000);
  private TestNode node;
  private RedisServerProcess redis;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
    node = TestNode.start();
    redis = RedisServerProcess.start();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private List<RespClient> both() throws Exception {
    return List.of(node.client(), new RespClient(redis.port()));
  }

  private static long usedMemory(RespClient c) throws Exception {
    String text = ((Reply.Bulk) c.call("INFO", "memory")).text();
    for (String line : text.split("\r\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()));
      }
    }
    throw new AssertionError("no used_memory");
  }

  private static long evictedKeys(RespClient c) throws Exception {
    String text = ((Reply.Bulk) c.call("INFO", "stats")).text();
    for (String line : text.split("\r\n")) {
      if (line.startsWith("evicted_keys:")) {
        return Long.parseLong(line.substring("evicted_keys:".length()));
      }
    }
    throw new AssertionError("no evicted_keys");
  }

  private static boolean exists(RespClient c, String key) throws Exception {
    return ((Reply.Int) c.call("EXISTS", key)).value() == 1;
  }

  private static long dbsize(RespClient c) throws Exception {
    return ((Reply.Int) c.call("DBSIZE")).value();
  }

  /**
   * Resets the server to {@code policy} with a roomy budget, writes KEYS keys (every second one
   * volatile when {@code volatileEvery2}, with TTLs growing with the index), returns the base.
   */
  private static long[] fill(RespClient c, String policy, boolean halfVolatile) throws Exception {
    c.call("CONFIG", "SET", "maxmemory", "0");
    c.call("FLUSHALL");
    c.call("CONFIG", "RESETSTAT");
    c.call("CONFIG", "SET", "maxmemory-policy", policy, "maxmemory-samples", "10");
    // A budget far above the data: turns our accounting on, changes nothing on Redis.
    c.call("CONFIG", "SET", "maxmemory", "1gb");
    long base = usedMemory(c);
    for (int i = 0; i < KEYS; i++) {
      if (halfVolatile && i % 2 == 0) {
        c.call("SET", "k" + i, VALUE, "EX", Integer.toString(10_000 + i));
      } else {
        c.call("SET", "k" + i, VALUE);
      }
    }
    return new long[] {base, usedMemory(c)};
  }

  /** Lowers the budget to base + fraction of the data, and lets one command trigger eviction. */
  private static void squeeze(RespClient c, long[] baseAndUsed, double fraction) throws Exception {
    long budget = baseAndUsed[0] + (long) (fraction * (baseAndUsed[1] - baseAndUsed[0]));
    assertEquals("+OK", c.call("CONFIG", "SET", "maxmemory", Long.toString(budget)).toString());
    c.call("PING");
  }

  @Test
  void noevictionRefusesWritesWithRedisError() throws Exception {
    for (RespClient c : both()) {
      try (c) {
        long[] b = fill(c, "noeviction", false);
        squeeze(c, b, 0.5);
        assertEquals("-OOM command not allowed when used memory > 'maxmemory'.",
            c.call("SET", "new", "x").toString());
        assertEquals("-OOM command not allowed when used memory > 'maxmemory'.",
            c.call("LPUSH", "l", "x").toString());
        assertEquals(KEYS, dbsize(c), "nothing is evicted");
        assertEquals(VALUE.length(), ((Reply.Bulk) c.call("GET", "k1")).bytes().length);
        // Non-denyoom writes still run: DEL frees memory, then writes are accepted again.
        c.call("MULTI");
        assertEquals("-OOM command not allowed when used memory > 'maxmemory'.", c.call("GET", "k1").toString());
        assertTrue(c.call("EXEC").toString().startsWith("-EXECABORT"));
        for (int i = 0; i < KEYS; i++) {
          c.call("DEL", "k" + i);
        }
        assertEquals("+OK", c.call("SET", "new", "x").toString());
        assertEquals(0, evictedKeys(c));
        c.call("CONFIG", "SET", "maxmemory", "0");
      }
    }
  }

  @Test
  void lruAndLfuKeepTheHotKeys() throws Exception {
    for (String policy : List.of("allkeys-lru", "allkeys-lfu")) {
      for (RespClient c : both()) {
        try (c) {
          long[] b = fill(c, policy, false);
          Thread.sleep(1200); // Redis's LRU clock ticks in seconds
          for (int round = 0; round < (policy.endsWith("lfu") ? 30 : 1); round++) {
            for (int i = 0; i < HOT; i++) {
              c.call("GET", "k" + i);
            }
          }
          squeeze(c, b, 0.5);
          long left = dbsize(c);
          assertTrue(left < KEYS * 0.6 && left > KEYS * 0.3, policy + ": " + left + " keys left");
          for (int i = 0; i < HOT; i++) {
            assertTrue(exists(c, "k" + i), policy + ": hot key k" + i + " was evicted");
          }
          // Redis's used_memory moves with its client buffers, so it may evict more on later commands.
          long leftNow = dbsize(c);
          long evicted = evictedKeys(c);
          assertTrue(evicted >= KEYS - leftNow && evicted <= KEYS, policy + ": evicted_keys " + evicted);
          assertEquals("+OK", c.call("SET", "new", "x").toString(), "allkeys-* makes room");
          c.call("CONFIG", "SET", "maxmemory", "0");
        }
      }
    }
  }

  @Test
  void volatilePoliciesEvictOnlyKeysWithTtlThenRefuse() throws Exception {
    for (String policy : List.of("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl")) {
      for (RespClient c : both()) {
        try (c) {
          long[] b = fill(c, policy, true);
          // Half the data is volatile: evicting all of it still leaves more than a quarter.
          squeeze(c, b, 0.25);
          for (int i = 1; i < KEYS; i += 2) {
            assertTrue(exists(c, "k" + i), policy + ": persistent key k" + i + " was evicted");
          }
          assertEquals(KEYS / 2, dbsize(c), policy + ": every volatile key goes first");
          assertEquals("-OOM command not allowed when used memory > 'maxmemory'.",
              c.call("SET", "new", "x").toString(), policy);
          c.call("CONFIG", "SET", "maxmemory", "0");
        }
      }
    }
  }

  @Test
  void volatileTtlEvictsTheSoonestExpiringFirst() throws Exception {
    for (RespClient c : both()) {
      try (c) {
        long[] b = fill(c, "volatile-ttl", true);
        squeeze(c, b, 0.75); // a quarter of the data, i.e. about half the volatile keys, must go
        List<Integer> gone = new ArrayList<>();
        for (int i = 0; i < KEYS; i += 2) {
          if (!exists(c, "k" + i)) {
            gone.add(i);
          }
        }
        assertTrue(gone.size() > 20 && gone.size() < KEYS / 2, "volatile keys evicted: " + gone.size());
        assertTrue(gone.contains(0), "the soonest-expiring key goes");
        assertTrue(exists(c, "k" + (KEYS - 2)), "the latest-expiring key stays");
        double meanGone = gone.stream().mapToInt(Integer::intValue).average().orElse(0);
        assertTrue(meanGone < KEYS / 2.0, "evicted keys are the shorter TTLs: mean index " + meanGone);
        c.call("CONFIG", "SET", "maxmemory", "0");
      }
    }
  }

  @Test
  void allkeysRandomEvictsUntilUnderBudget() throws Exception {
    for (RespClient c : both()) {
      try (c) {
        long[] b = fill(c, "allkeys-random", false);
        squeeze(c, b, 0.5);
        long left = dbsize(c);
        assertTrue(left < KEYS * 0.6 && left > KEYS * 0.3, left + " keys left");
        assertEquals("+OK", c.call("SET", "new", "x").toString());
        c.call("CONFIG", "SET", "maxmemory", "0");
      }
    }
  }

  @Test
  void configGetAndInfoReportTheSettings() throws Exception {
    for (RespClient c : both()) {
      try (c) {
        c.call("CONFIG", "SET", "maxmemory", "100mb", "maxmemory-policy", "allkeys-lru");
        assertEquals("*[$\"maxmemory\", $\"104857600\"]", c.call("CONFIG", "GET", "maxmemory").toString());
        String info = ((Reply.Bulk) c.call("INFO", "memory")).text();
        assertTrue(info.contains("\r\nmaxmemory:104857600\r\n") && info.contains("maxmemory_policy:allkeys-lru"), info);
        assertTrue(info.contains("maxmemory_human:100.00M"), info);
        c.call("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction");
      }
    }
  }
}
