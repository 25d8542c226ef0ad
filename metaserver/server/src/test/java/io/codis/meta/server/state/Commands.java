package io.codis.meta.server.state;

import io.codis.meta.server.proto.AddServer;
import io.codis.meta.server.proto.AssignSlots;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.CreateGroup;
import io.codis.meta.server.proto.InitCluster;
import io.codis.meta.server.proto.KvCas;
import io.codis.meta.server.proto.KvDelete;
import io.codis.meta.server.proto.KvPut;
import io.codis.meta.server.proto.PromoteServer;
import io.codis.meta.server.proto.RegisterNode;
import io.codis.meta.server.proto.RegisterProxy;
import io.codis.meta.server.proto.RemoveGroup;
import io.codis.meta.server.proto.RemoveProxy;
import io.codis.meta.server.proto.RemoveServer;
import io.codis.meta.server.proto.RenewMasterLease;
import io.codis.meta.server.proto.RenewProxy;
import io.codis.meta.server.proto.ReportOffset;
import io.codis.meta.server.proto.SetSlotsOffline;
import io.codis.meta.server.proto.Tick;

/** Short builders of commands for tests. */
final class Commands {
  private Commands() {}

  static Command.Builder at(long nowMs) {
    return Command.newBuilder().setNowMs(nowMs);
  }

  static Command init(long now, int slots) {
    return at(now).setInitCluster(InitCluster.newBuilder().setSlotCount(slots)).build();
  }

  static Command createGroup(long now, int id) {
    return at(now).setCreateGroup(CreateGroup.newBuilder().setGroupId(id)).build();
  }

  static Command removeGroup(long now, int id) {
    return at(now).setRemoveGroup(RemoveGroup.newBuilder().setGroupId(id)).build();
  }

  static Command addServer(long now, int group, String addr) {
    return at(now).setAddServer(AddServer.newBuilder().setGroupId(group).setAddr(addr)).build();
  }

  static Command removeServer(long now, int group, String addr) {
    return at(now).setRemoveServer(RemoveServer.newBuilder().setGroupId(group).setAddr(addr)).build();
  }

  static Command promote(long now, int group, String addr) {
    return at(now).setPromoteServer(PromoteServer.newBuilder().setGroupId(group).setAddr(addr)).build();
  }

  static Command assign(long now, int first, int last, int group) {
    return at(now).setAssignSlots(AssignSlots.newBuilder().setFirstSlot(first).setLastSlot(last)
        .setGroupId(group)).build();
  }

  static Command offline(long now, int first, int last) {
    return at(now).setSetSlotsOffline(SetSlotsOffline.newBuilder().setFirstSlot(first)
        .setLastSlot(last)).build();
  }

  static Command registerProxy(long now, String id, long ttlMs) {
    return at(now).setRegisterProxy(RegisterProxy.newBuilder().setProxyId(id)
        .setAddr("127.0.0.1:19000").setLeaseTtlMs(ttlMs)).build();
  }

  static Command renewProxy(long now, String id) {
    return at(now).setRenewProxy(RenewProxy.newBuilder().setProxyId(id)).build();
  }

  static Command removeProxy(long now, String id) {
    return at(now).setRemoveProxy(RemoveProxy.newBuilder().setProxyId(id)).build();
  }

  static Command tick(long now) {
    return at(now).setTick(Tick.getDefaultInstance()).build();
  }

  static Command registerNode(long now, String addr) {
    return at(now).setRegisterNode(RegisterNode.newBuilder().setAddr(addr).setRunId("r")).build();
  }

  static Command renewLease(long now, int group, String addr, long epoch, long ttlMs) {
    return at(now).setRenewMasterLease(RenewMasterLease.newBuilder().setGroupId(group)
        .setAddr(addr).setEpoch(epoch).setLeaseTtlMs(ttlMs)).build();
  }

  static Command reportOffset(long now, String addr, long offset) {
    return at(now).setReportOffset(ReportOffset.newBuilder().setAddr(addr).setOffset(offset)).build();
  }

  static Command suspect(long now, String addr, String peer, boolean suspected, int peers) {
    return at(now).setSuspect(io.codis.meta.server.proto.Suspect.newBuilder().setAddr(addr)
        .setPeerId(peer).setSuspected(suspected).setPeerCount(peers)).build();
  }

  static Command failover(long now, int group, String addr, long expectedEpoch, String reason) {
    return at(now).setFailover(io.codis.meta.server.proto.Failover.newBuilder().setGroupId(group)
        .setAddr(addr).setExpectedEpoch(expectedEpoch).setReason(reason).setDetail("test")
        .setFromOffset(10).setToOffset(9)).build();
  }

  static Command failoverState(long now, int group, String state) {
    return at(now).setSetFailoverState(io.codis.meta.server.proto.SetFailoverState.newBuilder()
        .setGroupId(group).setState(state)).build();
  }

  static Command put(long now, String key, String value) {
    return at(now).setKvPut(KvPut.newBuilder().setKey(key).setValue(value)).build();
  }

  static Command casVersion(long now, String key, long expected, String value) {
    return at(now).setKvCas(KvCas.newBuilder().setKey(key).setExpectedVersion(expected)
        .setValue(value)).build();
  }

  static Command casValue(long now, String key, String expected, String value) {
    return at(now).setKvCas(KvCas.newBuilder().setKey(key).setExpectedValue(expected)
        .setValue(value)).build();
  }

  static Command delete(long now, String key) {
    return at(now).setKvDelete(KvDelete.newBuilder().setKey(key)).build();
  }
}
