package io.codis.node.replication;

import static io.codis.node.replication.ReplicationFixture.await;
import static io.codis.node.replication.ReplicationFixture.awaitCaughtUp;
import static io.codis.node.replication.ReplicationFixture.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.RedisServerProcess;
import io.codis.node.testing.RespClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real node processes with {@code appendonly yes}, killed with SIGKILL while a writer runs: first the
 * replica (it restarts from its store and resynchronises), then the master (it restarts from its
 * store on the same port; the replica, which kept serving reads, resynchronises from it). After each
 * step both hold exactly the same content. About 25 s (four JVM starts) on a loaded 2-core machine.
 */
class ReplicationKillIT {
  private final List<Process> processes = new ArrayList<>();
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("repl-kill-it");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Process startNode(String name, int port, String... extra) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    List<String> cmd = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.codis.node.NodeMain",
        "--port", Integer.toString(port), "--dir", home.toString(), "--appendonly", "yes"));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node.log").toFile())).start();
    processes.add(p);
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try (RespClient c = new RespClient(port)) {
        if (c.call("PING").toString().equals("+PONG")) {
          return p;
        }
      } catch (IOException e) {
        if (!p.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IOException(name + " did not start; see " + home.resolve("node.log"), e);
        }
        Thread.sleep(50);
      }
    }
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL: no shutdown hook runs
    p.waitFor();
  }

  /** One writer over a few hundred keys, reconnecting after errors (the master gets killed). */
  private static Thread writer(int port, AtomicBoolean stop, AtomicLong acked) {
    Thread t = new Thread(() -> {
      java.util.Random random = new java.util.Random(11);
      while (!stop.get()) {
        try (RespClient c = new RespClient("127.0.0.1", port, 5_000)) {
          while (!stop.get()) {
            String k = Integer.toString(random.nextInt(300));
            String reply = switch (random.nextInt(4)) {
              case 0 -> c.call("SET", "s" + k, "v" + random.nextInt(1000), "EX", "1000").toString();
              case 1 -> c.call("HSET", "h" + k, "f" + random.nextInt(10), "x").toString();
              case 2 -> c.call("RPUSH", "l" + k, "e").toString();
              default -> c.call("DEL", "s" + k).toString();
            };
            if (!reply.startsWith("-")) {
              acked.incrementAndGet();
            }
          }
        } catch (IOException e) {
          try {
            Thread.sleep(100);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }, "kill-it-writer");
    t.start();
    return t;
  }

  @Test
  void killedReplicaThenKilledMasterResynchronise() throws Exception {
    int masterPort = RedisServerProcess.freePort();
    int replicaPort = RedisServerProcess.freePort();
    Process master = startNode("m", masterPort);
    Process replica = startNode("r", replicaPort, "--replicaof", "127.0.0.1 " + masterPort);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong acked = new AtomicLong();
    Thread writer = writer(masterPort, stop, acked);
    try {
      try (RespClient r = new RespClient(replicaPort)) {
        await("link up", 30_000, () -> ReplicationIT.up(r));
      }
      Thread.sleep(500);
      kill(replica);
      Thread.sleep(300);
      replica = startNode("r", replicaPort, "--replicaof", "127.0.0.1 " + masterPort);
      try (RespClient r = new RespClient(replicaPort)) {
        await("link up after the replica's kill", 30_000, () -> ReplicationIT.up(r));
      }
      Thread.sleep(300);
      kill(master);
      long before = acked.get();
      Thread.sleep(300);
      master = startNode("m", masterPort);
      try (RespClient r = new RespClient(replicaPort)) {
        await("link up after the master's kill", 30_000, () -> ReplicationIT.up(r));
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while (acked.get() < before + 100 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(acked.get() >= before + 100, "writes continue after the master restarted");
    } finally {
      stop.set(true);
      writer.join(10_000);
    }
    try (RespClient m = new RespClient("127.0.0.1", masterPort, 15_000);
        RespClient r = new RespClient("127.0.0.1", replicaPort, 15_000)) {
      awaitCaughtUp(m, r, 20_000);
      Map<String, String> expected = content(m);
      assertTrue(expected.size() > 100, "keys: " + expected.size());
      assertEquals(expected, content(r));
      assertEquals("-READONLY You can't write against a read only replica.", r.call("SET", "x", "y").toString());
    }
  }
}
