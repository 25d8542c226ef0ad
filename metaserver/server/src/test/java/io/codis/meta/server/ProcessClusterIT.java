package io.codis.meta.server;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.meta.client.MetaException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three metaservers as separate JVMs started through MetaServerMain's flags: kill -9 the leader,
 * keep writing, restart it from its data directory. Every process is killed in finally.
 */
class ProcessClusterIT {
  private final List<Process> procs = new ArrayList<>();

  private static Process launch(List<PeerSpec> peers, int i, Path dir, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        MetaServerMain.class.getName(), "--id", "m" + i,
        "--peers", peers.stream().map(PeerSpec::toString).collect(Collectors.joining(",")),
        "--dir", dir.resolve("m" + i).toString(),
        "--election-timeout-min-ms", "600", "--election-timeout-max-ms", "1200");
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  private static int leaderOf(List<PeerSpec> peers, List<Process> procs) throws InterruptedException {
    // Generous: cold JVMs on a machine shared with other builds elect slowly.
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      for (int i = 0; i < peers.size(); i++) {
        if (procs.get(i) == null || !procs.get(i).isAlive()) {
          continue;
        }
        try {
          MetaClient c = new MetaClient(List.of(peers.get(i).httpAddr()),
              new MetaClientOptions(1_000, 3_000, 500, 50, 1_000));
          if (Boolean.TRUE.equals(c.health().get("leader"))) {
            return i;
          }
        } catch (MetaException e) {
          // not up yet
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no leader");
  }

  @Test
  @Timeout(180)
  void killNineTheLeaderAndRestartIt() throws Exception {
    Path dir = Files.createTempDirectory("meta-proc");
    Path log = dir.resolve("peers.log");
    List<PeerSpec> peers = List.of(TestCluster.newPeer(0), TestCluster.newPeer(1),
        TestCluster.newPeer(2));
    try {
      for (int i = 0; i < 3; i++) {
        procs.add(launch(peers, i, dir, log));
      }
      MetaClient client = new MetaClient(peers.stream().map(PeerSpec::httpAddr).toList(),
          new MetaClientOptions(500, 8_000, 30_000, 100, 1_000));
      int leader = leaderOf(peers, procs);
      // Cold JVMs on a busy machine: the first write may meet an election; retry it a few times.
      for (int attempt = 0; ; attempt++) {
        try {
          client.initCluster(1024);
          break;
        } catch (MetaException e) {
          if (attempt == 5 || e.code() == io.codis.meta.client.model.ErrorCode.ALREADY_INITIALIZED) {
            throw e;
          }
        }
      }
      client.kvPut("k", "before");
      leader = leaderOf(peers, procs);
      procs.get(leader).destroyForcibly().waitFor();
      long t0 = System.nanoTime();
      client.kvPut("k", "after");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 10_000, "next write after kill -9 took " + ms + " ms");
      procs.set(leader, launch(peers, leader, dir, log));
      MetaClient onRestarted = new MetaClient(List.of(peers.get(leader).httpAddr()),
          new MetaClientOptions(500, 8_000, 30_000, 100, 1_000));
      assertEquals("after", onRestarted.kvGet("k").orElseThrow().value());
      assertEquals(1024, onRestarted.cluster().slotCount());
    } catch (Throwable t) {
      System.err.println(Files.exists(log) ? Files.readString(log) : "no log");
      throw t;
    } finally {
      for (Process p : procs) {
        if (p != null) {
          p.destroyForcibly().waitFor();
        }
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
