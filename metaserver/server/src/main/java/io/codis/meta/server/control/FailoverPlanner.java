package io.codis.meta.server.control;

import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.NodeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the controller should do for one group, decided in two deterministic steps (no I/O):
 * {@link #assess} from the replicated state alone, then, when replicas must be compared,
 * {@link #choose} from what the nodes themselves said about their replication.
 *
 * <p>Rules: only a group whose master is failed (the majority of peers suspect it) is touched;
 * nothing is read or promoted while the master's lease may still be valid; the promoted replica is
 * the one with the highest replication offset among those that answered, are not loading (a full
 * sync in progress), are not empty (offset 0: never received a byte) and are at most
 * {@code maxLagBytes} behind the master's last reported offset. Ties go to the replica listed
 * first. If none qualifies the group stays without a master and the decision says why.
 */
public final class FailoverPlanner {
  private FailoverPlanner() {}

  /** What one replica said when the controller asked it (INFO replication and persistence). */
  public record ReplicaState(String addr, boolean answered, long offset, boolean loading,
      String error) {

    public static ReplicaState unreachable(String addr, String error) {
      return new ReplicaState(addr, false, -1, false, error);
    }
  }

  /** A decision; {@link #state} is what the group view shows for it (empty: nothing pending). */
  public sealed interface Decision {
    String state();

    /** One word for metrics: healthy, waiting, read_offsets, promote, blocked. */
    default String kind() {
      String name = getClass().getSimpleName();
      return name.equals("ReadOffsets") ? "read_offsets" : name.toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Nothing to do: the master is not failed (or the group has none). */
  public record Healthy() implements Decision {
    @Override
    public String state() {
      return "";
    }
  }

  /** The master is failed but its lease may still be valid: wait, read nothing yet. */
  public record Waiting(String state) implements Decision {}

  /** The lease is over: ask these replicas for their offsets, then {@link #choose}. */
  public record ReadOffsets(List<String> candidates, String master) implements Decision {
    @Override
    public String state() {
      return "master " + master + " failed: comparing replicas " + candidates;
    }
  }

  /** Promote addr (the group stays without a usable master until the command applies). */
  public record Promote(String addr, long fromOffset, long toOffset, String detail)
      implements Decision {
    @Override
    public String state() {
      return "promoting " + addr;
    }
  }

  /** No replica qualifies: the group stays unavailable, for the reason given. */
  public record Blocked(String state) implements Decision {}

  /** Step one, from the replicated state: leaseMayBeValid is the state's lease rule right now. */
  public static Decision assess(GroupView g, Map<String, NodeView> nodes, boolean leaseMayBeValid) {
    if (g.master() == null || g.master().isEmpty()) {
      return new Healthy();
    }
    NodeView master = nodes.get(g.master());
    if (master == null || !master.failed()) {
      return new Healthy();
    }
    String failed = "master " + g.master() + " failed (suspected by " + master.suspectedBy() + ")";
    if (g.replicas().isEmpty()) {
      return new Blocked(failed + ": the group has no replica to promote");
    }
    if (leaseMayBeValid) {
      return new Waiting(failed + ": waiting for its lease to expire (expires at "
          + g.leaseExpiresAtMs() + ", or one TTL after a leader change)");
    }
    List<String> candidates = new ArrayList<>();
    List<String> down = new ArrayList<>();
    for (String r : g.replicas()) {
      NodeView n = nodes.get(r);
      if (n != null && n.failed()) {
        down.add(r);
      } else {
        candidates.add(r);
      }
    }
    if (candidates.isEmpty()) {
      return new Blocked(failed + ": every replica is failed too " + down);
    }
    return new ReadOffsets(candidates, g.master());
  }

  /**
   * Step two: picks the replica to promote from what the replicas said. masterOffset is the
   * master's last reported offset (0 when it never reported one: then only emptiness, loading and
   * reachability are checked).
   */
  public static Decision choose(GroupView g, long masterOffset, List<ReplicaState> replicas,
      long maxLagBytes) {
    ReplicaState best = null;
    List<String> refused = new ArrayList<>();
    for (ReplicaState r : replicas) {
      String why = disqualified(r, masterOffset, maxLagBytes);
      if (why != null) {
        refused.add(r.addr() + " " + why);
      } else if (best == null || r.offset() > best.offset()) {
        best = r;
      }
    }
    String failed = "master " + g.master() + " failed";
    if (best == null) {
      return new Blocked(failed + ": no replica qualifies (" + String.join("; ", refused) + ")");
    }
    String detail = failed + "; promoted " + best.addr() + " at offset " + best.offset()
        + " (master's last reported offset " + masterOffset + ")"
        + (refused.isEmpty() ? "" : "; not chosen: " + String.join("; ", refused));
    return new Promote(best.addr(), masterOffset, best.offset(), detail);
  }

  private static String disqualified(ReplicaState r, long masterOffset, long maxLagBytes) {
    if (!r.answered()) {
      return "did not answer (" + r.error() + ")";
    }
    if (r.loading()) {
      return "is loading (sync in progress)";
    }
    if (r.offset() <= 0) {
      return "is empty (offset " + r.offset() + ")";
    }
    if (masterOffset - r.offset() > maxLagBytes) {
      return "is " + (masterOffset - r.offset()) + " bytes behind (allowed: " + maxLagBytes + ")";
    }
    return null;
  }
}
