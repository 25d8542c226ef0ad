package io.codis.node.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's, the reference) on a free loopback port, without
 * persistence, in its own temp directory. Closing it kills the process and deletes the directory.
 */
public final class RedisServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private RedisServerProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** True when {@code redis-server} is on the PATH (tests skip the differential part otherwise). */
  public static boolean available() {
    for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(p, "redis-server").canExecute()) {
        return true;
      }
    }
    return false;
  }

  public static RedisServerProcess start(String... extraArgs) throws IOException, InterruptedException {
    int port = freePort();
    Path dir = Files.createTempDirectory("redis-ref");
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--daemonize", "no", "--loglevel", "warning"));
    cmd.addAll(List.of(extraArgs));
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    RedisServerProcess server = new RedisServerProcess(process, port, dir);
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try (RespClient c = new RespClient(port)) {
        String reply = c.call("PING").toString();
        // -NOAUTH: up, and started with --requirepass
        if (reply.equals("+PONG") || reply.startsWith("-NOAUTH")) {
          return server;
        }
        if (System.currentTimeMillis() > deadline) {
          server.close();
          throw new IOException("redis-server on port " + port + " answers PING with " + reply);
        }
        Thread.sleep(20);
      } catch (IOException e) {
        if (System.currentTimeMillis() > deadline || !process.isAlive()) {
          server.close();
          throw new IOException("redis-server did not start on port " + port, e);
        }
        Thread.sleep(20);
      }
    }
  }

  public int port() {
    return port;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp directory
    }
  }
}
