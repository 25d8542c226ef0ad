package io.codis.meta.client.model;

import java.util.List;

/**
 * The whole cluster model at one version: what a proxy caches and what {@code GET /v1/cluster}
 * returns. {@code nowMs} is the leader-stamped time of the last applied command.
 */
public record ClusterView(long version, boolean initialized, int slotCount, long nowMs,
    List<GroupView> groups, List<SlotView> slots, List<ProxyView> proxies, List<NodeView> nodes) {

  /** The group owning slot {@code id}, or 0. */
  public int ownerOf(int id) {
    return slots.get(id).groupId();
  }
}
