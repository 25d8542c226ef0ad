package io.codis.meta.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * N in-JVM metaserver peers on free loopback ports, each with its own data directory. close()
 * stops every peer and deletes the directories, so a failed test leaves nothing behind.
 */
public final class TestCluster implements AutoCloseable {
  public final Path root;
  public final List<PeerSpec> peers = new ArrayList<>();
  public final MetaServer[] servers;
  private final UnaryOperator<MetaConfig> tweak;
  private io.codis.meta.server.control.FailoverConfig failover =
      io.codis.meta.server.control.FailoverConfig.DEFAULT;

  public TestCluster(int n, UnaryOperator<MetaConfig> tweak) throws IOException {
    this.root = Files.createTempDirectory("meta-it");
    this.tweak = tweak;
    this.servers = new MetaServer[n + 2];
    for (int i = 0; i < n; i++) {
      peers.add(newPeer(i));
    }
  }

  /** Failure detection and failover settings of the peers started from now on. */
  public TestCluster withFailover(io.codis.meta.server.control.FailoverConfig f) {
    this.failover = f;
    return this;
  }

  public static PeerSpec newPeer(int i) throws IOException {
    return new PeerSpec("m" + i, "127.0.0.1", freePort(), freePort());
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public MetaConfig config(int i, List<PeerSpec> group) {
    // Other builds share this machine's 2 cores: JVM pauses of 0.3-0.6 s were seen, so tests use
    // longer election timeouts than production to avoid spurious leader changes.
    return tweak.apply(MetaConfig.defaults("m" + i, group, root.resolve("m" + i))
        .withElectionTimeouts(600, 1200));
  }

  public TestCluster startAll() throws Exception {
    for (int i = 0; i < peers.size(); i++) {
      start(i);
    }
    return this;
  }

  public MetaServer start(int i) throws Exception {
    return start(i, peers);
  }

  public MetaServer start(int i, List<PeerSpec> group) throws Exception {
    servers[i] = new MetaServer(config(i, group), failover).start();
    return servers[i];
  }

  public void stop(int i) {
    if (servers[i] != null) {
      servers[i].close();
      servers[i] = null;
    }
  }

  /** Index of the peer that believes it leads, waiting up to timeoutMs. */
  public int awaitLeader(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < servers.length; i++) {
        if (servers[i] != null && servers[i].gateway().isLeader()) {
          return i;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no leader within " + timeoutMs + " ms");
  }

  /** Waits until a write commits (a stable leader exists), up to timeoutMs. */
  public void awaitWritable(long timeoutMs) throws Exception {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      for (MetaServer s : servers) {
        if (s != null) {
          var r = s.gateway().write(io.codis.meta.server.proto.Command.newBuilder()
              .setTick(io.codis.meta.server.proto.Tick.getDefaultInstance()).build())
              .get(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
          if (r.status() == 200) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no write committed within " + timeoutMs + " ms");
  }

  public List<String> httpAddrs() {
    return peers.stream().map(PeerSpec::httpAddr).toList();
  }

  @Override
  public void close() throws IOException {
    for (int i = 0; i < servers.length; i++) {
      stop(i);
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
