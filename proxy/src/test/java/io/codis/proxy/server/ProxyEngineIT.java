package io.codis.proxy.server;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.proxy.testing.InJvmNode;
import io.codis.proxy.ProxyConfig;
import io.codis.proxy.ProxyLimits;
import io.codis.proxy.route.RetryPolicy;
import io.codis.proxy.route.RouterOptions;
import io.codis.proxy.route.SlotTable;
import io.codis.proxy.testing.ScriptedBackend;
import io.codis.proxy.route.TableSource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/** The engine with a fixed slot table (no metaserver): ordering, backpressure, deadlines. */
@Timeout(60)
class ProxyEngineIT {

  static ProxyServer proxy(SlotTable table, ProxyLimits limits) {
    return proxy(table, limits, RetryPolicy.DEFAULTS);
  }

  static ProxyServer proxy(SlotTable table, ProxyLimits limits, RetryPolicy retry) {
    ProxyConfig cfg = ProxyConfig.defaults("engine-it", List.of()).withPort(0).withEventLoops(2)
        .withLimits(limits);
    return new ProxyServer(cfg, TableSource.fixed(table), RouterOptions.DEFAULTS, retry);
  }

  static SlotTable split(String a, String b) {
    return SlotTable.of(1, 1024, List.of(new SlotTable.Range(0, 511, a), new SlotTable.Range(512, 1023, b)));
  }

  @Test
  void pipelinedRepliesComeBackInOrderAcrossBackendsWithATinyPipelineLimit() throws Exception {
    try (InJvmNode n1 = InJvmNode.start(); InJvmNode n2 = InJvmNode.start();
        ProxyServer p = proxy(split("127.0.0.1:" + n1.port(), "127.0.0.1:" + n2.port()),
            ProxyLimits.DEFAULTS.withPipelineDepthMax(4))) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port)) {
        Pipeline pl = j.pipelined();
        int n = 3000;
        for (int i = 0; i < n; i++) {
          pl.set("k" + i, "v" + i);
        }
        List<Response<String>> gets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          gets.add(pl.get("k" + i));
          if (i % 7 == 0) {
            pl.mget("k" + i, "k" + (i + 1), "k" + (i + 2)); // fan-outs interleaved
          }
        }
        pl.sync();
        for (int i = 0; i < n; i++) {
          assertEquals("v" + i, gets.get(i).get());
        }
        assertEquals(n, j.dbSize());
      }
      // both nodes got some of the keys
      try (Jedis d1 = new Jedis("127.0.0.1", n1.port()); Jedis d2 = new Jedis("127.0.0.1", n2.port())) {
        assertTrue(d1.dbSize() > 1000 && d2.dbSize() > 1000, d1.dbSize() + " / " + d2.dbSize());
      }
    }
  }

  @Test
  void aSilentBackendGivesTimeoutAfterTheDeadlineNotAHang() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // never reads, never answers
          }
        } catch (Exception e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String addr = "127.0.0.1:" + silent.getLocalPort();
      try (ProxyServer p = proxy(split(addr, addr), ProxyLimits.DEFAULTS.withRequestDeadlineMs(300))) {
        int port = p.start();
        try (Jedis j = new Jedis("127.0.0.1", port, 5_000)) {
          long t0 = System.nanoTime();
          JedisDataException e = assertThrows(JedisDataException.class, () -> j.get("k"));
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertTrue(e.getMessage().startsWith("TIMEOUT no reply from " + addr), e.getMessage());
          assertTrue(ms >= 250 && ms < 2_000, "took " + ms + " ms");
          assertEquals("PONG", j.ping()); // the client connection survives
        }
      }
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aDeadBackendAnswersBackenddownAtOnce() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = s.getLocalPort();
    }
    String addr = "127.0.0.1:" + freePort;
    try (ProxyServer p = proxy(split(addr, addr), ProxyLimits.DEFAULTS, RetryPolicy.DEFAULTS.withBudgetMs(1_000))) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port)) {
        for (int i = 0; i < 3; i++) { // connect refused, or the back-off answers
          long t0 = System.nanoTime();
          JedisDataException e = assertThrows(JedisDataException.class, () -> j.set("k", "v"));
          assertTrue(e.getMessage().startsWith("BACKENDDOWN"), e.getMessage());
          // never sent, so retried within the proxy's budget (1 s here), then answered: never a hang
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertTrue(ms >= 900 && ms < 3_000, "took " + ms + " ms");
        }
      }
    }
  }

  /**
   * A master without its lease answers FENCED until the failover has a new master: the proxy
   * retries within its budget, longer than the 2 s it had before FENCED was retried, so a client
   * sees a slow OK, not an error. A stand-in node answers FENCED for 2.5 s (a real node's FENCED
   * needs a metaserver that withholds its lease: see the failover tests).
   */
  @Test
  void fencedIsRetriedUntilTheFailoverIsOverWithinTheBudget() throws Exception {
    long fencedUntil = System.nanoTime() + 2_500_000_000L;
    try (ScriptedBackend node = ScriptedBackend.start(argv -> System.nanoTime() < fencedUntil
            ? "-FENCED master lease expired (group 1, epoch 3)\r\n" : "+OK\r\n");
        ProxyServer p = proxy(split(node.addr(), node.addr()), ProxyLimits.DEFAULTS)) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
        long t0 = System.nanoTime();
        assertEquals("OK", j.set("k", "v"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 2_000 && ms < 8_000, "took " + ms + " ms");
        long fenced = node.requests().stream().filter(r -> r.get(0).equals("SET")).count() - 1;
        assertTrue(fenced >= 5, "sends refused with FENCED: " + fenced);
      }
    }
  }

  /** Past the budget the client gets the node's FENCED as it was: not executed, never a hang. */
  @Test
  void fencedPastTheBudgetReachesTheClient() throws Exception {
    try (ScriptedBackend node = ScriptedBackend.start(argv -> "-FENCED fenced for switchover (group 1, epoch 3)\r\n");
        ProxyServer p = proxy(split(node.addr(), node.addr()), ProxyLimits.DEFAULTS,
            RetryPolicy.DEFAULTS.withBudgetMs(500))) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
        long t0 = System.nanoTime();
        JedisDataException e = assertThrows(JedisDataException.class, () -> j.get("k"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("FENCED fenced for switchover (group 1, epoch 3)", e.getMessage());
        assertTrue(ms >= 400 && ms < 5_000, "took " + ms + " ms");
        assertTrue(node.requests().size() >= 3, "retried: " + node.requests());
      }
    }
  }

  /**
   * A WATCH lives on its dedicated connection: once that connection is gone (the node died and
   * came back), the proxy cannot know whether the watched key changed, so EXEC answers null
   * (Redis's "a watched key changed; nothing ran") without sending the transaction anywhere.
   */
  @Test
  void aWatchWhoseConnectionBrokeNullsExecAndSendsNothing() throws Exception {
    try (ScriptedBackend node = ScriptedBackend.start(argv -> "+OK\r\n");
        ProxyServer p = proxy(split(node.addr(), node.addr()), ProxyLimits.DEFAULTS)) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
        assertEquals("OK", j.watch("w"));
        node.dropConnections();
        Thread.sleep(300); // the proxy sees the close
        redis.clients.jedis.Transaction t = j.multi();
        t.set("w", "1");
        assertNull(t.exec());
        assertEquals(List.of("WATCH"), node.names());
      }
    }
  }

  /**
   * With a WATCH, a transaction the node refused before running it (FENCED at queue time, so
   * EXECABORT) is not sent again elsewhere: the watch was on that node. EXEC answers null.
   */
  @Test
  void aWatchedTransactionRefusedBeforeRunningAnswersNull() throws Exception {
    try (ScriptedBackend node = ScriptedBackend.start(argv -> switch (argv.get(0)) {
          case "SET" -> "-FENCED master lease expired (group 1, epoch 2)\r\n";
          case "EXEC" -> "-EXECABORT Transaction discarded because of previous errors.\r\n";
          default -> "+OK\r\n";
        });
        ProxyServer p = proxy(split(node.addr(), node.addr()), ProxyLimits.DEFAULTS)) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
        assertEquals("OK", j.watch("w"));
        redis.clients.jedis.Transaction t = j.multi();
        t.set("w", "1");
        assertNull(t.exec());
        assertEquals(List.of("WATCH", "MULTI", "SET", "EXEC"), node.names());
      }
    }
  }

  /** Without a WATCH, the same refusal is retried: MULTI to EXEC again, once the node serves. */
  @Test
  void anUnwatchedTransactionRefusedBeforeRunningIsSentAgain() throws Exception {
    java.util.concurrent.atomic.AtomicInteger sets = new java.util.concurrent.atomic.AtomicInteger();
    try (ScriptedBackend node = ScriptedBackend.start(argv -> switch (argv.get(0)) {
          case "SET" -> sets.incrementAndGet() == 1 ? "-FENCED master lease expired (group 1, epoch 2)\r\n" : "+QUEUED\r\n";
          case "EXEC" -> sets.get() == 1 ? "-EXECABORT Transaction discarded because of previous errors.\r\n"
              : "*1\r\n+OK\r\n";
          default -> "+OK\r\n";
        });
        ProxyServer p = proxy(split(node.addr(), node.addr()), ProxyLimits.DEFAULTS)) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
        redis.clients.jedis.Transaction t = j.multi();
        t.set("k", "1");
        assertEquals(List.of("OK"), t.exec());
        assertEquals(List.of("MULTI", "SET", "EXEC", "MULTI", "SET", "EXEC"), node.names());
      }
    }
  }

  /** RESET de-authenticates under --requirepass and clears the name, as Redis's RESET does. */
  @Test
  void resetDeauthenticatesAndClearsTheName() throws Exception {
    try (InJvmNode n1 = InJvmNode.start();
        ProxyServer p = new ProxyServer(ProxyConfig.defaults("reset-it", List.of()).withPort(0).withEventLoops(1),
            TableSource.fixed(split(n1.addr(), n1.addr())), new RouterOptions("pw", true), RetryPolicy.DEFAULTS)) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
        assertEquals("OK", j.auth("pw"));
        assertEquals("OK", j.clientSetname("named"));
        assertEquals("OK", j.set("k", "v"));
        assertEquals("RESET", j.sendCommand(redis.clients.jedis.Protocol.Command.RESET) instanceof byte[] b
            ? new String(b, java.nio.charset.StandardCharsets.US_ASCII) : null);
        assertEquals("NOAUTH Authentication required.",
            assertThrows(JedisDataException.class, () -> j.get("k")).getMessage());
        assertEquals("OK", j.auth("pw"));
        assertNull(j.clientGetname());
        assertEquals("v", j.get("k"));
      }
    }
  }

  @Test
  void quitClosesAfterItsReplyAndTooManyClientsAreRefused() throws Exception {
    try (InJvmNode n1 = InJvmNode.start();
        ProxyServer p = proxy(split("127.0.0.1:" + n1.port(), "127.0.0.1:" + n1.port()),
            ProxyLimits.DEFAULTS.withClientsMax(1))) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port)) {
        assertEquals("PONG", j.ping());
        try (Jedis second = new Jedis("127.0.0.1", port)) {
          Exception e = assertThrows(Exception.class, second::ping);
          assertTrue(String.valueOf(e.getMessage()).contains("max number of clients reached"), e.getMessage());
        }
      }
      for (int i = 0; i < 200 && p.sessionCount() > 0; i++) {
        Thread.sleep(10); // the closed client's slot is freed on its event loop
      }
      try (Socket raw = new Socket("127.0.0.1", port)) {
        raw.getOutputStream().write("PING\r\nQUIT\r\nPING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] all = raw.getInputStream().readAllBytes(); // returns once the proxy closes
        assertEquals("+PONG\r\n+OK\r\n", new String(all, java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
  }
}
