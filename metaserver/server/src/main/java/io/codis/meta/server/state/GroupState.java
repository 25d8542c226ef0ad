package io.codis.meta.server.state;

import java.util.ArrayList;
import java.util.List;

/** Mutable group record, owned by {@link ClusterState}. */
final class GroupState {
  final int id;
  long epoch;
  String master = "";
  final List<String> replicas = new ArrayList<>();
  String leaseHolder = "";
  long leaseExpiresAtMs;
  long leaseEpoch;

  GroupState(int id) {
    this.id = id;
  }

  boolean hasServer(String addr) {
    return master.equals(addr) || replicas.contains(addr);
  }

  int serverCount() {
    return (master.isEmpty() ? 0 : 1) + replicas.size();
  }

  /** True while the master's lease (granted for the current epoch) is valid at nowMs. */
  boolean leaseValidAt(long nowMs) {
    return !leaseHolder.isEmpty() && leaseExpiresAtMs > nowMs;
  }

  void clearLease() {
    leaseHolder = "";
    leaseExpiresAtMs = 0;
    leaseEpoch = 0;
  }
}
