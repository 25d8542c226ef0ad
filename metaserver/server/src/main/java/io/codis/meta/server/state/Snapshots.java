package io.codis.meta.server.state;

import io.codis.meta.client.model.KvEntry;
import io.codis.meta.server.proto.ClusterSnapshot;
import io.codis.meta.server.proto.GroupRecord;
import io.codis.meta.server.proto.KvRecord;
import io.codis.meta.server.proto.NodeRecord;
import io.codis.meta.server.proto.ProxyRecord;
import io.codis.meta.server.proto.SlotRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts the state to and from its Protobuf snapshot. Maps are sorted, so two replicas with the
 * same state produce the same bytes (tests compare them).
 */
public final class Snapshots {
  private Snapshots() {}

  public static ClusterSnapshot toProto(ClusterState s) {
    ClusterSnapshot.Builder b = ClusterSnapshot.newBuilder()
        .setVersion(s.version).setSlotCount(s.slotCount).setLastNowMs(s.lastNowMs)
        .setKvRevision(s.kv.revision()).setAppliedCommands(s.appliedCommands)
        .setCurrentTerm(s.currentTerm).setTermStartMs(s.termStartMs)
        .putAllFailoverCounts(s.failoverCounts);
    for (GroupState g : s.groups.values()) {
      b.addGroups(GroupRecord.newBuilder().setId(g.id).setEpoch(g.epoch).setMaster(g.master)
          .addAllReplicas(g.replicas).setLeaseHolder(g.leaseHolder)
          .setLeaseExpiresAtMs(g.leaseExpiresAtMs).setLeaseEpoch(g.leaseEpoch)
          .setLeaseTerm(g.leaseTerm).setLeaseTtlMs(g.leaseTtlMs)
          .setFailoverState(g.failoverState).addAllFailovers(g.failovers));
    }
    for (int i = 0; i < s.slotCount; i++) {
      b.addSlots(SlotRecord.newBuilder().setGroupId(s.slotGroup[i]).setState(s.slotState[i]));
    }
    for (ProxyState p : s.proxies.values()) {
      b.addProxies(ProxyRecord.newBuilder().setId(p.id).setAddr(p.addr).setAdminAddr(p.adminAddr)
          .setLeaseTtlMs(p.leaseTtlMs).setLeaseExpiresAtMs(p.leaseExpiresAtMs)
          .setLastSeenMs(p.lastSeenMs).setTableVersionSeen(p.tableVersionSeen)
          .setExpired(p.expired));
    }
    for (NodeState n : s.nodes.values()) {
      b.addNodes(NodeRecord.newBuilder().setAddr(n.addr).setRunId(n.runId)
          .setRegisteredAtMs(n.registeredAtMs).setLastSeenMs(n.lastSeenMs).setOffset(n.offset)
          .addAllSuspectedBy(n.suspectedBy).setFailed(n.failed).setFailedAtMs(n.failedAtMs)
          .putAllSuspectedAtMs(n.suspectedAtMs).setPeerCount(n.peerCount));
    }
    for (KvEntry e : s.kv.all()) {
      b.addKv(KvRecord.newBuilder().setKey(e.key()).setValue(e.value()).setVersion(e.version()));
    }
    return b.build();
  }

  public static ClusterState fromProto(ClusterSnapshot p, Limits limits) {
    ClusterState s = new ClusterState(limits);
    s.version = p.getVersion();
    s.slotCount = p.getSlotCount();
    s.lastNowMs = p.getLastNowMs();
    s.appliedCommands = p.getAppliedCommands();
    s.currentTerm = p.getCurrentTerm();
    s.termStartMs = p.getTermStartMs();
    s.failoverCounts.putAll(p.getFailoverCountsMap());
    if (p.getSlotsCount() != s.slotCount) {
      throw new IllegalStateException("snapshot slots: " + p.getSlotsCount()
          + " (expected: " + s.slotCount + ")");
    }
    s.slotGroup = new int[s.slotCount];
    s.slotState = new byte[s.slotCount];
    for (int i = 0; i < s.slotCount; i++) {
      s.slotGroup[i] = p.getSlots(i).getGroupId();
      s.slotState[i] = (byte) p.getSlots(i).getState();
    }
    for (GroupRecord r : p.getGroupsList()) {
      GroupState g = new GroupState(r.getId());
      g.epoch = r.getEpoch();
      g.master = r.getMaster();
      g.replicas.addAll(r.getReplicasList());
      g.leaseHolder = r.getLeaseHolder();
      g.leaseExpiresAtMs = r.getLeaseExpiresAtMs();
      g.leaseEpoch = r.getLeaseEpoch();
      g.leaseTerm = r.getLeaseTerm();
      g.leaseTtlMs = r.getLeaseTtlMs();
      g.failoverState = r.getFailoverState();
      g.failovers.addAll(r.getFailoversList());
      s.groups.put(g.id, g);
    }
    for (ProxyRecord r : p.getProxiesList()) {
      ProxyState x = new ProxyState(r.getId());
      x.addr = r.getAddr();
      x.adminAddr = r.getAdminAddr();
      x.leaseTtlMs = r.getLeaseTtlMs();
      x.leaseExpiresAtMs = r.getLeaseExpiresAtMs();
      x.lastSeenMs = r.getLastSeenMs();
      x.tableVersionSeen = r.getTableVersionSeen();
      x.expired = r.getExpired();
      s.proxies.put(x.id, x);
    }
    for (NodeRecord r : p.getNodesList()) {
      NodeState n = new NodeState(r.getAddr());
      n.runId = r.getRunId();
      n.registeredAtMs = r.getRegisteredAtMs();
      n.lastSeenMs = r.getLastSeenMs();
      n.offset = r.getOffset();
      n.suspectedBy.addAll(r.getSuspectedByList());
      n.failed = r.getFailed();
      n.failedAtMs = r.getFailedAtMs();
      n.suspectedAtMs.putAll(r.getSuspectedAtMsMap());
      n.peerCount = r.getPeerCount();
      s.nodes.put(n.addr, n);
    }
    List<KvEntry> kv = new ArrayList<>();
    for (KvRecord r : p.getKvList()) {
      kv.add(new KvEntry(r.getKey(), r.getValue(), r.getVersion()));
    }
    s.kv.restore(p.getKvRevision(), kv);
    return s;
  }
}
