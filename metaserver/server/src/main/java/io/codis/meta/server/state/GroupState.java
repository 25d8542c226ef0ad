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
  long leaseTerm;
  long leaseTtlMs;
  /** Why a pending failover cannot proceed; empty when none is pending (see Failovers). */
  String failoverState = "";
  /** Recent promotions, oldest first, at most FAILOVERS_KEPT. */
  final java.util.ArrayDeque<io.codis.meta.server.proto.FailoverRecord> failovers =
      new java.util.ArrayDeque<>();

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

  /**
   * True while the lease may still be valid somewhere. Lease times are stamped by the leader that
   * granted them and clocks of different leaders are not comparable, so a lease granted in an
   * earlier term is also honoured for one full TTL from the start of the current term.
   */
  boolean leaseMayBeValid(long nowMs, long currentTerm, long termStartMs) {
    if (leaseValidAt(nowMs)) {
      return true;
    }
    return !leaseHolder.isEmpty() && leaseTerm < currentTerm && nowMs < termStartMs + leaseTtlMs;
  }

  void clearLease() {
    leaseHolder = "";
    leaseExpiresAtMs = 0;
    leaseEpoch = 0;
    leaseTerm = 0;
    leaseTtlMs = 0;
  }
}
