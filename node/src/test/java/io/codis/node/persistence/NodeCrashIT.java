package io.codis.node.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.NodeMain;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real node process under {@code appendonly yes, appendfsync always}: clients write
 * (strings, a list, a hash, with pipelining) and record what was acknowledged; the node is killed
 * with SIGKILL at a seeded random moment and started again on the same directory, and every
 * acknowledged write of every round so far must be there. Three rounds. The seed is printed; rerun
 * one with {@code -Dnode.crash.seed=N}.
 */
class NodeCrashIT {
  private static final int ROUNDS = 3;
  private static final int WRITERS = 3;
  private static final int PIPELINE = 4;

  @TempDir Path dir;

  /** What one writer had acknowledged when the node died. */
  private record Acked(String round, int writer, long strings) {}

  @Test
  @Timeout(240)
  void everyAcknowledgedWriteSurvivesKillNine() throws Exception {
    long seed = Long.getLong("node.crash.seed", System.nanoTime());
    System.out.println("NodeCrashIT seed " + seed);
    Random random = new Random(seed);
    List<Acked> all = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      int port = freePort();
      Process node = startNode(port);
      try {
        List<AtomicLong> acked = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        String name = "r" + round;
        for (int w = 0; w < WRITERS; w++) {
          AtomicLong count = new AtomicLong();
          acked.add(count);
          int writer = w;
          Thread t = new Thread(() -> write(port, name, writer, count), "writer-" + w);
          t.start();
          writers.add(t);
        }
        long killAfter = 200 + random.nextInt(1200);
        long deadline = System.currentTimeMillis() + 30_000;
        while (acked.stream().mapToLong(AtomicLong::get).sum() == 0) {
          assertTrue(System.currentTimeMillis() < deadline, "no write acknowledged");
          Thread.sleep(5);
        }
        Thread.sleep(killAfter);
        killNine(node);
        for (Thread t : writers) {
          t.join(30_000);
        }
        for (int w = 0; w < WRITERS; w++) {
          all.add(new Acked(name, w, acked.get(w).get()));
        }
        System.out.println("NodeCrashIT round " + round + ": killed after " + killAfter + " ms, acknowledged "
            + acked.stream().map(AtomicLong::get).toList());
      } finally {
        node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      verify(all);
    }
  }

  /** Restarts the node and checks every acknowledged write of every round. */
  private void verify(List<Acked> all) throws Exception {
    int port = freePort();
    Process node = startNode(port);
    try (RespClient c = new RespClient("127.0.0.1", port, 30_000)) {
      for (Acked a : all) {
        for (long n = 0; n < a.strings(); n++) {
          assertEquals("$\"" + value(n) + "\"", c.call("GET", key(a, n)).toString(),
              "acknowledged write " + key(a, n) + " lost");
        }
        String list = a.round() + ":list:" + a.writer();
        String hash = a.round() + ":hash:" + a.writer();
        long listLen = ((Reply.Int) c.call("LLEN", list)).value();
        long hashLen = ((Reply.Int) c.call("HLEN", hash)).value();
        // Each acknowledged string write came after its RPUSH and HSET were acknowledged.
        assertTrue(listLen >= a.strings() && hashLen >= a.strings(),
            list + " " + listLen + ", " + hash + " " + hashLen + ", acknowledged " + a.strings());
        for (long n = 0; n < a.strings(); n++) {
          assertEquals("$\"" + value(n) + "\"", c.call("LINDEX", list, Long.toString(n)).toString());
        }
      }
    } finally {
      node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String key(Acked a, long n) {
    return a.round() + ":s:" + a.writer() + ":" + n;
  }

  private static String value(long n) {
    return "value-" + n;
  }

  /**
   * Writes until the node dies: per step a pipeline of RPUSH, HSET and SET of number n (and more
   * steps in flight); n counts as acknowledged once the SET's reply arrived, and replies arrive in
   * order, so everything before it was acknowledged too.
   */
  private static void write(int port, String round, int writer, AtomicLong acked) {
    try (RespClient c = new RespClient("127.0.0.1", port, 30_000)) {
      long next = 0;
      while (true) {
        for (int i = 0; i < PIPELINE; i++) {
          long n = next + i;
          c.send("RPUSH", round + ":list:" + writer, value(n));
          c.send("HSET", round + ":hash:" + writer, "f" + n, value(n));
          c.send("SET", round + ":s:" + writer + ":" + n, value(n));
        }
        for (int i = 0; i < PIPELINE; i++) {
          long n = next + i;
          assertEquals(":" + (n + 1), c.read().toString());
          assertEquals(":1", c.read().toString());
          assertEquals("+OK", c.read().toString());
          acked.set(n + 1);
        }
        next += PIPELINE;
      }
    } catch (IOException | RuntimeException expected) {
      // the node was killed
    }
  }

  private Process startNode(int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), NodeMain.class.getName(),
        "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString(), "--port", Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()))
        .start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try (RespClient c = new RespClient("127.0.0.1", port, 5_000)) {
        if (c.call("PING").toString().equals("+PONG")) {
          return p;
        }
      } catch (IOException notYet) {
        assertTrue(p.isAlive(), "the node exited: see " + dir.resolve("node.log"));
        assertTrue(System.currentTimeMillis() < deadline, "the node did not start");
        Thread.sleep(50);
      }
    }
  }

  private static void killNine(Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(p.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -9 failed");
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), "the node must die from SIGKILL");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
