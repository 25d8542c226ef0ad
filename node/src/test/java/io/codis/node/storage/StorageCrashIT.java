package io.codis.node.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under {@code appendfsync always}: a real child JVM writes and prints what was
 * acknowledged, is killed with SIGKILL at a random moment, and a reopened database must hold every
 * acknowledged write. Several rounds on one directory, so recovery of a recovered database is
 * covered too. The seed is printed; rerun one with {@code -Dstorage.crash.seed=N}.
 */
class StorageCrashIT {
  private static final int ROUNDS = 3;
  private static final long ACK_WAIT_MS = 30_000;

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void everyAcknowledgedWriteSurvivesKillNine() throws Exception {
    long seed = Long.getLong("storage.crash.seed", System.nanoTime());
    System.out.println("StorageCrashIT seed " + seed);
    Random random = new Random(seed);
    List<Long> acknowledged = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      acknowledged.add(runAndKill("r" + round, 100 + random.nextInt(700)));
      try (StorageEngine e = Stores.open(dir, FsyncMode.ALWAYS)) {
        for (int r = 0; r <= round; r++) {
          verifyRound(e, "r" + r, acknowledged.get(r));
        }
      }
    }
  }

  /** Runs a writer for about {@code killAfterMs} after its first ack, kills it; returns acks seen. */
  private long runAndKill(String round, long killAfterMs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashWriterMain.class.getName(), dir.toString(), "always", round)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    long acked = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      long deadline = System.currentTimeMillis() + ACK_WAIT_MS;
      long killAt = Long.MAX_VALUE;
      boolean killed = false;
      String line;
      while ((line = in.readLine()) != null) {
        // A line cut by the kill lacks its " OK" and proves nothing.
        if (line.startsWith("ACK ") && line.endsWith(" OK")) {
          long n = Long.parseLong(line.split(" ")[2]);
          assertEquals(acked, n, "acks out of order");
          acked = n + 1;
          if (killAt == Long.MAX_VALUE) {
            killAt = System.currentTimeMillis() + killAfterMs;
          }
        }
        if (!killed && System.currentTimeMillis() >= Math.min(killAt, deadline)) {
          killNine(child);
          killed = true; // keep reading what it wrote before it died
        }
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(137, child.exitValue(), "the writer must die from SIGKILL");
    assertTrue(acked > 0, "the writer acknowledged nothing in round " + round);
    System.out.println("StorageCrashIT round " + round + ": " + acked + " acknowledged writes before kill -9");
    return acked;
  }

  /** {@code kill -9 pid}: no shutdown hooks, no close(). (Process.destroyForcibly closes our pipes.) */
  private static void killNine(Process child) throws Exception {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(child.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -9 failed");
  }

  private static void verifyRound(StorageEngine e, String round, long acked) {
    for (long n = 0; n < acked; n++) {
      StoredValue v = e.load(CrashWriterMain.key(round, "k", n));
      assertNotNull(v, "acknowledged write " + round + ":" + n + " lost");
      assertArrayEquals(CrashWriterMain.value(n), (byte[]) v.value());
    }
    HashValue hash = (HashValue) e.load(CrashWriterMain.key(round, "h", -1)).value();
    ListValue list = (ListValue) e.load(CrashWriterMain.key(round, "l", -1)).value();
    assertTrue(hash.size() >= acked && list.size() >= acked, "collection lost acknowledged elements");
    // Batches are atomic and recovered as a prefix: element i of the list is write i.
    assertEquals(hash.size(), list.size());
    for (int i = 0; i < list.size(); i++) {
      assertArrayEquals(CrashWriterMain.value(i), list.get(i));
      assertNotNull(hash.get(CrashWriterMain.value(i)));
    }
  }
}
