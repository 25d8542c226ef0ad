package io.codis.meta.server.state;

import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.FailoverView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.server.proto.FailoverRecord;
import io.codis.meta.client.model.KvEntry;
import io.codis.meta.client.model.NodeView;
import io.codis.meta.client.model.ProxyView;
import io.codis.meta.client.model.SlotView;
import java.util.ArrayList;
import java.util.List;

/** Renders the state as the immutable records of the client model (what the JSON API returns). */
public final class Views {
  private Views() {}

  public static ClusterView cluster(ClusterState s) {
    return new ClusterView(s.version, s.initialized(), s.slotCount, s.lastNowMs, groups(s),
        slots(s), proxies(s), nodes(s));
  }

  public static List<GroupView> groups(ClusterState s) {
    List<GroupView> out = new ArrayList<>();
    for (GroupState g : s.groups.values()) {
      out.add(group(g));
    }
    return out;
  }

  public static GroupView group(ClusterState s, int id) {
    GroupState g = s.groups.get(id);
    return g == null ? null : group(g);
  }

  private static GroupView group(GroupState g) {
    List<FailoverView> failovers = new ArrayList<>();
    for (FailoverRecord r : g.failovers) {
      failovers.add(new FailoverView(r.getEpoch(), r.getFrom(), r.getTo(), r.getReason(),
          r.getDetail(), r.getDetectedAtMs(), r.getPromotedAtMs(), r.getFromOffset(),
          r.getToOffset()));
    }
    return new GroupView(g.id, g.epoch, g.master, List.copyOf(g.replicas), g.leaseHolder,
        g.leaseExpiresAtMs, g.failoverState, failovers);
  }

  /** Promotions ever applied, by reason. */
  public static java.util.Map<String, Long> failoverCounts(ClusterState s) {
    return new java.util.TreeMap<>(s.failoverCounts);
  }

  /** When each failed node was declared failed (leader time), by address. */
  public static java.util.Map<String, Long> failedSince(ClusterState s) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (NodeState n : s.nodes.values()) {
      if (n.failed) {
        out.put(n.addr, n.failedAtMs);
      }
    }
    return out;
  }

  public static List<SlotView> slots(ClusterState s) {
    List<SlotView> out = new ArrayList<>(s.slotCount);
    for (int i = 0; i < s.slotCount; i++) {
      out.add(slot(s, i));
    }
    return out;
  }

  /** The slot, or null when id is out of range. */
  public static SlotView slot(ClusterState s, int id) {
    if (id < 0 || id >= s.slotCount) {
      return null;
    }
    String state = s.slotState[id] == ClusterState.SLOT_STABLE ? SlotView.STABLE : SlotView.OFFLINE;
    return new SlotView(id, s.slotGroup[id], state);
  }

  public static List<ProxyView> proxies(ClusterState s) {
    List<ProxyView> out = new ArrayList<>();
    for (ProxyState p : s.proxies.values()) {
      out.add(new ProxyView(p.id, p.addr, p.adminAddr, p.leaseTtlMs, p.leaseExpiresAtMs,
          p.lastSeenMs, p.tableVersionSeen, p.expired));
    }
    return out;
  }

  public static List<NodeView> nodes(ClusterState s) {
    List<NodeView> out = new ArrayList<>();
    for (NodeState n : s.nodes.values()) {
      out.add(new NodeView(n.addr, n.runId, n.registeredAtMs, n.lastSeenMs, n.offset,
          List.copyOf(n.suspectedBy), n.failed));
    }
    return out;
  }

  public static KvEntry kv(ClusterState s, String key) {
    return s.kv.get(key);
  }

  public static List<KvEntry> kvAll(ClusterState s) {
    return List.copyOf(s.kv.all());
  }
}
