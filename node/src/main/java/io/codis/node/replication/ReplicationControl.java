package io.codis.node.replication;

/**
 * What cluster code (the metaserver-driven role manager) needs from replication. Call on the node's
 * event loop. Changing the role is idempotent: pointing a replica at the master it already follows
 * keeps the link.
 */
public interface ReplicationControl {
  /** Follow {@code host:port} (REPLICAOF host port): drops client writes, keeps the data, resyncs. */
  void replicaOf(String host, int port);

  /** Stop following (REPLICAOF NO ONE): keep the data and offset, take a new replication id. */
  void becomeMaster();

  /** The replication offset: bytes of the effect stream applied (replica) or produced (master). */
  long offset();

  boolean isReplica();

  /** The current replication id (40 hex digits); it changes on promotion and on full resync. */
  String replicationId();

  /** True for a master, or for a replica whose link to its master is up and synchronised. */
  boolean linkUp();

  /** The node's group epoch from the cluster view (failover fencing); ignored by default. */
  default void clusterEpoch(long epoch) {}
}
