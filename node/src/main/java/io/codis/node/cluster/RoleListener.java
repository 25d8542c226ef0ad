package io.codis.node.cluster;

/**
 * Told when the node's role in its group changes in the cluster view, so replication can follow
 * the metaserver. Called on the cluster watch thread, once per change, never concurrently.
 */
public interface RoleListener {
  /** The node is its group's master now. */
  void becomeMaster();

  /** The node is a replica of the master at {@code host:port} now. */
  void replicaOf(String host, int port);

  /** The epoch of the node's group in the view (called on every new view; 0 when in no group). */
  default void epoch(long epoch) {}

  /** A listener that does nothing (until replication is wired in). */
  RoleListener NONE = new RoleListener() {
    @Override
    public void becomeMaster() {}

    @Override
    public void replicaOf(String host, int port) {}
  };
}
