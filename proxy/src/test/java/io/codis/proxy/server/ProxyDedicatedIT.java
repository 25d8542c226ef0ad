package io.codis.proxy.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.proxy.ProxyLimits;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Blocking commands and transactions through the proxy (two nodes, a request deadline of 600 ms):
 * a blocked client outlives the deadline and does not stall other clients; MULTI/EXEC, WATCH
 * conflicts, CROSSSLOT at queue time then EXECABORT, compared with a real redis-server where the
 * semantics are the same. About 8 s.
 */
@Timeout(90)
class ProxyDedicatedIT {
  static final long DEADLINE_MS = 600;
  @RegisterExtension
  static final SplitProxy cluster = new SplitProxy(ProxyLimits.DEFAULTS.withRequestDeadlineMs(DEADLINE_MS));

  @Test
  void blpopWithoutTimeoutOutlivesTheRequestDeadlineAndIsReleasedByAPushFromAnotherClient()
      throws Exception {
    try (Jedis blocked = new Jedis("127.0.0.1", cluster.port(), 10_000);
        Jedis other = new Jedis("127.0.0.1", cluster.port())) {
      CompletableFuture<List<String>> popped =
          CompletableFuture.supplyAsync(() -> blocked.blpop(0, "q{1}", "q2{1}"));
      // Other clients on the same event loops keep being served while it waits.
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * DEADLINE_MS);
      int served = 0;
      while (System.nanoTime() < until) {
        other.set("k" + served, "v");
        assertEquals("v", other.get("k" + served));
        served++;
      }
      assertFalse(popped.isDone(), "BLPOP returned early: " + (popped.isDone() ? popped.get() : ""));
      assertTrue(served > 10, "served " + served);
      assertEquals(1, other.rpush("q2{1}", "x"));
      assertEquals(List.of("q2{1}", "x"), popped.get(5, TimeUnit.SECONDS));
      // The dedicated connection stays usable for the next blocking command.
      assertNull(blocked.brpop(1, "q{1}"));
    }
  }

  @Test
  void blockingCommandsAcrossSlotsAreCrossslotAndTimeoutsAnswerNil() throws Exception {
    try (Jedis j = new Jedis("127.0.0.1", cluster.port(), 10_000)) {
      JedisDataException e = assertThrows(JedisDataException.class, () -> j.blpop(1, "a", "b"));
      assertTrue(e.getMessage().startsWith("CROSSSLOT"), e.getMessage());
      long t0 = System.nanoTime();
      assertNull(j.bzpopmin(1.2, "z{2}"));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(ms >= 1_100, "returned after " + ms + " ms");
      j.rpush("src{3}", "a", "b");
      assertEquals("b", j.blmove("src{3}", "dst{3}", redis.clients.jedis.args.ListDirection.RIGHT,
          redis.clients.jedis.args.ListDirection.LEFT, 0));
      assertEquals("a", j.brpoplpush("src{3}", "dst{3}", 0));
      assertEquals(List.of("a", "b"), j.lrange("dst{3}", 0, -1));
      j.zadd("zz{4}", 1, "m");
      assertNotNull(j.bzmpop(0, redis.clients.jedis.args.SortedSetOption.MAX, "zz{4}", "zy{4}"));
    }
  }

  @Test
  void multiExecRunsOnTheSlotsMasterAndWatchConflictsAbort() throws Exception {
    try (Jedis a = new Jedis("127.0.0.1", cluster.port()); Jedis b = new Jedis("127.0.0.1", cluster.port())) {
      Transaction t = a.multi();
      t.set("acct{u1}", "10");
      t.incrBy("acct{u1}", 5);
      t.get("acct{u1}");
      assertEquals(List.of("OK", 15L, "15"), t.exec());

      a.watch("acct{u1}");
      b.set("acct{u1}", "99"); // another client touches the watched key
      Transaction lost = a.multi();
      lost.set("acct{u1}", "0");
      assertNull(lost.exec());
      assertEquals("99", b.get("acct{u1}"));

      a.watch("acct{u1}");
      Transaction won = a.multi();
      won.incr("acct{u1}");
      assertEquals(List.of(100L), won.exec());

      Transaction dropped = a.multi();
      dropped.set("acct{u1}", "1");
      assertEquals("OK", dropped.discard());
      assertEquals("100", a.get("acct{u1}"));
    }
  }

  /** The same transcript against the proxy and a real redis-server (single-slot keys). */
  static String transactionTranscript(int port) throws Exception {
    StringBuilder t = new StringBuilder();
    try (RawResp a = new RawResp(port)) {
      a.call("DEL", "t{x}", "u{x}");
      t.append(a.call("EXEC")).append(a.call("DISCARD"));
      t.append(a.call("MULTI")).append(a.call("MULTI"));
      t.append(a.call("SET", "t{x}", "1")).append(a.call("WATCH", "t{x}"));
      t.append(a.call("INCR", "t{x}")).append(a.call("NOSUCH")).append(a.call("GET"));
      t.append(a.call("EXEC")).append(a.call("GET", "t{x}"));
      t.append(a.call("MULTI")).append(a.call("LPUSH", "t{x}", "z")).append(a.call("INCR", "u{x}"));
      t.append(a.call("PING")).append(a.call("EXEC"));
      t.append(a.call("MULTI")).append(a.call("EXEC"));
      t.append(a.call("WATCH", "t{x}", "u{x}")).append(a.call("UNWATCH")).append(a.call("UNWATCH"));
      t.append(a.call("MULTI")).append(a.call("BLPOP", "nothing{x}", "0")).append(a.call("EXEC"));
      t.append(a.call("MULTI")).append(a.call("SET", "t{x}", "q")).append(a.call("RESET"));
      t.append(a.call("GET", "t{x}"));
    }
    return t.toString();
  }

  /** A RESP3 client gets RESP3 shared connections: pass-through, fan-outs and cluster-wide merges. */
  @Test
  void resp3ClientsAreServedOnEveryPath() throws Exception {
    try (RawResp r = new RawResp(cluster.port())) {
      assertTrue(r.call("HELLO", "3").startsWith("%7\r\n"));
      assertTrue(r.call("CLIENT", "INFO").contains(" resp=3"));
      assertEquals("+OK\r\n", r.call("SET", "r3{1}", "a"));
      assertEquals("+OK\r\n", r.call("SET", "r3{2}", "b"));
      assertEquals(":1\r\n", r.call("HSET", "h3{1}", "f", "v"));
      assertEquals("%1\r\n$1\r\nf\r\n$1\r\nv\r\n", r.call("HGETALL", "h3{1}"));
      assertEquals("*3\r\n$1\r\na\r\n$1\r\nb\r\n_\r\n", r.call("MGET", "r3{1}", "r3{2}", "none{3}"));
      String info = r.call("INFO", "keyspace"); // the nodes answer RESP3 verbatim strings
      assertTrue(info.startsWith("$") && info.contains("db0:keys="), info);
      assertTrue(r.call("DBSIZE").startsWith(":"));
      assertEquals("+RESET\r\n", r.call("RESET"));
      assertTrue(r.call("CLIENT", "INFO").contains(" resp=2"));
    }
  }

  /** Nulls the proxy builds itself follow the client's protocol, as Redis's do. */
  @Test
  void proxyBuiltNullsFollowTheClientsProtocol() throws Exception {
    try (RawResp r = new RawResp(cluster.port())) {
      assertEquals("+OK\r\n", r.call("FLUSHALL"));
      assertEquals("$-1\r\n", r.call("RANDOMKEY"));
      assertTrue(r.call("HELLO", "3").startsWith("%7\r\n"));
      assertEquals("_\r\n", r.call("RANDOMKEY"));
    }
  }

  @Test
  void transactionTranscriptMatchesRedis() throws Exception {
    assumeTrue(RealRedis.available());
    try (RealRedis redis = RealRedis.start()) {
      assertEquals(transactionTranscript(redis.port()), transactionTranscript(cluster.port()));
    }
  }

  @Test
  void crossingSlotsInsideATransactionFailsAtQueueTimeAndExecAborts() throws Exception {
    try (RawResp a = new RawResp(cluster.port())) {
      assertEquals("+OK\r\n", a.call("MULTI"));
      assertEquals("+QUEUED\r\n", a.call("SET", "x{1}", "1"));
      assertEquals("-CROSSSLOT Keys in request don't hash to the same slot\r\n", a.call("SET", "y{2}", "1"));
      assertEquals("-CROSSSLOT Keys in request don't hash to the same slot\r\n", a.call("MGET", "a", "b"));
      assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", a.call("EXEC"));
      assertEquals("$-1\r\n", a.call("GET", "x{1}"));
      assertEquals("+OK\r\n", a.call("WATCH", "w{1}"));
      assertEquals("-CROSSSLOT Keys in request don't hash to the same slot\r\n", a.call("WATCH", "w{2}"));
      assertEquals("+OK\r\n", a.call("MULTI"));
      assertEquals("-CROSSSLOT Keys in request don't hash to the same slot\r\n", a.call("GET", "w{2}"));
      assertEquals("-ERR 'dbsize' is not supported inside a transaction by the proxy\r\n", a.call("DBSIZE"));
      assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", a.call("EXEC"));
    }
  }

  @Test
  void lettuceResp3TransactionsAndBlockingPops() throws Exception {
    RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + cluster.port()));
    try (StatefulRedisConnection<String, String> c = client.connect();
        StatefulRedisConnection<String, String> d = client.connect()) {
      RedisCommands<String, String> r = c.sync();
      r.multi();
      r.hset("h{7}", "f", "v");
      r.hgetall("h{7}");
      TransactionResult result = r.exec();
      assertFalse(result.wasDiscarded());
      assertEquals(java.util.Map.of("f", "v"), result.get(1));
      CompletableFuture<io.lettuce.core.KeyValue<String, String>> popped =
          c.async().brpop(0, "lq{7}").toCompletableFuture();
      Thread.sleep(2 * DEADLINE_MS);
      assertFalse(popped.isDone());
      assertEquals(1L, d.sync().lpush("lq{7}", "v"));
      assertEquals("v", popped.get(5, TimeUnit.SECONDS).getValue());
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
