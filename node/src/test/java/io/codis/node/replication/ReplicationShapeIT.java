package io.codis.node.replication;

import static io.codis.node.replication.ReplicationFixture.await;
import static io.codis.node.replication.ReplicationFixture.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.node.replication.ReplicationFixture.Node;
import io.codis.node.testing.RedisServerProcess;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an operator and a replica see on the wire: INFO replication fields and ROLE shapes compared
 * with a real redis-server 7.0 master/replica pair, and the sync-mode gate observed from a
 * hand-driven replica that acknowledges only when told. About 6 s.
 */
class ReplicationShapeIT {
  @RegisterExtension final NodeSandbox sandbox = new NodeSandbox("repl-shape-it");

  @Test
  void infoAndRoleHaveRedisShapes() throws Exception {
    assumeTrue(RedisServerProcess.available(), "redis-server not installed");
    RedisServerProcess redisMaster = sandbox.track(RedisServerProcess.start());
    RedisServerProcess redisReplica = sandbox.track(RedisServerProcess.start("--replicaof", "127.0.0.1",
        Integer.toString(redisMaster.port())));
    Node master = sandbox.start(0, "");
    Node replica = sandbox.start(0, "", "replicaof", "127.0.0.1 " + master.port());
    RespClient rm = sandbox.track(new RespClient(redisMaster.port()));
    RespClient rr = sandbox.track(new RespClient(redisReplica.port()));
    RespClient m = sandbox.track(new RespClient(master.port()));
    RespClient r = sandbox.track(new RespClient(replica.port()));
    await("links up", 20_000, () -> ReplicationIT.up(rr) && ReplicationIT.up(r));
    rm.call("SET", "a", "1");
    m.call("SET", "a", "1");
    await("replicas listed", 10_000, () -> listed(rm) && listed(m));

    List<String> ours = new ArrayList<>(info(m).keySet());
    assertTrue(ours.remove("replication_mode"));
    assertEquals(new ArrayList<>(info(rm).keySet()), ours);
    ours = new ArrayList<>(info(r).keySet());
    assertTrue(ours.remove("replication_mode"));
    assertEquals(new ArrayList<>(info(rr).keySet()), ours);
    assertTrue(info(m).get("slave0").matches("ip=127\\.0\\.0\\.1,port=\\d+,state=online,offset=\\d+,lag=\\d+"));

    assertEquals(shape(rm.call("ROLE")), shape(m.call("ROLE")));
    assertEquals(shape(rr.call("ROLE")), shape(r.call("ROLE")));
    assertEquals("connected", ((Reply.Bulk) ((Reply.Arr) r.call("ROLE")).items().get(3)).text());
    for (String[] error : new String[][] {
        {"REPLCONF", "bogus", "1"}, {"REPLCONF", "a"}, {"REPLICAOF", "host", "notaport"}, {"REPLICAOF", "host", "70000"}}) {
      assertEquals(rm.call(error).toString(), m.call(error).toString());
    }
  }

  private static boolean listed(RespClient c) {
    try {
      return info(c).containsKey("slave0") && info(c).get("slave0").contains("state=online");
    } catch (IOException e) {
      return false;
    }
  }

  /** The reply with every leaf replaced by its type, so shapes compare and values do not. */
  private static String shape(Reply reply) {
    if (reply instanceof Reply.Arr a) {
      List<String> parts = new ArrayList<>();
      a.items().forEach(item -> parts.add(shape(item)));
      return parts.toString();
    }
    return reply.getClass().getSimpleName();
  }

  @Test
  void syncModeReleasesAReplyOnlyAfterAnAcknowledgement() throws Exception {
    Node master = sandbox.start(0, "", "replication-mode", "sync", "replication-sync-timeout", "800");
    RespClient fake = sandbox.track(new RespClient("127.0.0.1", master.port(), 10_000));
    assertEquals("+OK", fake.call("REPLCONF", "listening-port", "1").toString());
    fake.send("PSYNC", "?", "-1");
    String full = fake.read().toString();
    assertTrue(full.startsWith("+FULLRESYNC "), full);
    long offset = Long.parseLong(full.split(" ")[2]);
    assertEquals("*[$\"snapshot-end\"]", fake.read().toString());
    fake.send("REPLCONF", "ACK", Long.toString(offset)); // no reply, as in Redis

    RespClient writer = sandbox.track(new RespClient("127.0.0.1", master.port(), 10_000));
    writer.send("SET", "k", "v");
    CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> readText(writer));
    long[] at = {offset};
    // the write is in the stream before its reply is released
    assertEquals("*[$\"set\", $\"k\", $\"v\"]", nextRecord(fake, at));
    offset = at[0];
    Thread.sleep(300);
    assertFalse(reply.isDone(), "reply released before any acknowledgement");
    fake.send("REPLCONF", "ACK", Long.toString(offset));
    assertEquals("+OK", reply.get(5, TimeUnit.SECONDS));

    // never acknowledged: after replication-sync-timeout the client is disconnected (outcome unknown)
    RespClient unlucky = sandbox.track(new RespClient("127.0.0.1", master.port(), 10_000));
    long started = System.nanoTime();
    unlucky.send("SET", "k2", "v2");
    assertEquals("closed", readText(unlucky));
    assertTrue(System.nanoTime() - started >= 700_000_000L);
    // ...but the write was done on the master and is in the stream
    assertEquals("*[$\"set\", $\"k2\", $\"v2\"]", nextRecord(fake, at));
  }

  @Test
  void collectionWritesShipAsCommandsOnlyWhenDeterministic() throws Exception {
    Node master = sandbox.start(0, "");
    RespClient fake = sandbox.track(new RespClient("127.0.0.1", master.port(), 10_000));
    fake.send("PSYNC", "?", "-1");
    String full = fake.read().toString();
    long[] at = {Long.parseLong(full.split(" ")[2])};
    assertEquals("*[$\"snapshot-end\"]", fake.read().toString());
    RespClient c = sandbox.track(new RespClient(master.port()));
    c.call("RPUSH", "l", "a", "b");
    assertEquals("*[$\"RPUSH\", $\"l\", $\"a\", $\"b\"]", nextRecord(fake, at)); // O(1), not the list
    c.call("EXPIRE", "l", "100");
    assertTrue(nextRecord(fake, at).startsWith("*[$\"restore\", $\"l\", "), "relative TTL shipped as a state");
    c.call("RPUSH", "l", "c");
    assertTrue(nextRecord(fake, at).startsWith("*[$\"restore\", $\"l\", "), "a key with a TTL ships its state");
    c.call("SADD", "s", "x", "y", "z");
    assertEquals("*[$\"SADD\", $\"s\", $\"x\", $\"y\", $\"z\"]", nextRecord(fake, at));
    c.call("SPOP", "s");
    assertTrue(nextRecord(fake, at).startsWith("*[$\"restore\", $\"s\", $\"0\", "), "SPOP ships the result");
    c.call("SET", "str", "v", "EX", "100");
    assertTrue(nextRecord(fake, at).matches("\\*\\[\\$\"set\", \\$\"str\", \\$\"v\", \\$\"PXAT\", \\$\"\\d{13}\"\\]"));
  }

  /** The next record other than the master's keep-alive PING; {@code at[0]} advances past both. */
  private static String nextRecord(RespClient fake, long[] at) throws IOException {
    while (true) {
      Reply record = fake.read();
      at[0] += wireBytes(record);
      if (!record.toString().equals("*[$\"ping\"]")) {
        return record.toString();
      }
    }
  }

  private static String readText(RespClient c) {
    try {
      return c.read().toString();
    } catch (IOException e) {
      return "closed";
    }
  }

  /** The bytes a stream record took on the wire (what the offset counts). */
  private static long wireBytes(Reply record) {
    List<Reply> items = ((Reply.Arr) record).items();
    byte[][] argv = new byte[items.size()][];
    for (int i = 0; i < argv.length; i++) {
      argv[i] = ((Reply.Bulk) items.get(i)).bytes();
    }
    return Effects.record(argv).length;
  }
}
