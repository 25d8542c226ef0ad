package io.codis.node.cluster;

import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.SlotView;
import io.codis.protocol.Slots;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.KeySpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which slots this node's group owns at one cluster version, and what to answer for the others.
 * Immutable: a new cluster version is a new table, published with one reference write and read by
 * the execution thread before each keyed command.
 *
 * <ul>
 *   <li>owned (STABLE, assigned to the node's group): the command runs;
 *   <li>STABLE in another group that has a master: {@code -MOVED <slot> <master>} (Redis Cluster's
 *       shape), so a proxy with a stale table can never write into the wrong group;
 *   <li>OFFLINE, unassigned, or the owning group has no master: {@code -CLUSTERDOWN Hash slot not
 *       served};
 *   <li>MIGRATING counts as its source group's (groupId) until the switch: the source serves it
 *       (its own migration blocks writes for the tail), every other node answers {@code -MOVED};
 *   <li>any other state: {@code -TRYAGAIN}.
 * </ul>
 */
public final class SlotOwnership {
  private static final byte OWNED = 0;
  private static final byte MOVED = 1;
  private static final byte DOWN = 2;
  private static final byte SWITCHING = 3;

  static final String NOT_SERVED = "CLUSTERDOWN Hash slot not served";

  private final long version;
  private final int groupId;
  private final byte[] state;
  private final String[] movedTo;
  private final String downReason;

  private SlotOwnership(long version, int groupId, byte[] state, String[] movedTo, String downReason) {
    this.version = version;
    this.groupId = groupId;
    this.state = state;
    this.movedTo = movedTo;
    this.downReason = downReason;
  }

  /**
   * The table of a node that belongs to a cluster but has no view yet: every keyed command is
   * refused with CLUSTERDOWN (it cannot know whether it still owns anything).
   */
  public static SlotOwnership unknown(int slotCount) {
    byte[] s = new byte[slotCount];
    Arrays.fill(s, DOWN);
    return new SlotOwnership(0, 0, s, new String[slotCount],
        "CLUSTERDOWN the node has not received its slot table from the metaserver yet");
  }

  /** The table of {@code view} for the node announced as {@code self}. */
  public static SlotOwnership of(ClusterView view, String self) {
    int n = view.slotCount();
    byte[] s = new byte[n];
    String[] to = new String[n];
    Arrays.fill(s, DOWN);
    if (!view.initialized()) {
      return new SlotOwnership(view.version(), 0, s, to, "CLUSTERDOWN the cluster is not initialized");
    }
    int mine = groupOf(view, self);
    Map<Integer, String> masters = new HashMap<>();
    for (GroupView g : view.groups()) {
      if (g.master() != null && !g.master().isEmpty()) {
        masters.put(g.id(), g.master());
      }
    }
    for (SlotView v : view.slots()) {
      if (v.id() < 0 || v.id() >= n) {
        continue;
      }
      if (SlotView.OFFLINE.equals(v.state()) || v.groupId() == 0) {
        s[v.id()] = DOWN;
      } else if (!SlotView.STABLE.equals(v.state()) && !SlotView.MIGRATING.equals(v.state())) {
        s[v.id()] = SWITCHING;
      } else if (v.groupId() == mine) {
        s[v.id()] = OWNED;
      } else if (masters.containsKey(v.groupId())) {
        s[v.id()] = MOVED;
        to[v.id()] = masters.get(v.groupId());
      }
    }
    return new SlotOwnership(view.version(), mine, s, to, NOT_SERVED);
  }

  /** The id of the group {@code self} is master or replica of, or 0. */
  static int groupOf(ClusterView view, String self) {
    for (GroupView g : view.groups()) {
      if (self.equals(g.master()) || (g.replicas() != null && g.replicas().contains(self))) {
        return g.id();
      }
    }
    return 0;
  }

  public long version() {
    return version;
  }

  /** The node's group in this view, 0 when it is in none. */
  public int groupId() {
    return groupId;
  }

  public int slotCount() {
    return state.length;
  }

  public boolean owns(int slot) {
    return state[slot] == OWNED;
  }

  /** Slots owned, for INFO and logs. */
  public int ownedCount() {
    int c = 0;
    for (byte b : state) {
      if (b == OWNED) {
        c++;
      }
    }
    return c;
  }

  /**
   * The error refusing {@code argv} (without the leading '-'), or null when every key is in an owned
   * slot. Keyless commands always pass. With several keys, the first key outside the owned slots
   * decides.
   */
  public String refusal(CommandSpec spec, byte[][] argv) {
    if (spec.keys().isEmpty()) {
      return null;
    }
    if (spec.keys().size() == 1 && spec.keys().get(0) instanceof KeySpec.Range r) {
      // The common case (GET, SET, HSET, MGET...): walk the positions without allocating.
      int end = r.last() >= 0 ? r.last() : argv.length + r.last();
      for (int i = r.first(); i <= end && i < argv.length; i += r.step()) {
        String refusal = refusal(argv[i]);
        if (refusal != null) {
          return refusal;
        }
      }
      return null;
    }
    for (int i : spec.keyIndexes(argv)) {
      String refusal = refusal(argv[i]);
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  private String refusal(byte[] key) {
    int slot = Slots.slotOf(key, state.length);
    switch (state[slot]) {
      case OWNED:
        return null;
      case MOVED:
        return "MOVED " + slot + " " + movedTo[slot];
      case SWITCHING:
        return "TRYAGAIN slot " + slot + " is switching owner";
      default:
        return downReason;
    }
  }

  @Override
  public String toString() {
    return "SlotOwnership[version=" + version + ", group=" + groupId + ", owned=" + ownedCount() + "/"
        + state.length + "]";
  }
}
