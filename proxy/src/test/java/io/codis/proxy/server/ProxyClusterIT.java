package io.codis.proxy.server;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.model.ProxyView;
import io.codis.protocol.Slots;
import io.codis.proxy.ProxyConfig;
import io.codis.proxy.ProxyLimits;
import io.codis.proxy.testing.InJvmNode;
import io.codis.proxy.testing.MetaPeers;
import io.codis.proxy.topology.MetaTopology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The whole path: three metaserver peers, two groups of one in-JVM node each (slots split in
 * half), the proxy registered with a lease and watching the table, and Jedis as the client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
class ProxyClusterIT {
  static final int SLOTS = 1024;
  static MetaPeers meta;
  static MetaClient admin;
  static InJvmNode n1;
  static InJvmNode n2;
  static ProxyServer proxy;
  static MetaTopology topology;
  static int proxyPort;
  static String downBeforeTable;

  @BeforeAll
  static void start() throws Exception {
    meta = MetaPeers.start(3);
    admin = new MetaClient(meta.httpAddrs());
    meta.init(admin, SLOTS, 30_000);
    n1 = InJvmNode.start();
    n2 = InJvmNode.start();
    admin.createGroup(1, null);
    admin.addServer(1, n1.addr());
    admin.createGroup(2, null);
    admin.addServer(2, n2.addr());
    admin.assignSlots(0, 511, 1, null);
    admin.assignSlots(512, 1023, 2, null);

    ProxyConfig cfg = ProxyConfig.defaults("proxy-it", meta.httpAddrs()).withPort(0).withEventLoops(2)
        .withLimits(ProxyLimits.DEFAULTS.withRequestDeadlineMs(1_000));
    topology = new MetaTopology(new MetaClient(meta.httpAddrs()), cfg.id(), cfg.leaseTtlMs(), cfg.renewPeriodMs());
    // A short retry budget: the killed-backend test wants the error, not the wait for a failover.
    proxy = new ProxyServer(cfg, topology, io.codis.proxy.route.RouterOptions.DEFAULTS,
        io.codis.proxy.route.RetryPolicy.DEFAULTS.withBudgetMs(300));
    proxyPort = proxy.start();
    try (Jedis j = jedis()) {
      downBeforeTable = assertThrows(JedisDataException.class, () -> j.get("k")).getMessage();
    }
    topology.start("127.0.0.1:" + proxyPort);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (topology.usable() == null) {
      assertTrue(System.nanoTime() < deadline, "no table: " + topology.downReason());
      Thread.sleep(20);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (topology != null) {
      topology.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {n1, n2, meta}) {
      if (c != null) {
        c.close();
      }
    }
  }

  static Jedis jedis() {
    return new Jedis("127.0.0.1", proxyPort);
  }

  static int slot(String key) {
    return Slots.slotOf(key.getBytes(StandardCharsets.UTF_8), SLOTS);
  }

  static InJvmNode owner(String key) {
    return slot(key) < 512 ? n1 : n2;
  }

  static InJvmNode other(String key) {
    return owner(key) == n1 ? n2 : n1;
  }

  /** A key owned by group 1 (onFirst) or 2, distinct per i. */
  static String keyOn(boolean onFirst, int i) {
    for (int n = 0; ; n++) {
      String k = "key:" + i + ":" + n;
      if ((slot(k) < 512) == onFirst) {
        return k;
      }
    }
  }

  @Test
  @Order(1)
  void withoutATableTheProxyAnswersClusterdownAndThenRegisters() {
    assertEquals("CLUSTERDOWN the proxy has no slot table yet", downBeforeTable);
    ProxyView p = admin.proxies().stream().filter(v -> v.id().equals("proxy-it")).findFirst().orElseThrow();
    assertEquals("127.0.0.1:" + proxyPort, p.addr());
    assertFalse(p.expired());
  }

  @Test
  @Order(2)
  void setAndGetLandOnTheOwningNode() {
    try (Jedis j = jedis(); Jedis d1 = n1.direct(); Jedis d2 = n2.direct()) {
      for (int i = 0; i < 300; i++) {
        String k = "user:" + i;
        assertEquals("OK", j.set(k, "v" + i));
      }
      int onFirst = 0;
      for (int i = 0; i < 300; i++) {
        String k = "user:" + i;
        assertEquals("v" + i, j.get(k));
        Jedis own = owner(k) == n1 ? d1 : d2;
        Jedis not = owner(k) == n1 ? d2 : d1;
        assertEquals("v" + i, own.get(k), k);
        assertNull(not.get(k), k);
        onFirst += owner(k) == n1 ? 1 : 0;
      }
      assertTrue(onFirst > 50 && onFirst < 250, "keys on group 1: " + onFirst);
    }
  }

  @Test
  @Order(3)
  void multiKeyCommandsSplitAcrossGroupsAndMerge() {
    try (Jedis j = jedis(); Jedis d1 = n1.direct(); Jedis d2 = n2.direct()) {
      List<String> keys = new ArrayList<>();
      List<String> kv = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String k = keyOn(i % 2 == 0, 100 + i);
        keys.add(k);
        kv.add(k);
        kv.add("m" + i);
      }
      assertEquals("OK", j.mset(kv.toArray(new String[0])));
      for (int i = 0; i < 20; i++) {
        assertEquals("m" + i, owner(keys.get(i)) == n1 ? d1.get(keys.get(i)) : d2.get(keys.get(i)));
      }
      List<String> asked = new ArrayList<>(keys);
      asked.add(3, "missing:key");
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        expected.add("m" + i);
      }
      expected.add(3, null);
      assertEquals(expected, j.mget(asked.toArray(new String[0])));
      assertEquals(20, j.exists(asked.toArray(new String[0])));
      assertEquals(d1.dbSize() + d2.dbSize(), j.dbSize());
      assertEquals(20, j.del(asked.toArray(new String[0])));
      assertEquals(Arrays.asList(null, null), j.mget(keys.get(0), keys.get(1)));
    }
  }

  @Test
  @Order(4)
  void keysOfDifferentSlotsAreRefusedWithCrossslot() {
    try (Jedis j = jedis()) {
      String a = keyOn(true, 1);
      String b = keyOn(false, 2);
      j.set(a, "x");
      JedisDataException e = assertThrows(JedisDataException.class, () -> j.rename(a, b));
      assertEquals("CROSSSLOT Keys in request don't hash to the same slot", e.getMessage());
      e = assertThrows(JedisDataException.class, () -> j.msetnx(a, "1", b, "2"));
      assertTrue(e.getMessage().startsWith("CROSSSLOT"), e.getMessage());
      j.set("{t}a", "tagged"); // a hash tag keeps both keys in one slot
      assertEquals("OK", j.rename("{t}a", "{t}b"));
      assertEquals("tagged", j.get("{t}b"));
    }
  }

  @Test
  @Order(5)
  void aSlotReassignmentReachesTheProxyWithinASecond() throws Exception {
    String k = keyOn(false, 7);
    int s = slot(k);
    try (Jedis j = jedis(); Jedis d1 = n1.direct()) {
      assertNull(d1.get(k));
      long before = topology.current().version();
      admin.assignSlots(s, s, 1, null);
      long t0 = System.nanoTime();
      int round = 0;
      while (true) {
        String v = "r" + round++;
        j.set(k, v);
        if (v.equals(d1.get(k))) {
          break;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1_000, "the proxy still routes slot " + s + " to group 2 after " + ms + " ms");
        Thread.sleep(5);
      }
      assertTrue(topology.current().version() > before);
    } finally {
      admin.assignSlots(s, s, 2, null);
    }
  }

  @Test
  @Order(6)
  void flushallReachesEveryMaster() {
    try (Jedis j = jedis(); Jedis d1 = n1.direct(); Jedis d2 = n2.direct()) {
      j.set(keyOn(true, 1), "a");
      j.set(keyOn(false, 1), "b");
      assertTrue(j.dbSize() >= 2);
      assertEquals("OK", j.flushAll());
      assertEquals(0, d1.dbSize());
      assertEquals(0, d2.dbSize());
      assertEquals(0, j.dbSize());
    }
  }

  @Test
  @Order(7)
  void aKilledBackendGivesAnErrorQuicklyAndTheOtherGroupKeepsServing() {
    try (Jedis j = jedis()) {
      String onSecond = keyOn(false, 9);
      String onFirst = keyOn(true, 9);
      j.set(onSecond, "x"); // a backend connection to n2 exists
      n2.close();
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        JedisDataException e = assertThrows(JedisDataException.class, () -> j.get(onSecond));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // Which error depends on a race: a request already on the dying connection gets TIMEOUT
        // (outcome unknown), one sent after the close is seen gets BACKENDDOWN. Never a hang.
        assertTrue(backendFailure(e), e.getMessage());
        assertTrue(ms < 1_500, "took " + ms + " ms");
      }
      assertEquals("OK", j.set(onFirst, "still"));
      assertEquals("still", j.get(onFirst));
      JedisDataException e = assertThrows(JedisDataException.class, () -> j.mget(onFirst, onSecond));
      assertTrue(backendFailure(e), e.getMessage());
    }
  }

  private static boolean backendFailure(JedisDataException e) {
    return e.getMessage().startsWith("BACKENDDOWN") || e.getMessage().startsWith("BACKENDLOST")
        || e.getMessage().startsWith("TIMEOUT");
  }
}
