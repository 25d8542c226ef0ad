package io.codis.meta.client.model;

import java.util.List;

/**
 * A group: one master and its replicas. The epoch increases on every promotion.
 * {@code failoverState} says why a failover of this group cannot proceed (empty when none is
 * pending); {@code failovers} are its recent promotions, oldest first.
 */
public record GroupView(int id, long epoch, String master, List<String> replicas,
    String leaseHolder, long leaseExpiresAtMs, String failoverState, List<FailoverView> failovers) {

  /** A group without failover information (tests and older callers). */
  public GroupView(int id, long epoch, String master, List<String> replicas, String leaseHolder,
      long leaseExpiresAtMs) {
    this(id, epoch, master, replicas, leaseHolder, leaseExpiresAtMs, "", List.of());
  }
}
