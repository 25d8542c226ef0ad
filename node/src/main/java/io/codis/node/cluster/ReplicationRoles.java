package io.codis.node.cluster;

import io.codis.node.replication.ReplicationControl;
import java.util.concurrent.Executor;

/**
 * Makes replication follow the node's role in the metaserver's cluster view: listed as a replica of
 * a group, the node replicates from that group's master; listed as its master, it stops following.
 * The watch thread only hands the change to the event loop, where replication lives; a role the node
 * already has is a no-op there (REPLICAOF to the current master keeps the link).
 */
public final class ReplicationRoles implements RoleListener {
  private final ReplicationControl replication;
  private final Executor eventLoop;

  public ReplicationRoles(ReplicationControl replication, Executor eventLoop) {
    this.replication = replication;
    this.eventLoop = eventLoop;
  }

  @Override
  public void becomeMaster() {
    eventLoop.execute(() -> {
      if (replication.isReplica()) {
        replication.becomeMaster();
      }
    });
  }

  @Override
  public void epoch(long epoch) {
    eventLoop.execute(() -> replication.clusterEpoch(epoch));
  }

  @Override
  public void replicaOf(String host, int port) {
    eventLoop.execute(() -> replication.replicaOf(host, port));
  }
}
