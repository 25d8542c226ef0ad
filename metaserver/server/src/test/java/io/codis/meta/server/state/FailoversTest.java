package io.codis.meta.server.state;

import static io.codis.meta.server.state.Commands.*;
import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.FailoverView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.Result;
import org.junit.jupiter.api.Test;

/** The replicated rules of a Failover command and of the failover record. */
class FailoversTest {
  private final ClusterState s = new ClusterState();
  private static final String M = "n1:6379";
  private static final String R = "n2:6379";

  private Result ok(Command c) {
    Result r = s.apply(c);
    assertTrue(r.getOk(), () -> "refused: " + r.getCode() + " " + r.getMessage());
    return r;
  }

  private void refused(ErrorCode code, Command c) {
    byte[] before = Snapshots.toProto(s).toByteArray();
    Result r = s.apply(c);
    assertEquals(code.name(), r.getCode(), r.getMessage());
    assertArrayEquals(before, Snapshots.toProto(s).toByteArray(), "a refusal changed the state");
  }

  private long setUpGroup() {
    ok(init(1, 16));
    ok(createGroup(1, 1));
    ok(addServer(1, 1, M));
    ok(addServer(1, 1, R));
    ok(registerNode(1, M));
    ok(registerNode(1, R));
    return Views.group(s, 1).epoch();
  }

  @Test
  void automaticFailoverNeedsAFailedMasterAnExpiredLeaseAndTheSameEpoch() {
    long epoch = setUpGroup();
    ok(renewLease(100, 1, M, epoch, 4000));
    refused(ErrorCode.MASTER_ALIVE, failover(200, 1, R, epoch, FailoverView.MASTER_FAILED));
    ok(suspect(300, M, "m0", true, 3));
    refused(ErrorCode.MASTER_ALIVE, failover(400, 1, R, epoch, FailoverView.MASTER_FAILED));
    ok(suspect(500, M, "m1", true, 3));
    refused(ErrorCode.LEASE_HELD, failover(4099, 1, R, epoch, FailoverView.MASTER_FAILED));
    refused(ErrorCode.STALE_EPOCH, failover(4100, 1, R, epoch - 1, FailoverView.MASTER_FAILED));
    refused(ErrorCode.NO_SUCH_SERVER, failover(4100, 1, M, epoch, FailoverView.MASTER_FAILED));
    refused(ErrorCode.BAD_REQUEST, failover(4100, 1, R, epoch, "because"));
    ok(failover(4100, 1, R, epoch, FailoverView.MASTER_FAILED));
    GroupView g = Views.group(s, 1);
    assertEquals(R, g.master());
    assertEquals(epoch + 1, g.epoch());
    assertEquals(java.util.List.of(M), g.replicas(), "the old master stays as a replica");
    FailoverView f = g.failovers().get(0);
    assertEquals(new FailoverView(epoch + 1, M, R, FailoverView.MASTER_FAILED, "test", 500, 4100, 10, 9), f);
    // The same decision again (a retry, or a deposed leader's): the epoch moved, so refused.
    refused(ErrorCode.STALE_EPOCH, failover(4200, 1, M, epoch, FailoverView.MASTER_FAILED));
    assertEquals(java.util.Map.of(FailoverView.MASTER_FAILED, 1L), Views.failoverCounts(s));
  }

  @Test
  void staleSuspicionsDoNotCount() {
    long epoch = setUpGroup();
    ok(suspect(1_000, M, "m0", true, 3));
    ok(suspect(1_000, M, "m1", true, 3));
    ok(suspect(4_000, M, "m0", true, 3));
    // m1 stopped refreshing (it may reach the master again but not the leader): only m0 is fresh.
    refused(ErrorCode.MASTER_ALIVE, freshFailover(5_000, epoch, 2_500));
    ok(suspect(5_000, M, "m1", true, 3));
    ok(freshFailover(5_100, epoch, 2_500));
  }

  private static Command freshFailover(long now, long epoch, long freshMs) {
    Command c = failover(now, 1, R, epoch, FailoverView.MASTER_FAILED);
    return c.toBuilder().setFailover(c.getFailover().toBuilder().setSuspicionFreshMs(freshMs)).build();
  }

  @Test
  void aFailedTargetIsNeverPromoted() {
    long epoch = setUpGroup();
    ok(suspect(1, M, "m0", true, 3));
    ok(suspect(1, M, "m1", true, 3));
    ok(suspect(1, R, "m0", true, 3));
    ok(suspect(1, R, "m1", true, 3));
    refused(ErrorCode.NO_SUCH_SERVER, failover(10, 1, R, epoch, FailoverView.MASTER_FAILED));
  }

  @Test
  void aSwitchoverReliesOnTheFenceNotTheLease() {
    long epoch = setUpGroup();
    ok(renewLease(100, 1, M, epoch, 4000));
    ok(failover(200, 1, R, epoch, FailoverView.SWITCHOVER));
    assertEquals(R, Views.group(s, 1).master());
    assertEquals(0, Views.group(s, 1).failovers().get(0).detectedAtMs());
  }

  @Test
  void stateTextIsShownAndClearedByThePromotion() {
    long epoch = setUpGroup();
    long version = s.version();
    ok(failoverState(10, 1, "master failed: waiting"));
    assertEquals(version, s.version(), "the failover state does not move the routing version");
    assertEquals("master failed: waiting", Views.group(s, 1).failoverState());
    refused(ErrorCode.OUT_OF_RANGE, failoverState(10, 1, "x".repeat(Failovers.TEXT_BYTES_MAX + 1)));
    ok(failover(20, 1, R, epoch, FailoverView.SWITCHOVER));
    assertEquals("", Views.group(s, 1).failoverState());
  }

  @Test
  void theRecordKeepsTheLastPromotionsAndSurvivesASnapshot() {
    setUpGroup();
    for (int i = 0; i < Failovers.FAILOVERS_KEPT + 3; i++) {
      GroupView g = Views.group(s, 1);
      ok(i % 2 == 0 ? failover(10 + i, 1, g.replicas().get(0), g.epoch(), FailoverView.SWITCHOVER)
          : promote(10 + i, 1, g.replicas().get(0)));
    }
    GroupView g = Views.group(s, 1);
    assertEquals(Failovers.FAILOVERS_KEPT, g.failovers().size());
    assertEquals(g.epoch(), g.failovers().get(Failovers.FAILOVERS_KEPT - 1).epoch());
    assertEquals(java.util.Map.of(FailoverView.SWITCHOVER, 6L, FailoverView.MANUAL, 5L),
        Views.failoverCounts(s));
    ClusterState restored = Snapshots.fromProto(Snapshots.toProto(s), Limits.DEFAULT);
    assertArrayEquals(Snapshots.toProto(s).toByteArray(), Snapshots.toProto(restored).toByteArray());
    assertEquals(g, Views.group(restored, 1));
  }
}
