package io.codis.node.replication;

import static io.codis.node.replication.ReplicationFixture.await;
import static io.codis.node.replication.ReplicationFixture.awaitCaughtUp;
import static io.codis.node.replication.ReplicationFixture.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.replication.ReplicationFixture.Node;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WAIT, min-replicas-to-write, replication-mode sync, authenticated replication, promotion with
 * REPLICAOF NO ONE (PSYNC2 continuation by a second replica). In-JVM nodes on real sockets; about
 * 15 s on a loaded 2-core machine.
 */
class ReplicationSafetyIT {
  @RegisterExtension final NodeSandbox sandbox = new NodeSandbox("repl-safety-it");

  private RespClient client(Node n) throws IOException {
    return sandbox.track(new RespClient("127.0.0.1", n.port(), 15_000));
  }

  private static boolean up(RespClient c) {
    return ReplicationIT.up(c);
  }

  @Test
  void waitCountsAcknowledgingReplicasAndTimesOut() throws Exception {
    Node master = sandbox.start(0, "m");
    RespClient m = client(master);
    m.call("SET", "a", "1");
    assertEquals(":0", m.call("WAIT", "0", "0").toString());
    long started = System.nanoTime();
    assertEquals(":0", m.call("WAIT", "1", "200").toString()); // no replica: the timeout decides
    assertTrue(System.nanoTime() - started >= 150_000_000L);

    Node replica = sandbox.start(0, "r", "replicaof", "127.0.0.1 " + master.port());
    RespClient r = client(replica);
    await("link up", 20_000, () -> up(r));
    m.call("SET", "b", "2");
    assertEquals(":1", m.call("WAIT", "1", "5000").toString());
    assertEquals("$\"2\"", r.call("GET", "b").toString()); // acknowledged means applied
    started = System.nanoTime();
    assertEquals(":1", m.call("WAIT", "2", "300").toString());
    assertTrue(System.nanoTime() - started >= 250_000_000L);
    // pipelined: replies stay in order around a WAIT
    m.send("SET", "c", "3");
    m.send("WAIT", "1", "5000");
    m.send("GET", "c");
    assertEquals("+OK", m.read().toString());
    assertEquals(":1", m.read().toString());
    assertEquals("$\"3\"", m.read().toString());
    assertTrue(r.call("WAIT", "1", "10").toString().startsWith("-ERR WAIT cannot be used with replica instances"));
  }

  @Test
  void minReplicasAndSyncModeRefuseOrWaitAsDocumented() throws Exception {
    Node master = sandbox.start(0, "m", "min-replicas-to-write", "1", "min-replicas-max-lag", "10");
    RespClient m = client(master);
    assertEquals("-NOREPLICAS Not enough good replicas to write.", m.call("SET", "a", "1").toString());
    assertEquals("$nil", m.call("GET", "a").toString()); // refused before it ran; reads still served
    Node replica = sandbox.start(0, "r", "replicaof", "127.0.0.1 " + master.port());
    RespClient r = client(replica);
    await("link up", 20_000, () -> up(r));
    await("good replica", 10_000, () -> ok(m, "SET", "a", "1"));
    assertEquals("min_slaves_good_slaves:1".split(":")[1], info(m).get("min_slaves_good_slaves"));

    // sync mode: a write's reply is released after a replica acknowledged it, so it is readable there
    assertEquals("+OK", m.call("CONFIG", "SET", "min-replicas-to-write", "0", "replication-mode", "sync").toString());
    for (int i = 0; i < 50; i++) {
      assertEquals("+OK", m.call("SET", "k" + i, "v" + i).toString());
      assertEquals("$\"v" + i + "\"", r.call("GET", "k" + i).toString());
    }
    assertEquals("sync", info(m).get("replication_mode"));

    // no replica connected: sync mode refuses writes before they run
    replica.close();
    await("replica gone", 10_000, () -> {
      try {
        return info(m).get("connected_slaves").equals("0");
      } catch (IOException e) {
        return false;
      }
    });
    assertEquals("-NOREPLICAS Not enough good replicas to write.", m.call("SET", "x", "1").toString());
    assertEquals("$nil", m.call("GET", "x").toString());
  }

  @Test
  void replicationIsAuthenticatedWithMasterauth() throws Exception {
    Node master = sandbox.start(0, "m");
    RespClient m = client(master);
    assertEquals("+OK", m.call("CONFIG", "SET", "requirepass", "s3cret").toString());
    Node replica = sandbox.start(0, "r", "replicaof", "127.0.0.1 " + master.port());
    RespClient r = client(replica);
    Thread.sleep(1500);
    assertEquals("down", info(r).get("master_link_status"));
    assertEquals("+OK", r.call("CONFIG", "SET", "masterauth", "wrong").toString());
    Thread.sleep(1500);
    assertEquals("down", info(r).get("master_link_status"));
    assertEquals("+OK", r.call("CONFIG", "SET", "masterauth", "s3cret").toString());
    await("link up with the right password", 20_000, () -> up(r));
    m.call("AUTH", "s3cret");
    m.call("SET", "secret", "data");
    awaitCaughtUp(m, r, 10_000);
    assertEquals("$\"data\"", r.call("GET", "secret").toString());
  }

  @Test
  void promotedReplicaServesTheOtherReplicaWithoutFullSync() throws Exception {
    Node master = sandbox.start(0, "m");
    RespClient m = client(master);
    Node a = sandbox.start(0, "a", "replicaof", "127.0.0.1 " + master.port());
    Node b = sandbox.start(0, "b", "replicaof", "127.0.0.1 " + master.port());
    RespClient ra = client(a);
    RespClient rb = client(b);
    await("links up", 20_000, () -> up(ra) && up(rb));
    for (int i = 0; i < 200; i++) {
      m.call("SET", "k" + i, "v" + i);
    }
    awaitCaughtUp(m, ra, 10_000);
    awaitCaughtUp(m, rb, 10_000);
    String oldId = info(m).get("master_replid");
    long offsetBefore = ReplicationFixture.offset(ra);
    master.close();

    assertEquals("+OK", ra.call("REPLICAOF", "NO", "ONE").toString());
    var promoted = info(ra);
    assertEquals("master", promoted.get("role"));
    assertEquals(oldId, promoted.get("master_replid2"));
    assertEquals(Long.toString(offsetBefore + 1), promoted.get("second_repl_offset"));
    assertTrue(!promoted.get("master_replid").equals(oldId));
    assertEquals("+OK", ra.call("SET", "new", "write").toString());

    assertEquals("+OK", rb.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port())).toString());
    await("b follows a", 20_000, () -> up(rb));
    awaitCaughtUp(ra, rb, 10_000);
    assertEquals("$\"write\"", rb.call("GET", "new").toString());
    assertEquals("1", ReplicationIT.stat(ra, "sync_partial_ok"));
    assertEquals("0", ReplicationIT.stat(ra, "sync_full"));
    assertEquals(info(ra).get("master_replid"), info(rb).get("master_replid"));
  }

  @Test
  void chainedReplicaAttachedMidStreamConverges() throws Exception {
    Node master = sandbox.start(0, "m");
    Node a = sandbox.start(0, "a", "replicaof", "127.0.0.1 " + master.port());
    Node b = sandbox.start(0, "b");
    RespClient m = client(master);
    RespClient ra = client(a);
    RespClient rb = client(b);
    await("a up", 20_000, () -> up(ra));
    try (ReplicationIT.Writers writers = new ReplicationIT.Writers(master.port(), 2, 99)) {
      Thread.sleep(400);
      assertEquals("+OK", rb.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port())).toString());
      await("b up", 20_000, () -> up(rb));
      Thread.sleep(600);
    }
    ReplicationIT.assertSameContent(m, ra);
    awaitCaughtUp(m, rb, 20_000);
    assertEquals(ReplicationFixture.content(m), ReplicationFixture.content(rb));
    assertEquals(ReplicationFixture.offset(m), ReplicationFixture.offset(rb));
  }

  private static boolean ok(RespClient c, String... args) {
    try {
      return c.call(args).toString().equals("+OK");
    } catch (IOException e) {
      return false;
    }
  }

  static String text(Reply r) {
    return ((Reply.Bulk) r).text();
  }
}
