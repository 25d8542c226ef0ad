package io.codis.node.replication;

import static io.codis.node.replication.ReplicationFixture.await;
import static io.codis.node.replication.ReplicationFixture.awaitCaughtUp;
import static io.codis.node.replication.ReplicationFixture.content;
import static io.codis.node.replication.ReplicationFixture.info;
import static io.codis.node.replication.ReplicationFixture.offset;
import static io.codis.node.replication.ReplicationFixture.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.replication.ReplicationFixture.Node;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Master and replica nodes in this JVM on real sockets, driven by real RESP clients: convergence of
 * a replica attached while writers run (full sync, then the stream), partial resync after a dropped
 * link, full resync once the backlog moved on, restarts of the replica and of the master (with
 * appendonly yes), READONLY. About 25 s on a loaded 2-core machine.
 */
class ReplicationIT {
  @RegisterExtension final NodeSandbox sandbox = new NodeSandbox("repl-it");

  /** Writers of every type, with relative TTLs, random pops and transactions, until stopped. */
  static final class Writers implements AutoCloseable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong ops = new AtomicLong();
    final List<Thread> threads = new ArrayList<>();
    final List<Throwable> failures = new ArrayList<>();

    Writers(int port, int count, long seed) {
      for (int t = 0; t < count; t++) {
        Random random = new Random(seed + t);
        Thread thread = new Thread(() -> {
          try (RespClient c = new RespClient(port)) {
            while (!stop.get()) {
              one(c, random);
              ops.incrementAndGet();
            }
          } catch (Throwable e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        }, "writer-" + t);
        thread.start();
        threads.add(thread);
      }
    }

    private static void one(RespClient c, Random r) throws IOException {
      String k = Integer.toString(r.nextInt(150));
      switch (r.nextInt(14)) {
        case 0 -> c.call("SET", "s" + k, "v" + r.nextInt(1000));
        case 1 -> c.call("SET", "s" + k, "v" + r.nextInt(1000), "EX", Integer.toString(100 + r.nextInt(1000)));
        case 2 -> c.call("SET", "t" + k, "short", "PX", Integer.toString(100 + r.nextInt(500)));
        case 3 -> c.call("INCRBY", "n" + k, Integer.toString(r.nextInt(10)));
        case 4 -> c.call("RPUSH", "l" + k, "a" + r.nextInt(50), "b" + r.nextInt(50));
        case 5 -> c.call("LPOP", "l" + k);
        case 6 -> c.call("HSET", "h" + k, "f" + r.nextInt(20), Integer.toString(r.nextInt(100)));
        case 7 -> c.call("HINCRBYFLOAT", "h" + k, "x", "1.5");
        case 8 -> c.call("SADD", "S" + k, "m" + r.nextInt(30), "m" + r.nextInt(30));
        case 9 -> c.call("SPOP", "S" + k); // the random choice is shipped as its result
        case 10 -> c.call("ZADD", "z" + k, Integer.toString(r.nextInt(100)), "m" + r.nextInt(20));
        case 11 -> c.call("EXPIRE", "s" + k, Integer.toString(50 + r.nextInt(100)));
        case 12 -> c.call("DEL", "s" + k, "l" + k);
        default -> {
          c.send("MULTI");
          c.send("INCR", "n" + k);
          c.send("ZINCRBY", "z" + k, "2.5", "m1");
          c.send("EXEC");
          for (int i = 0; i < 4; i++) {
            c.read();
          }
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(10_000);
      }
      if (!failures.isEmpty()) {
        throw new AssertionError("writer failed", failures.get(0));
      }
    }
  }

  /** Converged: same content on both after the short TTLs have all run out. */
  static void assertSameContent(RespClient master, RespClient replica) throws Exception {
    Thread.sleep(700); // every PX key written has expired; active expiry ships the deletes
    awaitCaughtUp(master, replica, 20_000);
    Map<String, String> m = content(master);
    Map<String, String> r = content(replica);
    assertFalse(m.isEmpty());
    assertEquals(m, r);
  }

  @Test
  void replicaAttachedMidStreamConvergesAndRejectsWrites() throws Exception {
    Node master = sandbox.start(0, "m");
    Node replica = sandbox.start(0, "r");
    try (RespClient m = sandbox.track(new RespClient(port(master)));
        RespClient r = sandbox.track(new RespClient(port(replica)))) {
      try (Writers writers = new Writers(port(master), 2, 42)) {
        Thread.sleep(600);
        assertEquals("+OK", r.call("REPLICAOF", "127.0.0.1", Integer.toString(port(master))).toString());
        await("link up", 20_000, () -> up(r));
        Thread.sleep(800);
        assertTrue(writers.ops.get() > 100, "writers made progress: " + writers.ops.get());
      }
      assertSameContent(m, r);
      assertEquals("-READONLY You can't write against a read only replica.", r.call("SET", "x", "1").toString());
      assertEquals("-READONLY You can't write against a read only replica.", r.call("DEL", "s1").toString());
      assertEquals("+OK", r.call("MULTI").toString());
      assertEquals("-READONLY You can't write against a read only replica.", r.call("INCR", "n1").toString());
      assertTrue(r.call("EXEC").toString().startsWith("-EXECABORT"));
      // the offset is comparable: the replica's equals the master's
      assertEquals(offset(m), offset(r));
      assertEquals(info(m).get("master_replid"), info(r).get("master_replid"));
      // one full sync only: a record the replica failed to apply would have forced another
      assertEquals("1", stat(m, "sync_full"));
    }
  }

  @Test
  void droppedLinkResumesPartiallyThenFullyOnceTheBacklogMovedOn() throws Exception {
    Node master = sandbox.start(0, "m", "repl-backlog-size", "16384");
    Node replica = sandbox.start(0, "r", "replicaof", "127.0.0.1 " + port(master));
    try (RespClient m = sandbox.track(new RespClient(port(master)));
        RespClient r = sandbox.track(new RespClient(port(replica)))) {
      await("link up", 20_000, () -> up(r));
      for (int i = 0; i < 100; i++) {
        m.call("SET", "k" + i, "v" + i);
      }
      awaitCaughtUp(m, r, 10_000);
      assertEquals("1", stat(m, "sync_full"));

      // A dropped link with little written meanwhile: continued from the backlog.
      killReplicaConnection(m);
      m.call("SET", "during", "outage");
      await("link up again", 20_000, () -> up(r) && stat(m, "sync_partial_ok").equals("1"));
      awaitCaughtUp(m, r, 10_000);
      assertEquals("+OK", m.call("SET", "after", "x").toString());
      awaitCaughtUp(m, r, 10_000);
      assertEquals(content(m), content(r));

      // More written while the link is down than the backlog holds: a full resync.
      long partialErrors = Long.parseLong(stat(m, "sync_partial_err"));
      killReplicaConnection(m);
      String big = "x".repeat(1000);
      for (int i = 0; i < 60; i++) {
        m.call("SET", "big" + i, big + i);
      }
      await("full resync", 20_000, () -> up(r) && stat(m, "sync_full").equals("2"));
      assertEquals(partialErrors + 1, Long.parseLong(stat(m, "sync_partial_err")));
      awaitCaughtUp(m, r, 10_000);
      assertEquals(content(m), content(r));
    }
  }

  @Test
  void replicaThenMasterRestartWithAppendonlyConverge() throws Exception {
    int masterPort = io.codis.node.testing.RedisServerProcess.freePort();
    Node master = sandbox.start(masterPort, "m", "appendonly", "yes");
    Node replica = sandbox.start(0, "r", "appendonly", "yes", "replicaof", "127.0.0.1 " + masterPort);
    int replicaPort = port(replica);
    RespClient m = sandbox.track(new RespClient(masterPort));
    try (Writers writers = new Writers(masterPort, 1, 7)) {
      RespClient r = new RespClient(replicaPort);
      await("link up", 20_000, () -> up(r));
      Thread.sleep(500);
      r.close();
      replica.close(); // the replica goes away while writes continue
      Thread.sleep(300);
      replica = sandbox.start(replicaPort, "r", "appendonly", "yes", "replicaof", "127.0.0.1 " + masterPort);
      RespClient r2 = sandbox.track(new RespClient(replicaPort));
      await("link up after replica restart", 20_000, () -> up(r2));
      Thread.sleep(300);
    }
    RespClient r = sandbox.track(new RespClient(replicaPort));
    assertSameContent(m, r);
    Map<String, String> before = content(m);

    // The master restarts from its RocksDB store; the replica reconnects and resynchronises.
    m.close();
    master.close();
    await("link down", 10_000, () -> !up(r));
    assertEquals(before, content(r)); // the replica keeps serving reads meanwhile
    master = sandbox.start(masterPort, "m", "appendonly", "yes");
    RespClient m2 = sandbox.track(new RespClient(masterPort));
    m2.call("SET", "after-restart", "1");
    await("link up after master restart", 20_000, () -> up(r));
    awaitCaughtUp(m2, r, 10_000);
    assertEquals(content(m2), content(r));
    assertEquals("$\"1\"", r.call("GET", "after-restart").toString());
  }

  static boolean up(RespClient c) {
    try {
      return "up".equals(info(c).get("master_link_status"));
    } catch (IOException e) {
      return false;
    }
  }

  static String stat(RespClient c, String name) {
    try {
      String text = ((io.codis.node.testing.Reply.Bulk) c.call("INFO", "stats")).text();
      for (String line : text.split("\r\n")) {
        if (line.startsWith(name + ":")) {
          return line.substring(name.length() + 1);
        }
      }
      return null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Closes the master's side of the replica's connection (CLIENT KILL on the psync/replconf client). */
  static void killReplicaConnection(RespClient master) throws IOException {
    String list = ((io.codis.node.testing.Reply.Bulk) master.call("CLIENT", "LIST")).text();
    for (String line : list.split("\n")) {
      if (line.contains("cmd=replconf") || line.contains("cmd=psync")) {
        String addr = line.replaceAll(".*\\baddr=(\\S+).*", "$1");
        assertEquals(":1", master.call("CLIENT", "KILL", "ADDR", addr, "SKIPME", "yes").toString().trim());
        return;
      }
    }
    throw new AssertionError("no replica connection in CLIENT LIST:\n" + list);
  }
}
