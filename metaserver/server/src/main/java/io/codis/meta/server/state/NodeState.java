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
  /** Per suspecting peer, when it last reported the suspicion (leader time). */
  final java.util.TreeMap<String, Long> suspectedAtMs = new java.util.TreeMap<>();
  /** Configuration size stamped on the last suspicion report (0 before any). */
  int peerCount;

  NodeState(String addr) {
    this.addr = addr;
  }
}
