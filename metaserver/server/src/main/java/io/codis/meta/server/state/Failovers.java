package io.codis.meta.server.state;

import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.FailoverView;
import io.codis.meta.server.proto.Failover;
import io.codis.meta.server.proto.FailoverRecord;
import io.codis.meta.server.proto.Result;
import io.codis.meta.server.proto.SetFailoverState;
import java.nio.charset.StandardCharsets;

/**
 * The replicated rules of failover, part of {@link ClusterState} (same thread, same
 * plan-then-apply shape). The controller decides; these rules only accept a decision that is still
 * safe when it reaches the log:
 *
 * <ul>
 *   <li>the group is still at the epoch the decision was based on (a deposed leader's or a retried
 *       decision never applies twice);
 *   <li>the target is a replica of the group and not failed itself;
 *   <li>{@code master_failed}: the master is failed (more than half of the peers suspect it), more
 *       than half of the peers reported or refreshed their suspicion within the command's freshness
 *       window (a peer that reaches the master again but cannot reach the leader to say so stops
 *       counting), and its lease can no longer be valid anywhere (same rule as PROMOTE, across
 *       leader changes);
 *   <li>{@code switchover}: the master fenced itself with MASTERFENCE, so no lease check.
 * </ul>
 *
 * Every promotion (these and PROMOTE, reason {@code manual}) is recorded in the group (the last
 * {@link #FAILOVERS_KEPT}) and counted by reason.
 */
final class Failovers {
  /** Promotions remembered per group (older ones are only counted). */
  static final int FAILOVERS_KEPT = 8;
  /** Longest failover state or detail text, in bytes. */
  static final int TEXT_BYTES_MAX = 1024;

  private final ClusterState s;

  Failovers(ClusterState s) {
    this.s = s;
  }

  /* FAILOVER group addr expected_epoch reason detail from_offset to_offset */
  ClusterState.Mutation planFailover(Failover f, long nowMs, long term, long termStart) {
    GroupState g = s.requireGroup(f.getGroupId());
    String reason = f.getReason();
    if (!reason.equals(FailoverView.MASTER_FAILED) && !reason.equals(FailoverView.SWITCHOVER)) {
      throw new Refusal(ErrorCode.BAD_REQUEST, "reason: " + reason + " (expected: "
          + FailoverView.MASTER_FAILED + " or " + FailoverView.SWITCHOVER + ")");
    }
    requireText("detail", f.getDetail());
    if (f.getExpectedEpoch() != g.epoch) {
      throw new Refusal(ErrorCode.STALE_EPOCH, "group " + g.id + " is at epoch " + g.epoch
          + " (expected: " + f.getExpectedEpoch() + ")");
    }
    if (!g.replicas.contains(f.getAddr())) {
      throw new Refusal(ErrorCode.NO_SUCH_SERVER, f.getAddr() + " is not a replica of group " + g.id);
    }
    NodeState target = s.nodes.get(f.getAddr());
    if (target != null && target.failed) {
      throw new Refusal(ErrorCode.NO_SUCH_SERVER, f.getAddr() + " is failed itself");
    }
    long detectedAtMs = 0;
    if (reason.equals(FailoverView.MASTER_FAILED)) {
      NodeState master = s.nodes.get(g.master);
      if (master == null || !master.failed) {
        throw new Refusal(ErrorCode.MASTER_ALIVE, "the master " + g.master + " of group " + g.id
            + " is not failed: a majority of metaserver peers still reaches it");
      }
      if (f.getSuspicionFreshMs() > 0) {
        long fresh = master.suspectedAtMs.values().stream()
            .filter(at -> at >= nowMs - f.getSuspicionFreshMs()).count();
        if (fresh * 2 <= peerCount(master)) {
          throw new Refusal(ErrorCode.MASTER_ALIVE, "only " + fresh + " suspicions of " + g.master
              + " were reported in the last " + f.getSuspicionFreshMs() + " ms: not a majority");
        }
      }
      if (g.leaseMayBeValid(nowMs, term, termStart)) {
        throw new Refusal(ErrorCode.LEASE_HELD, g.leaseHolder + " may still hold the lease of group "
            + g.id + " (expires at " + g.leaseExpiresAtMs + ", granted in term " + g.leaseTerm
            + "; now " + nowMs + " in term " + term + " started at " + termStart + ")");
      }
      detectedAtMs = master.failedAtMs;
    }
    long detected = detectedAtMs;
    return () -> {
      promote(g, f.getAddr(), nowMs, reason, f.getDetail(), f.getFromOffset(), f.getToOffset(),
          detected);
      return Result.newBuilder().setEpoch(g.epoch);
    };
  }

  /** The configuration size the node's last suspicion was judged against. */
  private static int peerCount(NodeState n) {
    return n.peerCount;
  }

  /* SET-FAILOVER-STATE group state: why the group's failover waits (empty: nothing pending). */
  ClusterState.Mutation planSetState(SetFailoverState st) {
    GroupState g = s.requireGroup(st.getGroupId());
    requireText("state", st.getState());
    return () -> {
      g.failoverState = st.getState();
      return Result.newBuilder().setEpoch(g.epoch);
    };
  }

  /** Promotes and records (no checks: the caller's plan did them). */
  void promote(GroupState g, String addr, long nowMs, String reason, String detail, long fromOffset,
      long toOffset) {
    promote(g, addr, nowMs, reason, detail, fromOffset, toOffset, 0);
  }

  private void promote(GroupState g, String addr, long nowMs, String reason, String detail,
      long fromOffset, long toOffset, long detectedAtMs) {
    String from = g.master;
    s.moveMaster(g, addr);
    g.failoverState = "";
    g.failovers.addLast(FailoverRecord.newBuilder().setEpoch(g.epoch).setFrom(from).setTo(addr)
        .setReason(reason).setDetail(detail).setDetectedAtMs(detectedAtMs).setPromotedAtMs(nowMs)
        .setFromOffset(fromOffset).setToOffset(toOffset).build());
    while (g.failovers.size() > FAILOVERS_KEPT) {
      g.failovers.removeFirst();
    }
    s.failoverCounts.merge(reason, 1L, Long::sum);
  }

  private static void requireText(String name, String text) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > TEXT_BYTES_MAX) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE,
          name + " length: " + bytes + " (expected: <= " + TEXT_BYTES_MAX + ")");
    }
  }
}
