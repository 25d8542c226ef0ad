package io.codis.node.cluster;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.node.exec.NodeServices;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Wires a node to the metaserver from its {@code --meta} and {@code --announce} settings. */
public final class ClusterLink {
  /** Metaserver client settings of a node: short timeouts, 30 s long polls. */
  static final MetaClientOptions OPTIONS = new MetaClientOptions(1_000, 2_000, 2_000, 100, 30_000);
  /** How long the offset reporter waits for the execution thread to read the offset. */
  static final long OFFSET_READ_TIMEOUT_MS = 500;

  private ClusterLink() {}

  /**
   * With metaserver addresses: refuses keyed commands until the first table arrives, then starts
   * following the cluster. Without (null or blank): does nothing and returns null (standalone).
   */
  public static ClusterMember startIfConfigured(String metaAddrs, String announce, NodeServices node,
      RoleListener roles) {
    if (metaAddrs == null || metaAddrs.isBlank()) {
      return null;
    }
    List<String> addrs = addrs(metaAddrs);
    node.ownership(SlotOwnership.unknown(node.config().slotCount()));
    ClusterMember member = new ClusterMember(new MetaClient(addrs, OPTIONS), announce, node::ownership, roles);
    member.start();
    return member;
  }

  /**
   * As {@link #startIfConfigured(String, String, NodeServices, RoleListener)}, and with failover
   * fencing (docs/failover.md): a master lease of {@code leaseTtlMs} guards keyed commands when the
   * node is its group's master, renewed every second, and the replication offset is reported every
   * second. Replication is read on {@code eventLoop}. Returns what to close at shutdown, or null.
   */
  public static AutoCloseable startIfConfigured(String metaAddrs, String announce, NodeServices node,
      RoleListener roles, long leaseTtlMs, Executor eventLoop) {
    if (metaAddrs == null || metaAddrs.isBlank()) {
      return null;
    }
    List<String> addrs = addrs(metaAddrs);
    node.ownership(SlotOwnership.unknown(node.config().slotCount()));
    MasterLease lease = new MasterLease(leaseTtlMs);
    node.masterLease(lease);
    if (node.replication() != null) {
      node.replication().ackReleaseGuard(lease::leaseValid);
    }
    LeaseKeeper keeper = new LeaseKeeper(addrs, announce, lease, () -> offsetOn(node, eventLoop));
    lease.onLeaseNeeded(keeper::renewNow);
    ClusterMember member = new ClusterMember(new MetaClient(addrs, OPTIONS), announce, node::ownership, roles)
        .withLease(lease);
    member.start();
    keeper.start();
    return () -> {
      keeper.close();
      member.close();
    };
  }

  private static long offsetOn(NodeServices node, Executor eventLoop) {
    try {
      return CompletableFuture.supplyAsync(() -> node.replication().offset(), eventLoop)
          .get(OFFSET_READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("replication offset not read: " + e);
    }
  }

  private static List<String> addrs(String metaAddrs) {
    return Arrays.stream(metaAddrs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
