package io.codis.proxy.differential;

import io.codis.meta.client.MetaClient;
import io.codis.node.NodeConfig;
import io.codis.node.cluster.ClusterLink;
import io.codis.node.cluster.ClusterMember;
import io.codis.node.cluster.RoleListener;
import io.codis.node.server.NodeServer;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.proxy.ProxyConfig;
import io.codis.proxy.ProxyLimits;
import io.codis.proxy.server.ProxyServer;
import io.codis.proxy.testing.MetaPeers;
import io.codis.proxy.topology.MetaTopology;
import java.util.ArrayList;
import java.util.List;

/**
 * One metaserver peer, two groups of one in-JVM node each that follow it (the node's {@code --meta}
 * path, {@link ClusterLink}), slots alternating between the groups in stripes of {@link #STRIPE},
 * and a proxy with a lease in front: the smallest cluster where keys of one suite land in different
 * groups (checked at start).
 */
final class ProxyCluster implements AutoCloseable {
  static final int SLOTS = 1024;
  /**
   * Slots alternate between the groups in stripes of this many: the suites' one-letter keys all
   * hash to slots 533-1017 (CRC32 of one byte), so a half/half split would put them all in group 2;
   * stripes of 128 put a, c, e, ... in group 1 and b, d, f, ... in group 2.
   */
  static final int STRIPE = 128;
  private static final long START_TIMEOUT_MS = 30_000;

  private final List<AutoCloseable> parts = new ArrayList<>();
  private final List<NodeServer> nodes = new ArrayList<>();
  private int proxyPort;

  private ProxyCluster() {
  }

  static ProxyCluster start() throws Exception {
    ProxyCluster c = new ProxyCluster();
    try {
      c.startParts();
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void startParts() throws Exception {
    MetaPeers meta = MetaPeers.start(1);
    parts.add(meta);
    MetaClient admin = new MetaClient(meta.httpAddrs());
    meta.init(admin, SLOTS, START_TIMEOUT_MS);
    int n1 = followingNode(meta.httpAddrs(), 1, admin);
    int n2 = followingNode(meta.httpAddrs(), 2, admin);
    long version = 0;
    for (int from = 0; from < SLOTS; from += STRIPE) {
      version = admin.assignSlots(from, from + STRIPE - 1, (from / STRIPE) % 2 + 1, null).version();
    }
    long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
    while (ownershipVersion(nodes.get(0)) < version || ownershipVersion(nodes.get(1)) < version) {
      awaitStep(deadline, "the nodes did not learn slot table version " + version);
    }
    // A short deadline turns a proxy that never answers into a test failure, not a 10 s socket wait.
    ProxyConfig cfg = ProxyConfig.defaults("differential", meta.httpAddrs()).withPort(0)
        .withEventLoops(2).withLimits(ProxyLimits.DEFAULTS.withRequestDeadlineMs(5_000));
    MetaTopology topology = new MetaTopology(new MetaClient(meta.httpAddrs()), cfg.id(),
        cfg.leaseTtlMs(), cfg.renewPeriodMs());
    parts.add(topology);
    ProxyServer proxy = new ProxyServer(cfg, topology);
    parts.add(proxy);
    proxyPort = proxy.start();
    topology.start("127.0.0.1:" + proxyPort);
    while (topology.usable() == null || topology.usable().version() < version) {
      awaitStep(deadline, "the proxy has no slot table: " + topology.downReason());
    }
    checkBothGroupsServe(n1, n2);
  }

  /**
   * Writes the one-letter keys the suites use most through the proxy and asserts both nodes got
   * some: without that the suites would pass while never crossing groups.
   */
  private void checkBothGroupsServe(int... nodePorts) throws Exception {
    try (RespClient client = new RespClient(proxyPort)) {
      for (char k = 'a'; k <= 'z'; k++) {
        client.call("SET", String.valueOf(k), "x");
      }
      for (int port : nodePorts) {
        try (RespClient direct = new RespClient(port)) {
          Reply size = direct.call("DBSIZE");
          if (!(size instanceof Reply.Int n) || n.value() == 0) {
            throw new IllegalStateException("node on port " + port + " got none of a..z: " + size);
          }
        }
      }
      client.call("FLUSHALL");
    }
  }

  /** A node following the metaserver, made the one server of a new group; returns its port. */
  private int followingNode(List<String> metaAddrs, int group, MetaClient admin)
      throws InterruptedException {
    NodeServer server = new NodeServer(NodeConfig.defaults().withPort(0));
    parts.add(server);
    nodes.add(server);
    int port = server.start();
    String addr = "127.0.0.1:" + port;
    ClusterMember member = ClusterLink.startIfConfigured(String.join(",", metaAddrs), addr,
        server.services(), new RoleListener() {
          @Override
          public void becomeMaster() {
          }

          @Override
          public void replicaOf(String host, int p) {
          }
        });
    if (member != null) {
      parts.add(member);
    }
    admin.createGroup(group, null);
    admin.addServer(group, addr);
    return port;
  }

  private static long ownershipVersion(NodeServer server) {
    var o = server.services().ownership();
    return o == null ? -1 : o.version();
  }

  private static void awaitStep(long deadline, String failure) throws InterruptedException {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(failure);
    }
    Thread.sleep(20);
  }

  int proxyPort() {
    return proxyPort;
  }

  /** Stops the parts in reverse start order: proxy first, metaserver last. */
  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // keep closing the others
      }
    }
    parts.clear();
  }
}
