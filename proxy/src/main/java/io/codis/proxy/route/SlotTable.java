package io.codis.proxy.route;

import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.NodeView;
import io.codis.meta.client.model.SlotView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing view of one cluster version: for every slot, the address of the master that serves
 * it, or null when nobody does (slot offline, unowned, or its group has no master). Immutable: a
 * new version is a new table, swapped in by one reference write, so a request is routed entirely
 * by one version.
 */
public final class SlotTable {
  private final long version;
  private final String[] masterBySlot;
  private final List<String> masters;
  private final boolean complete;
  private final Map<String, Integer> groupByMaster;
  /** Replicas of each master that the metaserver does not mark failed (reads from replicas). */
  private final Map<String, List<String>> replicasByMaster;

  public SlotTable(long version, String[] masterBySlot) {
    this(version, masterBySlot, Map.of());
  }

  /** {@code groupByMaster}: the group id of each master address, for INFO (may be partial). */
  public SlotTable(long version, String[] masterBySlot, Map<String, Integer> groupByMaster) {
    this(version, masterBySlot, groupByMaster, Map.of());
  }

  /** As above, with the replicas of each master ({@link #replicasOf}). */
  public SlotTable(long version, String[] masterBySlot, Map<String, Integer> groupByMaster,
      Map<String, List<String>> replicasByMaster) {
    this.groupByMaster = Map.copyOf(groupByMaster);
    Map<String, List<String>> replicas = new HashMap<>();
    replicasByMaster.forEach((m, r) -> replicas.put(m, List.copyOf(r)));
    this.replicasByMaster = Map.copyOf(replicas);
    if (masterBySlot.length == 0) {
      throw new IllegalArgumentException("slot count: 0 (expected: > 0)");
    }
    this.version = version;
    this.masterBySlot = masterBySlot.clone();
    Set<String> distinct = new LinkedHashSet<>();
    boolean all = true;
    for (String m : this.masterBySlot) {
      if (m != null) {
        distinct.add(m);
      } else {
        all = false;
      }
    }
    this.complete = all;
    this.masters = List.copyOf(distinct);
  }

  /** Builds the table of a cluster view; a slot is served only when STABLE, owned and mastered. */
  public static SlotTable of(ClusterView view) {
    Map<Integer, String> masterByGroup = new HashMap<>();
    for (GroupView g : view.groups()) {
      if (g.master() != null && !g.master().isEmpty()) {
        masterByGroup.put(g.id(), g.master());
      }
    }
    String[] bySlot = new String[view.slotCount()];
    for (SlotView s : view.slots()) {
      if (s.id() >= 0 && s.id() < bySlot.length && SlotView.STABLE.equals(s.state())) {
        bySlot[s.id()] = masterByGroup.get(s.groupId());
      }
    }
    Map<String, Integer> groupByMaster = new HashMap<>();
    masterByGroup.forEach((g, m) -> groupByMaster.put(m, g));
    return new SlotTable(view.version(), bySlot, groupByMaster, replicasByMaster(view));
  }

  /** The replicas of each group's master, without the nodes the metaserver marks failed. */
  private static Map<String, List<String>> replicasByMaster(ClusterView view) {
    Set<String> failed = new HashSet<>();
    if (view.nodes() != null) {
      for (NodeView n : view.nodes()) {
        if (n.failed()) {
          failed.add(n.addr());
        }
      }
    }
    Map<String, List<String>> out = new HashMap<>();
    for (GroupView g : view.groups()) {
      if (g.master() == null || g.master().isEmpty() || g.replicas() == null) {
        continue;
      }
      List<String> live = g.replicas().stream()
          .filter(r -> r != null && !r.isEmpty() && !failed.contains(r) && !r.equals(g.master())).toList();
      if (!live.isEmpty()) {
        out.put(g.master(), live);
      }
    }
    return out;
  }

  /** Slots {@code first..last} (inclusive) served by the master at {@code addr}. */
  public record Range(int first, int last, String addr) {}

  /** A fixed table (tests, static set-ups); slots outside every range are not served. */
  public static SlotTable of(long version, int slotCount, List<Range> ranges) {
    String[] bySlot = new String[slotCount];
    for (Range r : ranges) {
      for (int s = r.first(); s <= r.last(); s++) {
        bySlot[s] = r.addr();
      }
    }
    return new SlotTable(version, bySlot);
  }

  public long version() {
    return version;
  }

  public int slotCount() {
    return masterBySlot.length;
  }

  /** The master serving {@code slot}, or null. */
  public String masterOf(int slot) {
    return masterBySlot[slot];
  }

  /** The id of the group whose master is {@code addr}, or 0 when unknown (fixed tables). */
  public int groupOf(String addr) {
    return groupByMaster.getOrDefault(addr, 0);
  }

  /**
   * The replicas of the master at {@code addr} listed by the cluster view and not marked failed by
   * the metaserver (empty for fixed tables). Whether one is fresh enough to read from is the
   * proxy's own check ({@code replica.ReplicaHealth}).
   */
  public List<String> replicasOf(String addr) {
    return replicasByMaster.getOrDefault(addr, List.of());
  }

  /** True when every slot has a master. */
  public boolean complete() {
    return complete;
  }

  /** Every distinct master address, in slot order of first appearance. */
  public List<String> masters() {
    return masters;
  }

  /** Slots per master, for logs and docs. */
  public Map<String, Integer> slotCounts() {
    Map<String, Integer> counts = new HashMap<>();
    for (String m : masterBySlot) {
      if (m != null) {
        counts.merge(m, 1, Integer::sum);
      }
    }
    return counts;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    slotCounts().forEach((m, n) -> parts.add(m + "=" + n));
    return "SlotTable[version=" + version + ", slots=" + masterBySlot.length + ", " + parts + "]";
  }
}
