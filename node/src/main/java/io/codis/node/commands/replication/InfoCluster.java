package io.codis.node.commands.replication;

import io.codis.node.cluster.MasterLease;
import io.codis.node.exec.NodeServices;
import io.codis.node.replication.DiscardedWrites;
import java.util.function.BiConsumer;

/**
 * Our fields of {@code INFO cluster} (after Redis's {@code cluster_enabled:0}): the master lease of a
 * cluster-mode node (group, epoch, state, remaining ms) and what full resyncs discarded
 * (docs/failover.md). A standalone node shows only the discard counters.
 */
public final class InfoCluster {
  private InfoCluster() {}

  public static void section(BiConsumer<String, Object> put, NodeServices node) {
    MasterLease lease = node.masterLease();
    if (lease != null) {
      for (String[] f : lease.info()) {
        put.accept(f[0], f[1]);
      }
    }
    if (node.replication() != null) {
      DiscardedWrites d = node.replication().discarded();
      put.accept("discarded_writes", d.writes());
      put.accept("discarded_bytes", d.bytes());
      put.accept("discarded_keys_replaced", d.keysReplaced());
      put.accept("discard_events", d.events());
    }
  }
}
