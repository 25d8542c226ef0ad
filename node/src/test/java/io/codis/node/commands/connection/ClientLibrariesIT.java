package io.codis.node.commands.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.NodeConfig;
import io.codis.node.testing.TestNode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** Jedis (RESP2 and RESP3) and Lettuce (RESP3 through HELLO) against a node: handshake, basics, MULTI. */
class ClientLibrariesIT {
  @Test
  void jedisResp2WithPassword() throws Exception {
    try (TestNode node = TestNode.start(NodeConfig.defaults().withRequirepass("pw"));
        Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", node.port()),
            DefaultJedisClientConfig.builder().password("pw").clientName("jedis-test").build())) {
      assertEquals("PONG", jedis.ping());
      assertEquals("OK", jedis.set("k", "v"));
      assertEquals("v", jedis.get("k"));
      assertEquals("jedis-test", jedis.clientGetname());
      assertTrue(jedis.info("server").contains("redis_version:7.0.15"));
      assertEquals(List.of("save", ""), flatten(jedis.configGet("save")));
      Transaction t = jedis.multi();
      t.set("a", "1");
      t.get("a");
      assertEquals(List.of("OK", "1"), t.exec());
      assertTrue(jedis.clientList().contains("name=jedis-test"));
    }
    try (TestNode node = TestNode.start(NodeConfig.defaults().withRequirepass("pw"));
        Jedis jedis = new Jedis("127.0.0.1", node.port())) {
      JedisDataException e = assertThrows(JedisDataException.class, jedis::ping);
      assertTrue(e.getMessage().startsWith("NOAUTH"), e.getMessage());
    }
  }

  @Test
  void jedisResp3() throws Exception {
    try (TestNode node = TestNode.start();
        Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", node.port()),
            DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
      assertEquals("OK", jedis.set("k", "v"));
      assertEquals("v", jedis.get("k"));
      assertNull(jedis.get("missing"));
      assertEquals(1, jedis.dbSize());
      assertTrue(jedis.info().contains("# Keyspace"));
      assertEquals(List.of("maxclients", "10000"), flatten(jedis.configGet("maxclients")));
    }
  }

  @Test
  void lettuceResp3() throws Exception {
    try (TestNode node = TestNode.start(NodeConfig.defaults().withRequirepass("pw"))) {
      RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(node.port())
          .withPassword("pw".toCharArray()).withClientName("lettuce-test")
          .withTimeout(Duration.ofSeconds(10)).build();
      RedisClient client = RedisClient.create(uri);
      client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
      try (StatefulRedisConnection<String, String> conn = client.connect()) {
        RedisCommands<String, String> redis = conn.sync();
        assertEquals("PONG", redis.ping());
        assertEquals("OK", redis.set("k", "v"));
        assertEquals("v", redis.get("k"));
        assertEquals("lettuce-test", redis.clientGetname());
        assertTrue(redis.clientList().contains("resp=3"));
        assertEquals("", redis.configGet("save").get("save"));
        assertEquals("no", redis.configGet("appendonly").get("appendonly"));
        redis.multi();
        redis.set("a", "1");
        redis.get("a");
        TransactionResult result = redis.exec();
        assertEquals(List.of("OK", "1"), result.stream().toList());
        assertTrue(redis.info("server").contains("redis_mode:standalone"));
        assertTrue(redis.commandCount() > 0);
      } finally {
        client.shutdown();
      }
    }
  }

  private static List<String> flatten(Object configGet) {
    if (configGet instanceof java.util.Map<?, ?> map) {
      List<String> out = new java.util.ArrayList<>();
      map.forEach((k, v) -> {
        out.add(String.valueOf(k));
        out.add(String.valueOf(v));
      });
      return out;
    }
    @SuppressWarnings("unchecked")
    List<String> list = (List<String>) configGet;
    return list;
  }
}
