package io.codis.proxy.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.protocol.Slots;
import io.codis.proxy.ProxyLimits;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Pub/Sub through the proxy in front of two nodes (slots split between them), compared byte for
 * byte with a real redis-server 7.0 for the same client transcript, in RESP2 and RESP3; Lettuce
 * (RESP3) as a real client; re-subscription after the node drops the subscriber connection.
 * About 5 s.
 */
@Timeout(60)
class ProxyPubSubIT {
  @RegisterExtension static final SplitProxy cluster = new SplitProxy(ProxyLimits.DEFAULTS);
  /** Channels on the first and the second node. */
  static String low;
  static String high;

  @BeforeAll
  static void start() throws Exception {
    low = channel(0, 511);
    high = channel(512, 1023);
  }

  static String channel(int firstSlot, int lastSlot) {
    for (int i = 0; ; i++) {
      int s = Slots.slotOf(("ch" + i).getBytes(), 1024);
      if (s >= firstSlot && s <= lastSlot) {
        return "ch" + i;
      }
    }
  }

  /**
   * The messages a subscriber received, in order, as {@code channel=message} or, for a pattern
   * match, {@code pattern:channel=message}; fed by a Lettuce or a Jedis listener.
   */
  static final class Heard {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    private void add(String pattern, String channel, String message) {
      queue.add((pattern == null ? "" : pattern + ":") + channel + "=" + message);
    }

    /** The next message, or null once {@code timeout} passed. */
    String poll(long timeout, TimeUnit unit) throws InterruptedException {
      return queue.poll(timeout, unit);
    }

    RedisPubSubAdapter<String, String> lettuceListener() {
      return new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          add(null, channel, message);
        }

        @Override
        public void message(String pattern, String channel, String message) {
          add(pattern, channel, message);
        }
      };
    }

    JedisPubSub jedisListener() {
      return new JedisPubSub() {
        @Override
        public void onMessage(String channel, String message) {
          add(null, channel, message);
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
          add(pattern, channel, message);
        }
      };
    }
  }

  /** The same conversation, recorded as the subscriber and the publisher saw it. */
  static String transcript(int port, int proto) throws Exception {
    StringBuilder t = new StringBuilder();
    try (RawResp a = new RawResp(port); RawResp b = new RawResp(port)) {
      if (proto == 3) {
        a.call("HELLO", "3"); // server fields differ; not compared
      }
      a.send("SUBSCRIBE", low, high);
      t.append(a.read(2));
      a.send("PSUBSCRIBE", "pat*");
      t.append(a.read());
      a.send("SUBSCRIBE", low);
      t.append(a.read());
      t.append(b.call("PUBLISH", low, "hello")).append(a.read());
      t.append(b.call("PUBLISH", high, "there")).append(a.read());
      t.append(b.call("PUBLISH", "pattern-x", "p")).append(a.read());
      t.append(b.call("PUBLISH", "nobody", "n"));
      t.append(a.call("PING")).append(a.call("PING", "hi"));
      t.append(a.call("GET", "k")).append(a.call("NOSUCHCMD"));
      a.send("UNSUBSCRIBE", high, "never");
      t.append(a.read(2));
      a.send("UNSUBSCRIBE");
      t.append(a.read());
      a.send("PUNSUBSCRIBE");
      t.append(a.read());
      a.send("UNSUBSCRIBE");
      t.append(a.read());
      t.append(a.call("PING"));
      a.send("SSUBSCRIBE", "{t}a", "{t}b");
      t.append(a.read(2));
      a.send("SSUBSCRIBE", "{t}a");
      t.append(a.read());
      t.append(b.call("SPUBLISH", "{t}b", "m")).append(a.read());
      a.send("SUBSCRIBE", low);
      t.append(a.read());
      a.send("SUNSUBSCRIBE", "{t}b", "{t}a");
      t.append(a.read(2));
      t.append(a.call("RESET")).append(a.call("PING"));
    }
    return t.toString();
  }

  @Test
  void resp2TranscriptMatchesRedis() throws Exception {
    assumeTrue(RealRedis.available());
    try (RealRedis redis = RealRedis.start()) {
      assertEquals(transcript(redis.port(), 2), transcript(cluster.port(), 2));
    }
  }

  @Test
  void resp3TranscriptMatchesRedis() throws Exception {
    assumeTrue(RealRedis.available());
    try (RealRedis redis = RealRedis.start()) {
      assertEquals(transcript(redis.port(), 3), transcript(cluster.port(), 3));
    }
  }

  @Test
  void shardedSubscribeAcrossSlotsIsCrossslotAsInRedisCluster() throws Exception {
    try (RawResp a = new RawResp(cluster.port())) {
      assertEquals("-CROSSSLOT Keys in request don't hash to the same slot\r\n",
          a.call("SSUBSCRIBE", "{t}a", "other"));
      assertEquals("+PONG\r\n", a.call("PING")); // not subscribed
    }
  }

  @Test
  void pubsubIntrospectionSeesSubscribersOnBothNodes() throws Exception {
    try (RawResp a = new RawResp(cluster.port()); Jedis j = new Jedis("127.0.0.1", cluster.port())) {
      a.send("SUBSCRIBE", low, high);
      a.read(2);
      a.send("PSUBSCRIBE", "x*");
      a.read();
      assertEquals(java.util.Set.of(low, high), new java.util.HashSet<>(j.pubsubChannels()));
      assertEquals(java.util.Map.of(low, 1L, high, 1L, "zz", 0L), j.pubsubNumSub(low, high, "zz"));
      assertEquals(1, j.pubsubNumPat());
    }
  }

  @Test
  void lettuceResp3SubscriberGetsMessagesFromBothNodesAndPatterns() throws Exception {
    RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + cluster.port()));
    try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        Jedis pub = new Jedis("127.0.0.1", cluster.port())) {
      Heard got = new Heard();
      sub.addListener(got.lettuceListener());
      sub.sync().subscribe(low, high);
      sub.sync().psubscribe("lt*");
      assertEquals(1, pub.publish(low, "1"));
      assertEquals(1, pub.publish(high, "2"));
      assertEquals(1, pub.publish("lt-" + high, "3"));
      // Messages that come from different nodes may overtake each other (see docs/proxy.md).
      java.util.Set<String> three = new java.util.HashSet<>();
      for (int i = 0; i < 3; i++) {
        three.add(got.poll(5, TimeUnit.SECONDS));
      }
      assertEquals(java.util.Set.of(low + "=1", high + "=2", "lt*:lt-" + high + "=3"), three);
      // Commands keep working on a RESP3 subscribed connection.
      assertEquals("PONG", sub.sync().ping());
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  @Test
  void subscriptionsFollowTheirSlotsWhenTheTableChanges() throws Exception {
    // A proxy of its own, whose table can be swapped: everything on n1, then everything on n2.
    java.util.concurrent.atomic.AtomicReference<io.codis.proxy.route.SlotTable> table =
        new java.util.concurrent.atomic.AtomicReference<>(io.codis.proxy.route.SlotTable.of(1, 1024,
            java.util.List.of(new io.codis.proxy.route.SlotTable.Range(0, 1023, cluster.n1().addr()))));
    io.codis.proxy.route.TableSource source = new io.codis.proxy.route.TableSource() {
      @Override
      public io.codis.proxy.route.SlotTable usable() {
        return table.get();
      }

      @Override
      public String downReason() {
        return "test";
      }
    };
    ProxyServer moving = new ProxyServer(io.codis.proxy.ProxyConfig.defaults("moving", java.util.List.of())
        .withPort(0).withEventLoops(1), source);
    int movingPort = moving.start();
    try (RawResp sub = new RawResp(movingPort); Jedis pub = new Jedis("127.0.0.1", movingPort);
        Jedis onN2 = cluster.n2().direct()) {
      sub.send("SUBSCRIBE", "moving-ch");
      sub.read();
      sub.send("PSUBSCRIBE", "mov*");
      sub.read();
      assertEquals(2, pub.publish("moving-ch", "before")); // the channel and the pattern
      assertTrue(sub.read().contains("before"));
      assertTrue(sub.read().contains("before")); // the pattern's copy
      table.set(io.codis.proxy.route.SlotTable.of(2, 1024,
          java.util.List.of(new io.codis.proxy.route.SlotTable.Range(0, 1023, cluster.n2().addr()))));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      // PUBLISH now routes to n2; the subscriber must have followed its channel and pattern there.
      while (onN2.pubsubNumSub("moving-ch").get("moving-ch") == 0 || onN2.pubsubNumPat() == 0) {
        assertTrue(System.nanoTime() < deadline, "not re-subscribed on the new master");
        Thread.sleep(20);
      }
      assertEquals(2, pub.publish("moving-ch", "after"));
      String m1 = sub.read();
      String m2 = sub.read();
      assertTrue(m1.contains("after") && m2.contains("after"), m1 + m2);
      sub.send("UNSUBSCRIBE");
      assertTrue(sub.read().contains(":1\r\n"), "one pattern left");
    } finally {
      moving.close();
    }
  }

  @Test
  void subscriberSurvivesTheNodeDroppingItsConnection() throws Exception {
    Heard got = new Heard();
    JedisPubSub listener = got.jedisListener();
    Jedis sub = new Jedis("127.0.0.1", cluster.port());
    Thread t = new Thread(() -> sub.subscribe(listener, low, high));
    t.start();
    try (Jedis pub = new Jedis("127.0.0.1", cluster.port()); Jedis direct = cluster.n1().direct()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (pub.publish(low, "warm") == 0) {
        assertTrue(System.nanoTime() < deadline, "never subscribed");
        Thread.sleep(10);
      }
      assertEquals(low + "=warm", got.poll(5, TimeUnit.SECONDS));
      listener.psubscribe("rs*");
      while (pub.publish("rs-" + low, "p") == 0) {
        assertTrue(System.nanoTime() < deadline, "pattern never subscribed");
        Thread.sleep(10);
      }
      assertEquals("rs*:rs-" + low + "=p", got.poll(5, TimeUnit.SECONDS));
      // The node drops every subscriber connection; the proxy must subscribe again by itself.
      assertTrue(direct.clientKill(new redis.clients.jedis.params.ClientKillParams()
          .type(redis.clients.jedis.args.ClientType.PUBSUB)) >= 1);
      while (pub.publish(low, "again") == 0) {
        assertTrue(System.nanoTime() < deadline, "not re-subscribed after the kill");
        Thread.sleep(20);
      }
      assertEquals(low + "=again", got.poll(5, TimeUnit.SECONDS));
      while (pub.publish("rs-" + low, "p2") == 0) {
        assertTrue(System.nanoTime() < deadline, "pattern not re-subscribed after the kill");
        Thread.sleep(20);
      }
      assertEquals("rs*:rs-" + low + "=p2", got.poll(5, TimeUnit.SECONDS));
      assertEquals(1, pub.publish(high, "untouched"));
      assertEquals(high + "=untouched", got.poll(5, TimeUnit.SECONDS));
    } finally {
      listener.unsubscribe();
      listener.punsubscribe();
      t.join(5_000);
      sub.close();
    }
  }
}
