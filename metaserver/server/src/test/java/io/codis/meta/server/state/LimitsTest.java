package io.codis.meta.server.state;

import static io.codis.meta.server.state.Commands.*;
import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.server.proto.ClusterSnapshot;
import io.codis.meta.server.proto.GroupRecord;
import io.codis.meta.server.proto.Result;
import org.junit.jupiter.api.Test;

/** Every limit accepts its maximum and refuses maximum + 1. */
class LimitsTest {
  private static final Limits SMALL = new Limits(8, 3, 2, 2, 2, 2, 4, 5, 6, 100, 1000);

  private static void accepted(ClusterState s, io.codis.meta.server.proto.Command c) {
    Result r = s.apply(c);
    assertTrue(r.getOk(), r.getMessage());
  }

  private static void refused(ClusterState s, ErrorCode code, io.codis.meta.server.proto.Command c) {
    Result r = s.apply(c);
    assertFalse(r.getOk());
    assertEquals(code.name(), r.getCode(), r.getMessage());
  }

  @Test
  void slotsGroupsAndServers() {
    ClusterState s = new ClusterState(SMALL);
    refused(s, ErrorCode.OUT_OF_RANGE, init(1, 9));
    accepted(s, init(1, 8));
    accepted(s, createGroup(1, 3));
    refused(s, ErrorCode.OUT_OF_RANGE, createGroup(1, 4));
    accepted(s, addServer(1, 3, "a:1"));
    accepted(s, addServer(1, 3, "b:1"));
    refused(s, ErrorCode.LIMIT_EXCEEDED, addServer(1, 3, "c:1"));
    accepted(s, assign(1, 0, 7, 3));
    refused(s, ErrorCode.OUT_OF_RANGE, assign(1, 0, 8, 3));
  }

  @Test
  void proxiesNodesAndLeases() {
    ClusterState s = new ClusterState(SMALL);
    refused(s, ErrorCode.OUT_OF_RANGE, registerProxy(1, "p1", 99));
    refused(s, ErrorCode.OUT_OF_RANGE, registerProxy(1, "p1", 1001));
    accepted(s, registerProxy(1, "p1", 1000));
    accepted(s, registerProxy(1, "p2", 100));
    refused(s, ErrorCode.LIMIT_EXCEEDED, registerProxy(1, "p3", 100));
    refused(s, ErrorCode.OUT_OF_RANGE, registerProxy(1, "1234567", 100));
    accepted(s, registerNode(1, "a:1"));
    accepted(s, registerNode(1, "b:1"));
    refused(s, ErrorCode.LIMIT_EXCEEDED, registerNode(1, "c:1"));
  }

  @Test
  void keyValueSizes() {
    ClusterState s = new ClusterState(SMALL);
    accepted(s, put(1, "kkkk", "vvvvv"));
    refused(s, ErrorCode.OUT_OF_RANGE, put(1, "kkkkk", "v"));
    refused(s, ErrorCode.OUT_OF_RANGE, put(1, "k", "vvvvvv"));
    accepted(s, put(1, "k2", ""));
    refused(s, ErrorCode.LIMIT_EXCEEDED, put(1, "k3", "v"));
    accepted(s, put(1, "k2", "again"));  // overwriting an existing key needs no room
  }

  /** A snapshot from before a field existed (here: lease terms, suspicions) loads with defaults. */
  @Test
  void olderSnapshotWithoutNewFieldsLoads() {
    ClusterSnapshot old = ClusterSnapshot.newBuilder().setVersion(7).setSlotCount(2)
        .addSlots(io.codis.meta.server.proto.SlotRecord.newBuilder().setGroupId(1).setState(1))
        .addSlots(io.codis.meta.server.proto.SlotRecord.getDefaultInstance())
        .addGroups(GroupRecord.newBuilder().setId(1).setEpoch(3).setMaster("a:1")).build();
    ClusterState s = Snapshots.fromProto(old, Limits.DEFAULT);
    assertEquals(7, s.version());
    assertEquals(1, Views.slot(s, 0).groupId());
    assertEquals(3, Views.group(s, 1).epoch());
    accepted(s, renewLease(10, 1, "a:1", 3, 1000));
  }
}
