package io.codis.proxy.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.meta.client.MetaClient;
import io.codis.node.NodeConfig;
import io.codis.node.cluster.ClusterLink;
import io.codis.node.cluster.ClusterMember;
import io.codis.node.cluster.RoleListener;
import io.codis.node.server.NodeServer;
import io.codis.protocol.Slots;
import io.codis.proxy.ProxyConfig;
import io.codis.proxy.server.ProxyServer;
import io.codis.proxy.testing.MetaPeers;
import io.codis.proxy.topology.MetaTopology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A slot moves between two cluster-mode nodes (following a real metaserver) while Jedis clients
 * write it through the proxy: the source's write block (TRYAGAIN) and the switch (MOVED) are
 * retried by the proxy, so no client sees an error; afterwards every acknowledged write is on the
 * target once, the source holds nothing of the slot and answers MOVED. The switch is driven the way
 * the controller will drive it: COMMIT on the source at READY, then the slot's assignment in the
 * metaserver. The proxy refuses the internal commands. About 25 s on a loaded 2-core machine.
 */
@Timeout(120)
class MigrationThroughProxyIT {
  static final int SLOTS = 1024;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** A cluster-mode node in this JVM (as {@code --meta}); returns its port. */
  private int node(List<String> meta) throws Exception {
    NodeServer server = new NodeServer(NodeConfig.defaults().withPort(0));
    int port = server.start();
    closing.add(server::close);
    ClusterMember member = ClusterLink.startIfConfigured(String.join(",", meta), "127.0.0.1:" + port,
        server.services(), RoleListener.NONE);
    closing.add(member);
    return port;
  }

  private static String addr(int port) {
    return "127.0.0.1:" + port;
  }

  private static Object call(Jedis j, String... args) {
    byte[] name = args[0].getBytes(StandardCharsets.UTF_8);
    return j.sendCommand(() -> name, java.util.Arrays.copyOfRange(args, 1, args.length));
  }

  private static String text(Object reply) {
    return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
  }

  private static String phase(Jedis direct, int slot) {
    List<?> all = (List<?>) call(direct, "SLOTSMIGRATE", "STATUS", Integer.toString(slot));
    if (all.isEmpty()) {
      return "";
    }
    List<?> f = (List<?>) all.get(0);
    for (int i = 0; i < f.size(); i += 2) {
      if (text(f.get(i)).equals("phase")) {
        return text(f.get(i + 1));
      }
    }
    return "";
  }

  private static void await(String what, long timeoutMs, java.util.function.BooleanSupplier ok) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!ok.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void aSlotMovesUnderWritesThroughTheProxyWithoutAClientError() throws Exception {
    MetaPeers meta = MetaPeers.start(1);
    closing.add(meta);
    MetaClient admin = new MetaClient(meta.httpAddrs());
    closing.add(admin);
    meta.init(admin, SLOTS, 30_000);
    int a = node(meta.httpAddrs());
    int b = node(meta.httpAddrs());
    admin.createGroup(1, null);
    admin.addServer(1, addr(a));
    admin.createGroup(2, null);
    admin.addServer(2, addr(b));
    admin.assignSlots(0, 511, 1, null);
    admin.assignSlots(512, 1023, 2, null);
    String tag = "mig";
    int slot = Slots.slotOf(tag.getBytes(StandardCharsets.UTF_8), SLOTS);
    assertTrue(slot < 512, "the tag's slot starts in group 1: " + slot);

    ProxyConfig cfg = ProxyConfig.defaults("proxy-mig", meta.httpAddrs()).withPort(0).withEventLoops(1);
    MetaTopology topology = new MetaTopology(new MetaClient(meta.httpAddrs()), cfg.id(), cfg.leaseTtlMs(), cfg.renewPeriodMs());
    ProxyServer proxy = new ProxyServer(cfg, topology);
    int proxyPort = proxy.start();
    closing.add(proxy::close);
    closing.add(topology::close);
    topology.start("127.0.0.1:" + proxyPort);
    await("the proxy's table", 30_000, () -> topology.usable() != null);
    try (Jedis j = new Jedis("127.0.0.1", proxyPort)) {
      await("nodes serving", 30_000, () -> {
        try {
          return "OK".equals(j.set("{" + tag + "}:probe", "1"));
        } catch (JedisDataException e) {
          return false;
        }
      });
      for (int i = 0; i < 2000; i++) {
        j.set("{" + tag + "}:k" + i, "v" + i);
      }
      JedisDataException refused = null;
      try {
        call(j, "SLOTSMIGRATE", "STATUS");
      } catch (JedisDataException e) {
        refused = e;
      }
      assertTrue(refused != null, "the proxy refuses the internal command");
    }

    int writers = 3;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] acked = new long[writers];
    long[] worstNanos = new long[writers];
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        try (Jedis j = new Jedis("127.0.0.1", proxyPort, 10_000)) {
          for (long i = 0; !stop.get(); i++) {
            long t0 = System.nanoTime();
            j.rpush("{" + tag + "}:log:" + id, Long.toString(i));
            worstNanos[id] = Math.max(worstNanos[id], System.nanoTime() - t0);
            acked[id] = i + 1;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      t.start();
      threads.add(t);
    }
    Thread.sleep(300);
    try (Jedis da = new Jedis("127.0.0.1", a); Jedis db = new Jedis("127.0.0.1", b)) {
      call(da, "SLOTSMIGRATE", "START", Integer.toString(slot), addr(b));
      await("ready", 60_000, () -> phase(da, slot).equals("ready"));
      call(da, "SLOTSMIGRATE", "COMMIT", Integer.toString(slot));
      admin.assignSlots(slot, slot, 2, null);
      await("done", 30_000, () -> phase(da, slot).equals("done"));
      Thread.sleep(300);
      stop.set(true);
      for (Thread t : threads) {
        t.join(20_000);
      }
      assertNull(failure.get(), "no client error");
      long worst = 0;
      for (int w = 0; w < writers; w++) {
        List<String> log = db.lrange("{" + tag + "}:log:" + w, 0, -1);
        assertEquals(acked[w], log.size(), "writer " + w);
        for (int i = 0; i < log.size(); i++) {
          assertEquals(Integer.toString(i), log.get(i));
        }
        worst = Math.max(worst, worstNanos[w]);
      }
      assertEquals("v1999", db.get("{" + tag + "}:k1999"));
      JedisDataException moved = null;
      try {
        da.get("{" + tag + "}:k1");
      } catch (JedisDataException e) {
        moved = e;
      }
      assertEquals("MOVED " + slot + " " + addr(b), moved == null ? null : moved.getMessage());
      assertEquals(0L, ((List<?>) call(da, "SLOTSINFO", Integer.toString(slot), "1")).size());
      System.out.printf("through the proxy: %d writes acknowledged, no client error, longest write %.1f ms%n",
          java.util.Arrays.stream(acked).sum(), worst / 1e6);
    }
  }
}
