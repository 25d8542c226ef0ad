package io.codis.node.testing;

import io.codis.node.NodeMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real data node in its own JVM, started as {@code bin/codis-node} starts it ({@code java -cp
 * <classes and dependencies> io.codis.node.NodeMain}, same JVM flags) on a free loopback port, with
 * {@code --dir} set to a directory the caller owns (so a test can kill it, start another on the same
 * data, or corrupt the files in between). Output goes to {@code <dir>/node-<n>.log}.
 *
 * <p>{@link #killNine()} is a real SIGKILL: no shutdown hook, no close, exactly a crash.
 * {@link #close()} kills whatever is still running, so a failing test leaves no process behind.
 */
public final class NodeProcess implements AutoCloseable {
  /** Exit code of a JVM killed by SIGKILL (128 + 9). */
  public static final int SIGKILL_EXIT = 137;
  private static final long START_TIMEOUT_MS = 60_000;

  private final Process process;
  private final int port;
  private final Path log;

  private NodeProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Launches a node on {@code dir} with {@code args} and returns once it answers PING. */
  public static NodeProcess start(Path dir, String... args) throws IOException, InterruptedException {
    NodeProcess node = launch(dir, args);
    node.awaitServing();
    return node;
  }

  /** {@link #start(Path, String...)} on a given port (a restart where peers know the address). */
  public static NodeProcess startOnPort(Path dir, int port, String... args) throws IOException, InterruptedException {
    NodeProcess node = launch(dir, port, List.of(), args);
    node.awaitServing();
    return node;
  }

  /** As {@link #start(Path, String...)}, with extra JVM options after the defaults (a bigger -Xmx). */
  public static NodeProcess startWithJvm(Path dir, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    NodeProcess node = launch(dir, RedisServerProcess.freePort(), jvmOptions, args);
    node.awaitServing();
    return node;
  }

  /** Launches a node without waiting: for a start that is expected to fail. */
  public static NodeProcess launch(Path dir, String... args) throws IOException {
    return launch(dir, RedisServerProcess.freePort(), List.of(), args);
  }

  private static NodeProcess launch(Path dir, int port, List<String> jvmOptions, String... args)
      throws IOException {
    Files.createDirectories(dir);
    Path log = nextLog(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xss2m", "-XX:+UseParallelGC", "-Xmx512m"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName(),
        "--port", Integer.toString(port), "--dir", dir.toString()));
    cmd.addAll(List.of(args));
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    return new NodeProcess(process, port, log);
  }

  private static Path nextLog(Path dir) {
    for (int n = 0; ; n++) {
      Path candidate = dir.resolve("node-" + n + ".log");
      if (!Files.exists(candidate)) {
        return candidate;
      }
    }
  }

  private void awaitServing() throws IOException, InterruptedException {
    if (!awaitServingOrExit()) {
      throw new IOException("the node exited with " + process.exitValue() + " before serving: " + log());
    }
  }

  /**
   * Waits until the node answers PING (true) or its process ended (false), for a start that may be
   * refused; fails after a minute of neither.
   */
  public boolean awaitServingOrExit() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (true) {
      try (RespClient c = new RespClient("127.0.0.1", port, 5_000)) {
        if (c.call("PING").toString().equals("+PONG")) {
          return true;
        }
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          return false;
        }
        if (System.currentTimeMillis() > deadline) {
          close();
          throw new IOException("the node did not answer PING within " + START_TIMEOUT_MS + " ms: " + log());
        }
        Thread.sleep(25);
      }
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the node printed so far (stdout and stderr). */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  public Path logFile() {
    return log;
  }

  /** {@code kill -9}: returns once the process is gone; fails unless SIGKILL is what ended it. */
  public void killNine() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0 && process.isAlive()) {
      throw new IOException("kill -9 " + process.pid() + " failed");
    }
    int exit = awaitExit(30_000);
    if (exit != SIGKILL_EXIT) {
      throw new IOException("the node ended with " + exit + ", not by SIGKILL");
    }
  }

  /** SIGTERM (the graceful stop) and wait; returns the exit code. */
  public int terminate() throws IOException, InterruptedException {
    process.destroy();
    return awaitExit(60_000);
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int awaitExit(long timeoutMs) throws IOException, InterruptedException {
    if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
      throw new IOException("the node is still running after " + timeoutMs + " ms");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
