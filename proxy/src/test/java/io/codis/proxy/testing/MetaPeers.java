package io.codis.proxy.testing;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaException;
import io.codis.meta.server.MetaConfig;
import io.codis.meta.server.MetaServer;
import io.codis.meta.server.PeerSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** N metaserver peers in this JVM on free loopback ports; close() stops them and deletes their data. */
public final class MetaPeers implements AutoCloseable {
  private final Path root;
  private final List<PeerSpec> peers = new ArrayList<>();
  private final List<MetaServer> servers = new ArrayList<>();

  private MetaPeers(Path root) {
    this.root = root;
  }

  public static MetaPeers start(int n) throws Exception {
    MetaPeers m = new MetaPeers(Files.createTempDirectory("proxy-meta-it"));
    try {
      for (int i = 0; i < n; i++) {
        m.peers.add(new PeerSpec("m" + i, "127.0.0.1", freePort(), freePort()));
      }
      for (int i = 0; i < n; i++) {
        // Longer election timeouts than production: the build machine's cores are shared.
        MetaConfig cfg = MetaConfig.defaults("m" + i, m.peers, m.root.resolve("m" + i))
            .withElectionTimeouts(600, 1200);
        m.servers.add(new MetaServer(cfg).start());
      }
    } catch (Exception e) {
      m.close();
      throw e;
    }
    return m;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public List<String> httpAddrs() {
    return peers.stream().map(p -> p.host() + ":" + p.httpPort()).toList();
  }

  /**
   * Initialises the cluster, retrying until a leader accepts writes. An attempt that timed out may
   * still have been applied: the retry's ALREADY_INITIALIZED then means done (seen on a loaded
   * machine).
   */
  public void init(MetaClient client, int slotCount, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    boolean retried = false;
    while (true) {
      try {
        client.initCluster(slotCount);
        return;
      } catch (MetaException e) {
        if (retried && e.code() == io.codis.meta.client.model.ErrorCode.ALREADY_INITIALIZED
            && client.cluster().slotCount() == slotCount) {
          return;
        }
        retried = true;
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (MetaServer s : servers) {
      s.close();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
