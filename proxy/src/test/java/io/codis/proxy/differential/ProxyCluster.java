package io.codis.proxy.differential;

import io.codis.meta.client.MetaClient;
import io.codis.node.NodeConfig;
import io.codis.node.cluster.ClusterLink;
import io.codis.node.cluster.ClusterMember;
import io.codis.node.cluster.RoleListener;
import io.codis.node.server.NodeServer;
import io.codis.proxy.ProxyConfig;
import io.codis.proxy.ProxyLimits;
import io.codis.proxy.server.ProxyServer;
import io.codis.proxy.testing.MetaPeers;
import io.codis.proxy.topology.MetaTopology;
import java.util.ArrayList;
import java.util.List;

/**
 * One metaserver peer, two groups of one in-JVM node each that follow it (the node's {@code --meta}
 * path, {@link ClusterLink}), slots 0-511 on group 1 and 512-1023 on group 2, and a proxy with a
 * lease in front: the smallest cluster where keys of one suite land in different groups.
 */
final class ProxyCluster implements AutoCloseable {
  static final int SLOTS = 1024;
  private static final long START_TIMEOUT_MS = 30_000;

  private final List<AutoCloseable> parts = new ArrayList<>();
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
    NodeServer n1 = followingNode(meta.httpAddrs(), 1, admin);
    NodeServer n2 = followingNode(meta.httpAddrs(), 2, admin);
    admin.assignSlots(0, SLOTS / 2 - 1, 1, null);
    long version = admin.assignSlots(SLOTS / 2, SLOTS - 1, 2, null).version();
    long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
    while (ownershipVersion(n1) < version || ownershipVersion(n2) < version) {
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
  }

  /** A node following the metaserver, made the one server of a new group. */
  private NodeServer followingNode(List<String> metaAddrs, int group, MetaClient admin)
      throws InterruptedException {
    NodeServer server = new NodeServer(NodeConfig.defaults().withPort(0));
    parts.add(server);
    String addr = "127.0.0.1:" + server.start();
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
    return server;
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
