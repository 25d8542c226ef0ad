package io.codis.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code bin/codisctl local up} process for the tests: on free ports, in a temporary data
 * directory, stopped with {@code local down} and killed by PID if that fails.
 */
final class LocalClusterProcess implements AutoCloseable {
  static final long UP_TIMEOUT_MS = 150_000;

  final Path home = Path.of(System.getProperty("codis.home", "..")).toAbsolutePath().normalize();
  final Path dataDir;
  final int basePort;
  private Process up;
  final StringBuilder output = new StringBuilder();

  LocalClusterProcess(Path dataDir) throws IOException {
    this.dataDir = dataDir;
    this.basePort = freeBasePort();
  }

  String meta() {
    return "127.0.0.1:" + (basePort + 200) + ",127.0.0.1:" + (basePort + 201) + ",127.0.0.1:" + (basePort + 202);
  }

  int proxyPort() {
    return basePort;
  }

  String node(int offset) {
    return "127.0.0.1:" + (basePort + 100 + offset);
  }

  /** Runs local up and waits until it says the cluster is up. */
  void up() throws Exception {
    synchronized (output) {
      output.setLength(0);
    }
    ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/codisctl").toString(), "local", "up",
        "--base-port", String.valueOf(basePort), "--data-dir", dataDir.toString())
        .redirectErrorStream(true);
    up = pb.start();
    BufferedReader r = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UP_TIMEOUT_MS);
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (output) {
            output.append(line).append('\n');
            output.notifyAll();
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "local-up-output");
    reader.setDaemon(true);
    reader.start();
    synchronized (output) {
      while (!output.toString().contains("The local cluster is up")) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || !up.isAlive()) {
          throw new AssertionError("local up did not come up:\n" + output + logs());
        }
        output.wait(Math.min(left, 500));
      }
    }
  }

  /** SIGKILL to local up itself: its children keep running as orphans. */
  void killUpHard() throws Exception {
    up.destroyForcibly();
    if (!up.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("local up survived SIGKILL");
    }
  }

  /** The PIDs local up recorded for its children. */
  List<Long> childPids() throws IOException {
    Path pids = dataDir.resolve("pids");
    List<Long> out = new ArrayList<>();
    if (Files.exists(pids)) {
      for (String line : Files.readAllLines(pids)) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 3) {
          out.add(Long.parseLong(f[2]));
        }
      }
    }
    return out;
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  boolean upAlive() {
    return up != null && up.isAlive();
  }

  /** Runs bin/codisctl local down and waits for the up process to end. */
  int down() throws Exception {
    Process p = new ProcessBuilder("bash", home.resolve("bin/codisctl").toString(), "local", "down",
        "--data-dir", dataDir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("local down hung: " + out);
    }
    if (up != null && !up.waitFor(90, TimeUnit.SECONDS)) {
      throw new AssertionError("local up still runs after local down");
    }
    return p.exitValue();
  }

  /** local down succeeded and no child of the cluster runs any more. */
  static void assertDown(int exitCode, List<Long> children) {
    if (exitCode != 0) {
      throw new AssertionError("local down exited with " + exitCode);
    }
    for (long pid : children) {
      if (alive(pid)) {
        throw new AssertionError("process " + pid + " still runs after local down");
      }
    }
  }

  String logs() {
    StringBuilder b = new StringBuilder();
    Path logs = dataDir.resolve("logs");
    if (Files.isDirectory(logs)) {
      try (Stream<Path> files = Files.list(logs)) {
        for (Path f : files.sorted().toList()) {
          List<String> lines = Files.readAllLines(f);
          b.append("\n--- ").append(f.getFileName()).append(" (last 20 lines)\n");
          lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> b.append(l).append('\n'));
        }
      } catch (IOException e) {
        b.append(e);
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws Exception {
    List<Long> children = childPids();
    try {
      if (upAlive()) {
        assertDown(down(), children);
      }
    } finally {
      if (up != null && up.isAlive()) {
        up.destroyForcibly();
      }
      // the children are killed by PID from the data directory's PID file, if any survived
      Path pids = dataDir.resolve("pids");
      if (Files.exists(pids)) {
        for (String line : Files.readAllLines(pids)) {
          String[] f = line.trim().split("\\s+");
          if (f.length == 3) {
            ProcessHandle.of(Long.parseLong(f[2])).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A base port whose whole block (P..P+302) is free now. */
  private static int freeBasePort() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(200) * 100;
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ports.add(base + i);
        ports.add(base + 100 + i);
      }
      for (int i = 0; i < 3; i++) {
        ports.add(base + 200 + i);
        ports.add(base + 300 + i);
      }
      if (ports.stream().allMatch(LocalClusterProcess::free)) {
        return base;
      }
    }
    throw new IllegalStateException("no free block of ports");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
