package io.codis.meta.server.state;

import static io.codis.meta.server.state.Commands.*;
import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.Result;
import org.junit.jupiter.api.Test;

class ClusterStateTest {
  private final ClusterState s = new ClusterState();

  private Result ok(Command c) {
    Result r = s.apply(c);
    assertTrue(r.getOk(), () -> "refused: " + r.getCode() + " " + r.getMessage());
    return r;
  }

  private void refused(ErrorCode code, Command c) {
    byte[] before = Snapshots.toProto(s).toByteArray();
    assertEquals(code, s.check(c) == null ? null : s.check(c).code(), "check()");
    Result r = s.apply(c);
    assertFalse(r.getOk());
    assertEquals(code.name(), r.getCode());
    assertArrayEquals(before, Snapshots.toProto(s).toByteArray(), "a refusal changed the state");
  }

  private void initWithGroup() {
    ok(init(1, 16));
    ok(createGroup(1, 1));
    ok(addServer(1, 1, "n1:6379"));
    ok(addServer(1, 1, "n2:6379"));
  }

  @Test
  void initIsOnceAndBounded() {
    refused(ErrorCode.OUT_OF_RANGE, init(1, 0));
    refused(ErrorCode.OUT_OF_RANGE, init(1, 16385));
    refused(ErrorCode.NOT_INITIALIZED, createGroup(1, 1));
    assertEquals(1, ok(init(1, 1024)).getVersion());
    refused(ErrorCode.ALREADY_INITIALIZED, init(2, 1024));
  }

  @Test
  void groupValidation() {
    initWithGroup();
    refused(ErrorCode.GROUP_EXISTS, createGroup(2, 1));
    refused(ErrorCode.OUT_OF_RANGE, createGroup(2, 0));
    refused(ErrorCode.NO_SUCH_GROUP, addServer(2, 7, "n3:6379"));
    ok(createGroup(2, 2));
    refused(ErrorCode.SERVER_IN_GROUP, addServer(2, 2, "n1:6379"));
    refused(ErrorCode.BAD_REQUEST, addServer(2, 2, "nocolon"));
    refused(ErrorCode.BAD_REQUEST, addServer(2, 2, "h:70000"));
    ok(assign(3, 0, 7, 1));
    refused(ErrorCode.GROUP_BUSY, removeGroup(3, 1));
    refused(ErrorCode.GROUP_BUSY, removeServer(3, 1, "n1:6379"));
    ok(removeServer(3, 1, "n2:6379"));
    refused(ErrorCode.GROUP_BUSY, removeServer(3, 1, "n1:6379"));
    ok(offline(4, 0, 7));
    ok(removeGroup(4, 1));
  }

  @Test
  void slotRangesAreChecked() {
    initWithGroup();
    refused(ErrorCode.OUT_OF_RANGE, assign(2, 0, 16, 1));
    refused(ErrorCode.OUT_OF_RANGE, assign(2, 5, 4, 1));
    refused(ErrorCode.NO_SUCH_GROUP, assign(2, 0, 3, 9));
    ok(assign(2, 0, 15, 1));
    assertEquals(16, s.slotsOwnedBy(1));
  }

  @Test
  void staleExpectedVersionNeverApplies() {
    initWithGroup();
    long v = s.version();
    refused(ErrorCode.VERSION_MISMATCH, at(2).setExpectedVersion(v - 1)
        .setAssignSlots(assign(2, 0, 3, 1).getAssignSlots()).build());
    Result r = ok(at(2).setExpectedVersion(v).setAssignSlots(assign(2, 0, 3, 1).getAssignSlots()).build());
    assertEquals(v + 1, r.getVersion());
  }

  @Test
  void promotionWaitsForTheMasterLease() {
    initWithGroup();
    long epoch = Views.group(s, 1).epoch();
    refused(ErrorCode.STALE_EPOCH, renewLease(10, 1, "n1:6379", epoch + 1, 5000));
    refused(ErrorCode.NOT_MASTER, renewLease(10, 1, "n2:6379", epoch, 5000));
    Result lease = ok(renewLease(10, 1, "n1:6379", epoch, 5000));
    assertEquals(5010, lease.getLeaseExpiresAtMs());
    refused(ErrorCode.LEASE_HELD, promote(5009, 1, "n2:6379"));
    Result p = ok(promote(5010, 1, "n2:6379"));
    assertEquals(epoch + 1, p.getEpoch());
    assertEquals("n2:6379", Views.group(s, 1).master());
    assertEquals(java.util.List.of("n1:6379"), Views.group(s, 1).replicas());
    refused(ErrorCode.NOT_MASTER, renewLease(5011, 1, "n1:6379", epoch + 1, 5000));
  }

  @Test
  void newLeaderHonoursOldLeasesForOneTtl() {
    initWithGroup();
    long epoch = Views.group(s, 1).epoch();
    // Term 1 grants a 5 s lease at t=10 (expires 5010 by that leader's clock).
    ok(renewLease(10, 1, "n1:6379", epoch, 5000).toBuilder().setTerm(1).build());
    // Term 2's leader has a clock 10 s ahead: by its clock the lease is long expired, but it is
    // from an older term, so it still counts until 5 s after term 2's first command.
    ok(tick(20_000).toBuilder().setTerm(2).build());
    refused(ErrorCode.LEASE_HELD, promote(24_999, 1, "n2:6379").toBuilder().setTerm(2).build());
    ok(promote(25_000, 1, "n2:6379").toBuilder().setTerm(2).build());
  }

  @Test
  void nodeFailsOnlyWhenAMajorityOfPeersSuspectIt() {
    ok(registerNode(1, "n1:6379"));
    refused(ErrorCode.NO_SUCH_NODE, suspect(2, "n9:6379", "m0", true, 3));
    refused(ErrorCode.OUT_OF_RANGE, suspect(2, "n1:6379", "m0", true, 0));
    long v = s.version();
    ok(suspect(2, "n1:6379", "m0", true, 3));
    assertFalse(Views.nodes(s).get(0).failed(), "one peer of three is not a majority");
    assertEquals(v, s.version());
    ok(suspect(3, "n1:6379", "m1", true, 3));
    assertTrue(Views.nodes(s).get(0).failed());
    assertEquals(v + 1, s.version());
    ok(suspect(4, "n1:6379", "m1", false, 3));
    assertFalse(Views.nodes(s).get(0).failed());
    assertEquals(java.util.List.of("m0"), Views.nodes(s).get(0).suspectedBy());
  }

  @Test
  void timeNeverGoesBackward() {
    ok(tick(1000));
    ok(tick(500));
    assertEquals(1000, s.lastNowMs());
  }

  @Test
  void proxyLeaseExpiresAndMustReRegister() {
    ok(registerProxy(1000, "p1", 3000));
    assertEquals(4000, ok(renewProxy(2000, "p1")).getLeaseExpiresAtMs() - 1000);
    refused(ErrorCode.NO_SUCH_PROXY, renewProxy(2000, "p2"));
    refused(ErrorCode.OUT_OF_RANGE, registerProxy(2000, "p2", 5));
    long v = s.version();
    ok(tick(4999));
    assertFalse(Views.proxies(s).get(0).expired());
    ok(tick(5000));
    assertTrue(Views.proxies(s).get(0).expired());
    assertEquals(2000, Views.proxies(s).get(0).lastSeenMs());
    assertEquals(v + 1, s.version());
    refused(ErrorCode.PROXY_EXPIRED, renewProxy(5001, "p1"));
    ok(registerProxy(5002, "p1", 3000));
    assertFalse(Views.proxies(s).get(0).expired());
    ok(removeProxy(5003, "p1"));
    assertTrue(Views.proxies(s).isEmpty());
  }

  @Test
  void nodesRegisterAndReportOffsets() {
    refused(ErrorCode.NO_SUCH_NODE, reportOffset(1, "n1:6379", 5));
    ok(registerNode(1, "n1:6379"));
    long v = s.version();
    ok(registerNode(2, "n1:6379"));
    assertEquals(v, s.version(), "re-registration must not wake watchers");
    refused(ErrorCode.OUT_OF_RANGE, reportOffset(3, "n1:6379", -1));
    ok(reportOffset(3, "n1:6379", 42));
    assertEquals(42, Views.nodes(s).get(0).offset());
  }

  @Test
  void keyValueCas() {
    long v1 = ok(put(1, "k", "a")).getKvVersion();
    refused(ErrorCode.CAS_FAILED, casVersion(2, "k", v1 + 1, "b"));
    refused(ErrorCode.CAS_FAILED, casValue(2, "k", "z", "b"));
    long v2 = ok(casVersion(2, "k", v1, "b")).getKvVersion();
    assertTrue(v2 > v1);
    ok(casValue(3, "k", "b", "c"));
    refused(ErrorCode.CAS_FAILED, casVersion(3, "new", 1, "x"));
    ok(casVersion(3, "new", 0, "x"));
    ok(delete(4, "k"));
    refused(ErrorCode.NO_SUCH_KEY, delete(4, "k"));
    refused(ErrorCode.OUT_OF_RANGE, put(4, "", "x"));
    assertEquals(0, s.version(), "key/value writes do not move the cluster version");
  }

  @Test
  void recreatedGroupKeepsEpochsIncreasing() {
    initWithGroup();
    ok(renewLease(1, 1, "n1:6379", Views.group(s, 1).epoch(), 100));
    ok(promote(200, 1, "n2:6379"));
    long last = Views.group(s, 1).epoch();
    ok(removeServer(201, 1, "n1:6379"));
    ok(removeServer(201, 1, "n2:6379"));
    ok(removeGroup(201, 1));
    ok(createGroup(202, 1));
    ok(addServer(202, 1, "n1:6379"));
    assertTrue(Views.group(s, 1).epoch() > last);
  }

  @Test
  void snapshotRoundTripIsExact() {
    initWithGroup();
    ok(assign(2, 0, 9, 1));
    ok(registerProxy(3, "p", 1000));
    ok(put(4, "k", "v"));
    byte[] bytes = Codec.encodeSnapshot(Snapshots.toProto(s), 3, 77);
    ClusterState back = Snapshots.fromProto(Codec.snapshotBody(Codec.decodeSnapshotFile(bytes)),
        Limits.DEFAULT);
    assertArrayEquals(Snapshots.toProto(s).toByteArray(), Snapshots.toProto(back).toByteArray());
    bytes[bytes.length - 3] ^= 1;
    assertThrows(IllegalStateException.class, () -> Codec.decodeSnapshotFile(bytes));
  }

  @Test
  void logEntryChecksumIsChecked() {
    byte[] bytes = Codec.encodeCommand(put(1, "key", "value"));
    assertEquals(put(1, "key", "value"), Codec.decodeCommand(bytes));
    bytes[8] ^= 1;
    assertThrows(IllegalStateException.class, () -> Codec.decodeCommand(bytes));
  }
}
