package io.codis.proxy.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.proxy.ProxyLimits;
import io.codis.proxy.route.RetryPolicy;
import io.codis.proxy.testing.InJvmNode;
import io.codis.proxy.testing.LeakWatch;
import io.codis.proxy.testing.ScriptedBackend;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Requests forwarded as the client's own bytes (retained slices of the read buffer): the node gets
 * exactly the request, and every slice is released once on every path (local replies, errors,
 * fan-outs, retries, a dead backend, a client closing mid-pipeline or while blocked). Netty's leak
 * detector runs at PARANOID and each test fails on a reported leak ({@link LeakWatch}, which first
 * proves it catches a leak made on purpose). About 20 s on a loaded 2-core machine.
 */
@Timeout(90)
class ProxyRequestBytesIT {
  private static LeakWatch leaks;

  @BeforeAll
  static void watchLeaks() throws Exception {
    leaks = LeakWatch.install();
    assertTrue(leaks.proveItWorks(), "the leak detector did not report a leak made on purpose");
  }

  @AfterAll
  static void stopWatching() {
    if (leaks != null) {
      leaks.close();
    }
  }

  @AfterEach
  void noLeaks() throws InterruptedException {
    List<String> found = leaks.leaksAfterGc(2_000);
    assertTrue(found.isEmpty(), "buffers leaked:\n" + String.join("\n", found));
  }

  @Test
  void pipelinedRequestsReachTheNodesExactlyAndEveryPathReleasesItsBytes() throws Exception {
    try (InJvmNode n1 = InJvmNode.start(); InJvmNode n2 = InJvmNode.start();
        ProxyServer p = ProxyEngineIT.proxy(ProxyEngineIT.split(n1.addr(), n2.addr()), ProxyLimits.DEFAULTS)) {
      int port = p.start();
      int n = 500;
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < n; i++) {
        batch.writeBytes(resp("SET", "k" + i, "v\r\n\0" + i)); // binary values, CRLF inside
      }
      for (int i = 0; i < n; i++) {
        batch.writeBytes(resp("GET", "k" + i));
      }
      batch.writeBytes(resp("MGET", "{t}a", "{t}b"));   // one group: forwarded as is
      batch.writeBytes(resp("MGET", "k1", "k2", "k3", "k4")); // fan-out: parts encoded
      batch.writeBytes(resp("DBSIZE"));                   // every master: the same bytes each
      batch.writeBytes(resp("PING"));                     // answered by the proxy
      batch.writeBytes(resp("NOSUCHCOMMAND", "x"));       // refused by the proxy
      batch.writeBytes(resp("RENAME", "k1", "k2"));       // CROSSSLOT
      batch.writeBytes("SET inline yes\r\n".getBytes(StandardCharsets.US_ASCII)); // inline: encoded
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        out.write(batch.toByteArray());
        byte[] split = resp("SET", "pieces", "abc"); // a request that arrives in pieces
        for (byte b : split) {
          out.write(b);
          out.flush();
        }
        InputStream in = s.getInputStream();
        String replies = readReplies(in, 2 * n + 8);
        String expectGets = "";
        for (int i = 0; i < n; i++) {
          expectGets += "$" + ("v\r\n\0" + i).length() + "\r\nv\r\n\0" + i + "\r\n";
        }
        String expected = "+OK\r\n".repeat(n) + expectGets
            + "*2\r\n$-1\r\n$-1\r\n"
            + "*4\r\n$5\r\nv\r\n\0" + 1 + "\r\n$5\r\nv\r\n\0" + 2 + "\r\n$5\r\nv\r\n\0" + 3 + "\r\n$5\r\nv\r\n\0" + 4 + "\r\n"
            + ":" + n + "\r\n"
            + "+PONG\r\n"
            + "-ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'x' \r\n"
            + "-CROSSSLOT Keys in request don't hash to the same slot\r\n"
            + "+OK\r\n+OK\r\n";
        assertEquals(expected, replies);
      }
      try (Jedis d1 = n1.direct(); Jedis d2 = n2.direct()) {
        assertEquals(n + 2, d1.dbSize() + d2.dbSize());
        byte[] v7 = d1.exists("k7") ? d1.get("k7".getBytes()) : d2.get("k7".getBytes());
        assertArrayEquals("v\r\n\u00007".getBytes(StandardCharsets.UTF_8), v7);
      }
    }
  }

  /** The first send goes as the client's bytes; the retries (FENCED) are encoded: same request. */
  @Test
  void retriedRequestsAreTheSameRequest() throws Exception {
    long fencedUntil = System.nanoTime() + 600_000_000L;
    try (ScriptedBackend node = ScriptedBackend.start(argv -> System.nanoTime() < fencedUntil
            ? "-FENCED master lease expired (group 1, epoch 3)\r\n" : "+OK\r\n");
        ProxyServer p = ProxyEngineIT.proxy(ProxyEngineIT.split(node.addr(), node.addr()), ProxyLimits.DEFAULTS)) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
        assertEquals("OK", j.set("key", "value"));
      }
      assertTrue(node.requests().size() >= 2, "retried: " + node.requests());
      for (List<String> r : node.requests()) {
        assertEquals(List.of("SET", "key", "value"), r);
      }
    }
  }

  /** Requests to a backend that is down never get a connection: their bytes are only borrowed. */
  @Test
  void aDeadBackendLeaksNothing() throws Exception {
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    String addr = "127.0.0.1:" + dead;
    try (ProxyServer p = ProxyEngineIT.proxy(ProxyEngineIT.split(addr, addr), ProxyLimits.DEFAULTS,
            RetryPolicy.DEFAULTS.withBudgetMs(300));
        Socket s = new Socket("127.0.0.1", p.start())) {
      s.setSoTimeout(10_000);
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < 20; i++) {
        batch.writeBytes(resp("GET", "k" + i));
      }
      s.getOutputStream().write(batch.toByteArray());
      String replies = readReplies(s.getInputStream(), 20);
      assertTrue(replies.startsWith("-BACKENDDOWN"), replies);
    }
  }

  /** A client that closes with requests in flight, or while blocked with requests held. */
  @Test
  void clientsClosingMidPipelineOrWhileBlockedLeakNothing() throws Exception {
    try (InJvmNode n1 = InJvmNode.start(); InJvmNode n2 = InJvmNode.start();
        ProxyServer p = ProxyEngineIT.proxy(ProxyEngineIT.split(n1.addr(), n2.addr()),
            ProxyLimits.DEFAULTS.withPipelineDepthMax(64))) {
      int port = p.start();
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < 3000; i++) {
        batch.writeBytes(resp("SET", "c" + i, "x".repeat(100)));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write(batch.toByteArray());
      } // closed at once: most requests are still unread, in flight or unanswered
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(resp("BLPOP", "nolist", "0"));
        out.write(resp("GET", "c1"));
        out.write(resp("SET", "c2", "y"));
        out.flush();
        Thread.sleep(300); // the proxy holds the GET and SET behind the blocked BLPOP
      }
      Thread.sleep(300); // the proxy sees both closes
      try (Jedis j = new Jedis("127.0.0.1", port)) {
        assertEquals("PONG", j.ping()); // still serving
      }
    }
  }

  private static byte[] resp(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(b);
      out.writeBytes(new byte[] {'\r', '\n'});
    }
    return out.toByteArray();
  }

  /** Reads {@code count} replies of the simple kinds these tests get (+ - : $ and flat *), as text. */
  private static String readReplies(InputStream in, int count) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      readOne(in, sb);
    }
    return sb.toString();
  }

  private static void readOne(InputStream in, StringBuilder sb) throws java.io.IOException {
    String line = line(in);
    sb.append(line).append("\r\n");
    char type = line.charAt(0);
    if (type == '$') {
      int len = Integer.parseInt(line.substring(1));
      if (len >= 0) {
        sb.append(new String(in.readNBytes(len + 2), StandardCharsets.UTF_8));
      }
    } else if (type == '*') {
      int len = Integer.parseInt(line.substring(1));
      for (int i = 0; i < len; i++) {
        readOne(in, sb);
      }
    }
  }

  private static String line(InputStream in) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new java.io.EOFException("after " + sb);
      }
      sb.append((char) c);
    }
    in.read();
    return sb.toString();
  }
}
