package io.codis.node.commands.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.node.NodeConfig;
import io.codis.node.testing.Differential;
import io.codis.node.testing.RedisServerProcess;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** requirepass on both servers: the AUTH/HELLO/NOAUTH flow, compared reply by reply. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthDifferentialIT {
  private static final Function<Reply, String> WITHOUT_ID =
      r -> r.toString().replaceAll("\\$\"id\", :\\d+", "\\$\"id\", :ID");
  private TestNode node;
  private RedisServerProcess redis;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
    node = TestNode.start(NodeConfig.defaults().withRequirepass("s3cret"));
    redis = RedisServerProcess.start("--requirepass", "s3cret");
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

  @Test
  void commandsNeedAuthentication() throws Exception {
    try (Differential d = new Differential(node.port(), redis.port())) {
      d.same("GET", "a");
      d.same("PING");
      d.same("CLIENT", "ID");
      d.same("NOSUCH");
      d.same("AUTH", "wrong");
      d.same("AUTH", "default", "wrong");
      d.same("AUTH", "bob", "s3cret");
      d.same("GET", "a");
      d.same("AUTH", "s3cret");
      d.same("GET", "a");
      d.same("AUTH", "wrong");
      d.same("GET", "a"); // a failed AUTH does not log an authenticated client out
      d.same("RESET");
      d.same("GET", "a");
      d.same("AUTH", "default", "s3cret");
      d.same("SET", "a", "1");
    }
  }

  @Test
  void helloAuthenticates() throws Exception {
    try (Differential d = new Differential(node.port(), redis.port())) {
      d.same("HELLO");
      d.same("HELLO", "3");
      d.same("HELLO", "3", "AUTH", "default", "wrong");
      d.same("HELLO", "3", "AUTH", "default", "wrong", "SETNAME", "x");
      d.same("PING");
      d.compare(WITHOUT_ID, b("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "x"));
      d.same("CLIENT", "GETNAME");
      d.same("GET", "nosuch");
      d.same("QUIT");
    }
  }

  @Test
  void multiBeforeAuthIsRefusedAndAborts() throws Exception {
    try (Differential d = new Differential(node.port(), redis.port())) {
      d.same("MULTI");
      d.same("AUTH", "s3cret");
      d.same("MULTI");
      d.same("EXEC");
    }
  }

  @Test
  void unauthenticatedClientsGetTightDecoderLimits() throws Exception {
    try (RespClient c = new RespClient(node.port())) {
      c.sendRaw("*1\r\n$100000\r\n");
      assertEquals("-ERR Protocol error: unauthenticated bulk length", c.read().toString());
    }
    try (RespClient c = new RespClient(node.port())) {
      assertEquals("+OK", c.call("AUTH", "s3cret").toString());
      assertEquals("+OK", c.call("SET", "big", "x".repeat(200_000)).toString());
    }
  }

  @Test
  void configSetRequirepassAppliesToNewConnections() throws Exception {
    try (RespClient admin = new RespClient(node.port())) {
      admin.call("AUTH", "s3cret");
      assertEquals("+OK", admin.call("CONFIG", "SET", "requirepass", "").toString());
      try (RespClient open = new RespClient(node.port())) {
        assertEquals("+PONG", open.call("PING").toString());
      }
      assertEquals("+OK", admin.call("CONFIG", "SET", "requirepass", "s3cret").toString());
      try (RespClient closed = new RespClient(node.port())) {
        assertEquals("-NOAUTH Authentication required.", closed.call("PING").toString());
      }
    }
  }

  private static byte[][] b(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return out;
  }
}
