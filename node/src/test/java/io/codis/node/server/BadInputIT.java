package io.codis.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.node.NodeConfig;
import io.codis.node.testing.RedisServerProcess;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import io.codis.protocol.resp.RespLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and broken input, sent as raw bytes to our node and to redis-server: each must get the
 * same bytes back (Redis's error text, or silence) and the same fate for the connection (closed or
 * still open), while the node stays up and clients connected alongside keep working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  /** How long a connection must stay quiet before we conclude the server is waiting for more. */
  private static final int QUIET_MS = 300;
  private static final int QUERY_BUFFER_LIMIT = 1024 * 1024;

  private TestNode node;
  private RedisServerProcess redis;
  private TestNode smallNode;
  private RedisServerProcess smallRedis;
  private TestNode authNode;
  private RedisServerProcess authRedis;
  private RespClient observer;
  private Socket stalled;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
    node = TestNode.start();
    redis = RedisServerProcess.start();
    smallNode = TestNode.start(NodeConfig.defaults()
        .withRespLimits(RespLimits.DEFAULTS.withQueryBufferBytesMax(QUERY_BUFFER_LIMIT)));
    smallRedis = RedisServerProcess.start("--client-query-buffer-limit", Integer.toString(QUERY_BUFFER_LIMIT));
    authNode = TestNode.start(NodeConfig.defaults().withRequirepass("secret"));
    // the fixture waits for +PONG, which a password-protected server never sends: set it afterwards
    authRedis = RedisServerProcess.start();
    try (RespClient admin = new RespClient(authRedis.port())) {
      assertEquals("+OK", admin.call("CONFIG", "SET", "requirepass", "secret").toString());
    }
    // connected for the whole class: one idle client, one stuck in the middle of a huge request
    observer = node.client();
    stalled = new Socket();
    stalled.connect(new InetSocketAddress("127.0.0.1", node.port()), 2000);
    stalled.getOutputStream().write("*2147483647\r\n$536870912\r\npartial".getBytes(StandardCharsets.US_ASCII));
  }

  @AfterAll
  void stop() throws IOException {
    if (observer != null) {
      observer.close();
    }
    if (stalled != null) {
      stalled.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {node, redis, smallNode, smallRedis, authNode, authRedis}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  /** After every case the node still serves a client that was connected all along. */
  @AfterEach
  void nodeStillServesOthers() throws IOException {
    assertEquals("+PONG", observer.call("PING").toString());
    assertEquals("+OK", observer.call("SET", "alive", "yes").toString());
    assertEquals("$\"yes\"", observer.call("GET", "alive").toString());
  }

  record Outcome(String received, boolean closed) {}

  /** Sends raw bytes on a new connection; collects what comes back until the server closes or goes quiet. */
  static Outcome exchange(int port, byte[] input, int quietMs) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(quietMs);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      boolean closed = false;
      try {
        out.write(input);
        out.flush();
      } catch (SocketException e) {
        closed = true; // the server closed while we were still writing a huge input
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      while (!closed) {
        try {
          int n = in.read(buffer);
          if (n < 0) {
            closed = true;
          } else {
            received.write(buffer, 0, n);
          }
        } catch (SocketTimeoutException e) {
          break;
        } catch (SocketException e) {
          closed = true;
        }
      }
      return new Outcome(summary(received.toByteArray()), closed);
    }
  }

  private void same(int ourPort, int redisPort, byte[] input) throws IOException {
    same(ourPort, redisPort, input, QUIET_MS);
  }

  /** A longer quiet period where a server must take in megabytes before it decides. */
  private void same(int ourPort, int redisPort, byte[] input, int quietMs) throws IOException {
    Outcome expected = exchange(redisPort, input, quietMs);
    Outcome actual = exchange(ourPort, input, quietMs);
    assertEquals(expected, actual, "input " + escape(Arrays.copyOf(input, Math.min(input.length, 80))));
  }

  private void same(byte[] input) throws IOException {
    same(node.port(), redis.port(), input);
  }

  private void same(String input) throws IOException {
    same(input.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void hugeMultibulkHeadersWaitOrFail() throws IOException {
    same("*2147483647\r\n");
    same("*2147483647\r\nPING\r\n");
    same("*2147483648\r\n");
    same("*3000000000\r\n");
    same("*-1\r\n*0\r\nPING\r\n");
  }

  @Test
  void bulkHeadersOverTheLimit() throws IOException {
    same("*1\r\n$600000000\r\n");
    same("*2\r\n$3\r\nGET\r\n$600000000\r\n");
    same("*1\r\n$536870913\r\n");
    same("*1\r\n$536870912\r\n"); // legal: waits for 512 MB that never come
    same("*1\r\n$-1\r\n");
    same("*1\r\n$abc\r\n");
  }

  @Test
  void deepNesting() throws IOException {
    same("*1\r\n".repeat(10_000));
    same("*1\r\n*1\r\n");
  }

  @Test
  void malformedFrames() throws IOException {
    same("*abc\r\n");
    same("*1\r\nfoo\r\n");
    same("*1\r$4\r\nPING\r\n");
    same("*1\r\n\u00ff\r\n");
    same("*1\r\n\r\n");
    same("*+1\r\n$4\r\nPING\r\n");
    same("*1\r\n$04\r\nPING\r\n");
    same("PING\r\n*1\r\n*1\r\nPING\r\n");
    same("*1\r\n$4\r\nPINGxxPING\r\n");
    same("$4\r\nPING\r\n");
    same(":1\r\n");
  }

  @Test
  void inlineRequests() throws IOException {
    same("PING\r\n\r\n  \r\nECHO \"a\\x41\\n\" 'b'\r\n");
    same("ECHO a\"b\"\r\n");
    same("set a \"b\r\n");
    same("set a 'b\r\n");
    same("set a \"b\"c\r\n");
    same("ECHO\r\n");
  }

  @Test
  void tooLongLinesWithoutNewline() throws IOException {
    same("a".repeat(70_000));
    same("*" + "1".repeat(70_000));
    same("*1\r\n$" + "1".repeat(70_000));
    same("a".repeat(60_000)); // under 64 KB: waits
  }

  @Test
  void unknownCommandsAndWrongArity() throws IOException {
    same("FOO bar baz\r\n");
    same("*1\r\n$0\r\n\r\n");
    same("*2\r\n$3\r\nfoo\r\n$" + 300 + "\r\n" + "x".repeat(300) + "\r\n");
    same("GET\r\n");
    same("*3\r\n$3\r\nGET\r\n$1\r\na\r\n$1\r\nb\r\n");
    same("SET k\r\n");
    same("PUBLISH ch\r\n");
  }

  @Test
  void queryBufferLimit() throws IOException {
    byte[] head = "*1\r\n$2000000\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] input = Arrays.copyOf(head, head.length + 1_500_000);
    Arrays.fill(input, head.length, input.length, (byte) 'a');
    same(smallNode.port(), smallRedis.port(), input, 3000);
    // a command just under the cap is served
    String value = "v".repeat(QUERY_BUFFER_LIMIT - 100);
    same(smallNode.port(), smallRedis.port(), ("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length() + "\r\n"
        + value + "\r\n").getBytes(StandardCharsets.US_ASCII));
    // many complete small commands never count against it
    same(smallNode.port(), smallRedis.port(), "PING\r\n".repeat(180_000).getBytes(StandardCharsets.US_ASCII), 3000);
    try (RespClient c = smallNode.client()) {
      assertEquals("+PONG", c.call("PING").toString());
    }
  }

  @Test
  void unauthenticatedLimits() throws IOException {
    same(authNode.port(), authRedis.port(), "*11\r\n".getBytes(StandardCharsets.US_ASCII));
    same(authNode.port(), authRedis.port(), "*10\r\n".getBytes(StandardCharsets.US_ASCII));
    same(authNode.port(), authRedis.port(), "*1\r\n$16385\r\n".getBytes(StandardCharsets.US_ASCII));
    same(authNode.port(), authRedis.port(), "*1\r\n$16384\r\n".getBytes(StandardCharsets.US_ASCII));
    same(authNode.port(), authRedis.port(), "GET x\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void stalledClientDoesNotBlockOthers() throws IOException {
    // the class-wide stalled client is still connected with its huge request pending
    try (RespClient other = node.client()) {
      Reply reply = other.call("ECHO", "still here");
      assertEquals("$\"still here\"", reply.toString());
    }
  }

  /** Short replies verbatim; long ones by length, checksum and head, to keep failure messages readable. */
  private static String summary(byte[] bytes) {
    if (bytes.length <= 300) {
      return escape(bytes);
    }
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes);
    return bytes.length + " bytes, crc32 " + Long.toHexString(crc.getValue()) + ", starting "
        + escape(Arrays.copyOf(bytes, 60));
  }

  private static String escape(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 32 && c < 127 && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }
}
