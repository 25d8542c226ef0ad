package io.codis.meta.server.state;

/** Mutable data-node record, owned by {@link ClusterState}. */
final class NodeState {
  final String addr;
  String runId = "";
  long registeredAtMs;
  long lastSeenMs;
  long offset;
  final java.util.TreeSet<String> suspectedBy = new java.util.TreeSet<>();
  boolean failed;
  /** When failed last became true (leader time); 0 while not failed. */
  long failedAtMs;

  NodeState(String addr) {
    this.addr = addr;
  }
}
