package io.codis.node.testing;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.meta.client.MetaException;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.server.MetaServerMain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real metaserver peers, each its own JVM ({@code MetaServerMain}, as {@code bin/codis-metaserver}
 * runs it) on free loopback ports, logging to {@code <dir>/meta-<i>.log}. {@link #pauseAll()} and
 * {@link #resumeAll()} send SIGSTOP / SIGCONT: a paused peer keeps its sockets but answers nothing,
 * which is what a node cut off from the metaservers sees. {@link #close()} kills them (SIGKILL also
 * ends a stopped process) and deletes the directory.
 */
public final class MetaProcesses implements AutoCloseable {
  private final Path dir;
  private final List<Process> procs = new ArrayList<>();
  private final List<String> httpAddrs = new ArrayList<>();

  private MetaProcesses(Path dir) {
    this.dir = dir;
  }

  public static MetaProcesses start(int n) throws IOException {
    MetaProcesses m = new MetaProcesses(Files.createTempDirectory("node-meta-it"));
    try {
      List<String> peers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int raft = RedisServerProcess.freePort();
        int http = RedisServerProcess.freePort();
        peers.add("m" + i + "=127.0.0.1:" + raft + ":" + http);
        m.httpAddrs.add("127.0.0.1:" + http);
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      for (int i = 0; i < n; i++) {
        List<String> cmd = List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            MetaServerMain.class.getName(), "--id", "m" + i, "--peers", String.join(",", peers),
            "--dir", m.dir.resolve("m" + i).toString(),
            // longer than production: the build machine's cores are shared
            "--election-timeout-min-ms", "600", "--election-timeout-max-ms", "1200");
        m.procs.add(new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(m.dir.resolve("meta-" + i + ".log").toFile()).start());
      }
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  public List<String> httpAddrs() {
    return httpAddrs;
  }

  /** The addresses as a node's {@code --meta} value. */
  public String metaFlag() {
    return String.join(",", httpAddrs);
  }

  /** A client with generous bounds (cold JVMs elect slowly). */
  public MetaClient client() {
    return new MetaClient(httpAddrs, new MetaClientOptions(1_000, 8_000, 30_000, 100, 5_000));
  }

  /** Initialises the cluster with {@code slots} slots, retrying until a leader takes it. */
  public void init(MetaClient client, int slots) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (true) {
      try {
        client.initCluster(slots);
        return;
      } catch (MetaException e) {
        if (e.code() == ErrorCode.ALREADY_INITIALIZED) {
          return;
        }
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  public void pauseAll() throws IOException, InterruptedException {
    signalAll("-STOP");
  }

  public void resumeAll() throws IOException, InterruptedException {
    signalAll("-CONT");
  }

  private void signalAll(String signal) throws IOException, InterruptedException {
    for (Process p : procs) {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IOException("kill " + signal + " " + p.pid() + " failed");
      }
    }
  }

  /** The peers' logs, for a failure message. */
  public String logs() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < procs.size(); i++) {
      try {
        b.append("--- meta-").append(i).append(" ---\n").append(Files.readString(dir.resolve("meta-" + i + ".log")));
      } catch (IOException e) {
        b.append(e).append('\n');
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (Process p : procs) {
      p.destroyForcibly();
    }
    for (Process p : procs) {
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }
}
