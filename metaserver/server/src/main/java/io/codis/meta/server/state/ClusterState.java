package io.codis.meta.server.state;

import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.server.proto.AddServer;
import io.codis.meta.server.proto.AssignSlots;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.CreateGroup;
import io.codis.meta.server.proto.InitCluster;
import io.codis.meta.server.proto.PromoteServer;
import io.codis.meta.server.proto.RegisterNode;
import io.codis.meta.server.proto.RegisterProxy;
import io.codis.meta.server.proto.RemoveGroup;
import io.codis.meta.server.proto.RemoveProxy;
import io.codis.meta.server.proto.RemoveServer;
import io.codis.meta.server.proto.RenewMasterLease;
import io.codis.meta.server.proto.RenewProxy;
import io.codis.meta.server.proto.ReportOffset;
import io.codis.meta.server.proto.Result;
import io.codis.meta.server.proto.SetSlotsOffline;
import io.codis.meta.server.proto.Suspect;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The cluster model and its transition rules. Not thread-safe: the Ratis adapter applies commands
 * from one thread and serialises readers with a lock.
 *
 * <p>Applying a command has two steps. {@code plan} validates it against the current state and the
 * command's time and either throws {@link Refusal} or returns a {@link Mutation}; only then does
 * {@code apply} advance time, expire leases and run the mutation. So a refused command changes
 * nothing (not even the clock), and {@link #check} can run the same validation on the leader before
 * the command is logged.
 *
 * <p>Time: {@code nowMs = max(lastNowMs, command.nowMs)}. Leaders' clocks differ, so time is made
 * monotonic here rather than trusted.
 *
 * <p>Versions: {@code version} increases by exactly one for every accepted command that changes the
 * topology (init, groups, servers, promotions, slots, proxy membership and expiry, first node
 * registration). Lease renewals, offset reports and key/value writes do not move it, so watchers
 * wake only for changes that matter to routing.
 *
 * <p>Terms: the applier copies the Raft term of each entry into the command. Lease expiry times
 * come from the clock of the leader that granted them; after a leader change a lease from an older
 * term is honoured until a full TTL after the new term's first command (see
 * {@code GroupState.leaseMayBeValid}), so a promotion never relies on two leaders' clocks agreeing.
 *
 * <p>Slot transitions (per slot): OFFLINE -> STABLE(group) by assign; STABLE(g) -> STABLE(h) by
 * assign; STABLE -> OFFLINE by set-offline. MIGRATING is reserved for the migration controller.
 */
public final class ClusterState {
  static final byte SLOT_OFFLINE = 0;
  static final byte SLOT_STABLE = 1;
  /** A Raft group of more peers than this is a configuration mistake. */
  static final int PEERS_MAX = 9;

  /** A validated change, run only after validation passed. Returns the command-specific extras. */
  @FunctionalInterface
  interface Mutation {
    Result.Builder run();
  }

  final Limits limits;
  long version;
  int slotCount;
  int[] slotGroup = new int[0];
  byte[] slotState = new byte[0];
  long lastNowMs;
  long appliedCommands;
  long currentTerm;
  long termStartMs;
  final TreeMap<Integer, GroupState> groups = new TreeMap<>();
  final TreeMap<String, ProxyState> proxies = new TreeMap<>();
  final TreeMap<String, NodeState> nodes = new TreeMap<>();
  final KvSpace kv;
  /** Promotions ever applied, by reason (sorted, so snapshots are byte-identical). */
  final TreeMap<String, Long> failoverCounts = new TreeMap<>();
  final Failovers failovers = new Failovers(this);
  private boolean bumpPending;

  public ClusterState(Limits limits) {
    this.limits = limits;
    this.kv = new KvSpace(limits);
  }

  public ClusterState() {
    this(Limits.DEFAULT);
  }

  public long version() {
    return version;
  }

  public long lastNowMs() {
    return lastNowMs;
  }

  public long appliedCommands() {
    return appliedCommands;
  }

  public boolean initialized() {
    return slotCount > 0;
  }

  /** Validates without changing anything: null when the command would be accepted now. */
  public Refusal check(Command c) {
    try {
      plan(c, Math.max(lastNowMs, c.getNowMs()));
      return null;
    } catch (Refusal r) {
      return r;
    }
  }

  /** Applies one command: a refused command leaves the state untouched. */
  public Result apply(Command c) {
    long nowMs = Math.max(lastNowMs, c.getNowMs());
    Mutation mutation;
    try {
      mutation = plan(c, nowMs);
    } catch (Refusal r) {
      return Result.newBuilder().setOk(false).setCode(r.code().name())
          .setMessage(r.getMessage()).setVersion(version).build();
    }
    lastNowMs = nowMs;
    appliedCommands++;
    if (c.getTerm() > currentTerm) {
      currentTerm = c.getTerm();
      termStartMs = nowMs;
    }
    bumpPending = false;
    expireProxies(nowMs);
    Result.Builder result = mutation.run();
    if (bumpPending) {
      version++;
      bumpPending = false;
    }
    return result.setOk(true).setVersion(version).build();
  }

  private Mutation plan(Command c, long nowMs) {
    if (c.hasExpectedVersion() && c.getExpectedVersion() != version) {
      throw new Refusal(ErrorCode.VERSION_MISMATCH,
          "cluster is at version " + version + " (expected: " + c.getExpectedVersion() + ")");
    }
    return switch (c.getBodyCase()) {
      case INIT_CLUSTER -> planInit(c.getInitCluster());
      case CREATE_GROUP -> planCreateGroup(c.getCreateGroup());
      case REMOVE_GROUP -> planRemoveGroup(c.getRemoveGroup());
      case ADD_SERVER -> planAddServer(c.getAddServer());
      case REMOVE_SERVER -> planRemoveServer(c.getRemoveServer());
      case PROMOTE_SERVER -> planPromote(c.getPromoteServer(), nowMs, term(c),
          c.getTerm() > currentTerm ? nowMs : termStartMs);
      case ASSIGN_SLOTS -> planAssign(c.getAssignSlots());
      case SET_SLOTS_OFFLINE -> planOffline(c.getSetSlotsOffline());
      case REGISTER_PROXY -> planRegisterProxy(c.getRegisterProxy(), nowMs);
      case RENEW_PROXY -> planRenewProxy(c.getRenewProxy(), nowMs);
      case REMOVE_PROXY -> planRemoveProxy(c.getRemoveProxy());
      case TICK -> Result::newBuilder;
      case REGISTER_NODE -> planRegisterNode(c.getRegisterNode(), nowMs);
      case RENEW_MASTER_LEASE -> planRenewLease(c.getRenewMasterLease(), nowMs, term(c));
      case SUSPECT -> planSuspect(c.getSuspect(), nowMs);
      case REPORT_OFFSET -> planReportOffset(c.getReportOffset(), nowMs);
      case FAILOVER -> failovers.planFailover(c.getFailover(), nowMs, term(c),
          c.getTerm() > currentTerm ? nowMs : termStartMs);
      case SET_FAILOVER_STATE -> failovers.planSetState(c.getSetFailoverState());
      case KV_PUT -> kv.planPut(c.getKvPut());
      case KV_CAS -> kv.planCas(c.getKvCas());
      case KV_DELETE -> kv.planDelete(c.getKvDelete());
      case BODY_NOT_SET -> throw new Refusal(ErrorCode.BAD_REQUEST, "empty command");
    };
  }

  /* INIT slot_count: once per cluster; every slot starts OFFLINE. */
  private Mutation planInit(InitCluster init) {
    if (initialized()) {
      throw new Refusal(ErrorCode.ALREADY_INITIALIZED, "cluster already has " + slotCount + " slots");
    }
    int n = init.getSlotCount();
    if (n < 1 || n > limits.slotCountMax()) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE,
          "slotCount: " + n + " (expected: 1.." + limits.slotCountMax() + ")");
    }
    return () -> {
      slotCount = n;
      slotGroup = new int[n];
      slotState = new byte[n];
      Arrays.fill(slotState, SLOT_OFFLINE);
      bump();
      return Result.newBuilder();
    };
  }

  /* CREATE-GROUP id */
  private Mutation planCreateGroup(CreateGroup cg) {
    requireInitialized();
    int id = cg.getGroupId();
    if (id < 1 || id > limits.groupIdMax()) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE,
          "groupId: " + id + " (expected: 1.." + limits.groupIdMax() + ")");
    }
    if (groups.containsKey(id)) {
      throw new Refusal(ErrorCode.GROUP_EXISTS, "group " + id + " exists");
    }
    return () -> {
      // A re-created group id starts from the cluster version, not 0: every epoch bump comes with a
      // version bump, so this keeps epochs of one group id increasing across remove and create.
      GroupState g = new GroupState(id);
      g.epoch = version;
      groups.put(id, g);
      bump();
      return Result.newBuilder();
    };
  }

  /* REMOVE-GROUP id: refused while the group owns a slot. */
  private Mutation planRemoveGroup(RemoveGroup rg) {
    GroupState g = requireGroup(rg.getGroupId());
    int owned = slotsOwnedBy(g.id);
    if (owned > 0) {
      throw new Refusal(ErrorCode.GROUP_BUSY, "group " + g.id + " still owns " + owned + " slots");
    }
    return () -> {
      groups.remove(g.id);
      bump();
      return Result.newBuilder();
    };
  }

  /* ADD-SERVER group addr: the first server of a group becomes its master (epoch + 1). */
  private Mutation planAddServer(AddServer as) {
    GroupState g = requireGroup(as.getGroupId());
    String addr = requireAddr(as.getAddr());
    for (GroupState other : groups.values()) {
      if (other.hasServer(addr)) {
        throw new Refusal(ErrorCode.SERVER_IN_GROUP, addr + " is already in group " + other.id);
      }
    }
    if (g.serverCount() >= limits.serversPerGroupMax()) {
      throw new Refusal(ErrorCode.LIMIT_EXCEEDED, "servers in group " + g.id + ": "
          + (g.serverCount() + 1) + " (expected: <= " + limits.serversPerGroupMax() + ")");
    }
    return () -> {
      if (g.master.isEmpty()) {
        g.master = addr;
        g.epoch++;
        g.clearLease();
      } else {
        g.replicas.add(addr);
      }
      bump();
      return Result.newBuilder().setEpoch(g.epoch);
    };
  }

  /*
   * REMOVE-SERVER group addr. A master with replicas must be replaced by a promotion first, and the
   * last server of a group that owns slots cannot go: either would leave slots without a master.
   */
  private Mutation planRemoveServer(RemoveServer rs) {
    GroupState g = requireGroup(rs.getGroupId());
    String addr = rs.getAddr();
    if (!g.hasServer(addr)) {
      throw new Refusal(ErrorCode.NO_SUCH_SERVER, addr + " is not in group " + g.id);
    }
    boolean isMaster = g.master.equals(addr);
    if (isMaster && !g.replicas.isEmpty()) {
      throw new Refusal(ErrorCode.GROUP_BUSY, addr + " is the master of group " + g.id
          + " and has replicas: promote one first");
    }
    if (isMaster && slotsOwnedBy(g.id) > 0) {
      throw new Refusal(ErrorCode.GROUP_BUSY, addr + " is the last server of group " + g.id
          + ", which owns slots");
    }
    return () -> {
      if (isMaster) {
        g.master = "";
        g.clearLease();
      } else {
        g.replicas.remove(addr);
      }
      bump();
      return Result.newBuilder().setEpoch(g.epoch);
    };
  }

  /*
   * PROMOTE group addr: a replica becomes master, the old master rejoins as a replica, epoch + 1.
   * Refused while the old master's lease is valid, so two masters can never both accept writes.
   */
  private Mutation planPromote(PromoteServer ps, long nowMs, long term, long termStart) {
    GroupState g = requireGroup(ps.getGroupId());
    String addr = ps.getAddr();
    if (!g.replicas.contains(addr)) {
      throw new Refusal(ErrorCode.NO_SUCH_SERVER, addr + " is not a replica of group " + g.id);
    }
    if (g.leaseMayBeValid(nowMs, term, termStart)) {
      throw new Refusal(ErrorCode.LEASE_HELD, g.leaseHolder + " may still hold the lease of group "
          + g.id + " (expires at " + g.leaseExpiresAtMs + ", granted in term " + g.leaseTerm
          + "; now " + nowMs + " in term " + term + " started at " + termStart + ")");
    }
    return () -> {
      failovers.promote(g, addr, nowMs, io.codis.meta.client.model.FailoverView.MANUAL,
          "promote requested through the API", 0, 0);
      return Result.newBuilder().setEpoch(g.epoch);
    };
  }

  /**
   * Would a command stamped nowMs in Raft term {@code term} still find the group's master lease
   * possibly valid? The same rule PROMOTE and FAILOVER apply, for the controller to ask before it
   * reads anything (a term newer than the state's starts now, as its first command would).
   */
  public boolean leaseMayBeValid(int groupId, long nowMs, long term) {
    GroupState g = groups.get(groupId);
    if (g == null) {
      return false;
    }
    long now = Math.max(lastNowMs, nowMs);
    long termStart = term > currentTerm ? now : termStartMs;
    return g.leaseMayBeValid(now, Math.max(currentTerm, term), termStart);
  }

  /** Moves g's master role to addr (a replica): the old master stays as a replica, epoch + 1. */
  void moveMaster(GroupState g, String addr) {
    g.replicas.remove(addr);
    if (!g.master.isEmpty()) {
      g.replicas.add(g.master);
    }
    g.master = addr;
    g.epoch++;
    g.clearLease();
    bump();
  }

  /* ASSIGN first last group: the range becomes STABLE in the group. */
  private Mutation planAssign(AssignSlots as) {
    requireRange(as.getFirstSlot(), as.getLastSlot());
    GroupState g = requireGroup(as.getGroupId());
    return () -> {
      for (int s = as.getFirstSlot(); s <= as.getLastSlot(); s++) {
        slotGroup[s] = g.id;
        slotState[s] = SLOT_STABLE;
      }
      bump();
      return Result.newBuilder();
    };
  }

  /* OFFLINE first last: the range has no owner. */
  private Mutation planOffline(SetSlotsOffline so) {
    requireRange(so.getFirstSlot(), so.getLastSlot());
    return () -> {
      for (int s = so.getFirstSlot(); s <= so.getLastSlot(); s++) {
        slotGroup[s] = 0;
        slotState[s] = SLOT_OFFLINE;
      }
      bump();
      return Result.newBuilder();
    };
  }

  /* REGISTER-PROXY id addr admin ttl: (re)starts the lease; a re-registration revives it. */
  private Mutation planRegisterProxy(RegisterProxy rp, long nowMs) {
    String id = requireId(rp.getProxyId());
    String addr = requireAddr(rp.getAddr());
    String admin = rp.getAdminAddr().isEmpty() ? "" : requireAddr(rp.getAdminAddr());
    long ttl = requireTtl(rp.getLeaseTtlMs());
    if (!proxies.containsKey(id) && proxies.size() >= limits.proxiesMax()) {
      throw new Refusal(ErrorCode.LIMIT_EXCEEDED,
          "proxies: " + (proxies.size() + 1) + " (expected: <= " + limits.proxiesMax() + ")");
    }
    return () -> {
      ProxyState p = proxies.computeIfAbsent(id, ProxyState::new);
      p.addr = addr;
      p.adminAddr = admin;
      p.leaseTtlMs = ttl;
      p.leaseExpiresAtMs = nowMs + ttl;
      p.lastSeenMs = nowMs;
      p.expired = false;
      bump();
      return Result.newBuilder().setLeaseExpiresAtMs(p.leaseExpiresAtMs);
    };
  }

  /* RENEW-PROXY id seen: an expired proxy must register again (it has fenced itself). */
  private Mutation planRenewProxy(RenewProxy rp, long nowMs) {
    ProxyState p = proxies.get(rp.getProxyId());
    if (p == null) {
      throw new Refusal(ErrorCode.NO_SUCH_PROXY, "no proxy " + rp.getProxyId());
    }
    if (p.expired || p.leaseExpiresAtMs <= nowMs) {
      throw new Refusal(ErrorCode.PROXY_EXPIRED, "lease of proxy " + p.id + " expired at "
          + p.leaseExpiresAtMs + ": register again");
    }
    return () -> {
      p.leaseExpiresAtMs = nowMs + p.leaseTtlMs;
      p.lastSeenMs = nowMs;
      p.tableVersionSeen = Math.max(p.tableVersionSeen, rp.getTableVersionSeen());
      return Result.newBuilder().setLeaseExpiresAtMs(p.leaseExpiresAtMs);
    };
  }

  private Mutation planRemoveProxy(RemoveProxy rp) {
    if (!proxies.containsKey(rp.getProxyId())) {
      throw new Refusal(ErrorCode.NO_SUCH_PROXY, "no proxy " + rp.getProxyId());
    }
    return () -> {
      proxies.remove(rp.getProxyId());
      bump();
      return Result.newBuilder();
    };
  }

  /* REGISTER-NODE addr run_id */
  private Mutation planRegisterNode(RegisterNode rn, long nowMs) {
    String addr = requireAddr(rn.getAddr());
    if (rn.getRunId().length() > limits.idBytesMax()) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE, "runId length: " + rn.getRunId().length()
          + " (expected: <= " + limits.idBytesMax() + ")");
    }
    if (!nodes.containsKey(addr) && nodes.size() >= limits.nodesMax()) {
      throw new Refusal(ErrorCode.LIMIT_EXCEEDED,
          "nodes: " + (nodes.size() + 1) + " (expected: <= " + limits.nodesMax() + ")");
    }
    return () -> {
      NodeState n = nodes.get(addr);
      if (n == null) {
        n = new NodeState(addr);
        n.registeredAtMs = nowMs;
        nodes.put(addr, n);
        bump();
      }
      n.runId = rn.getRunId();
      n.lastSeenMs = nowMs;
      return Result.newBuilder();
    };
  }

  /*
   * RENEW-MASTER-LEASE group addr epoch ttl: granted only to the current master for the current
   * epoch. The node measures its own lease from when it sent this request, minus a drift margin.
   */
  private Mutation planRenewLease(RenewMasterLease rl, long nowMs, long term) {
    GroupState g = requireGroup(rl.getGroupId());
    if (!g.master.equals(rl.getAddr())) {
      throw new Refusal(ErrorCode.NOT_MASTER, rl.getAddr() + " is not the master of group " + g.id
          + " (master: " + g.master + ")");
    }
    if (rl.getEpoch() != g.epoch) {
      throw new Refusal(ErrorCode.STALE_EPOCH,
          "epoch: " + rl.getEpoch() + " (expected: " + g.epoch + ")");
    }
    long ttl = requireTtl(rl.getLeaseTtlMs());
    return () -> {
      g.leaseHolder = g.master;
      g.leaseEpoch = g.epoch;
      g.leaseExpiresAtMs = nowMs + ttl;
      g.leaseTerm = term;
      g.leaseTtlMs = ttl;
      return Result.newBuilder().setEpoch(g.epoch).setLeaseExpiresAtMs(g.leaseExpiresAtMs);
    };
  }

  private Mutation planReportOffset(ReportOffset ro, long nowMs) {
    NodeState n = nodes.get(ro.getAddr());
    if (n == null) {
      throw new Refusal(ErrorCode.NO_SUCH_NODE, "no node " + ro.getAddr() + ": register first");
    }
    if (ro.getOffset() < 0) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE, "offset: " + ro.getOffset() + " (expected: >= 0)");
    }
    return () -> {
      n.offset = ro.getOffset();
      n.lastSeenMs = nowMs;
      return Result.newBuilder();
    };
  }

  /** The Raft term a command runs in (terms only grow; tests without Ratis leave it 0). */
  private long term(Command c) {
    return Math.max(currentTerm, c.getTerm());
  }

  /*
   * SUSPECT addr peer suspected peer_count: records one peer's view; the node is failed while more
   * than half of peer_count peers suspect it. The version moves only when failed flips.
   */
  private Mutation planSuspect(Suspect su, long nowMs) {
    NodeState n = nodes.get(su.getAddr());
    if (n == null) {
      throw new Refusal(ErrorCode.NO_SUCH_NODE, "no node " + su.getAddr() + ": register first");
    }
    String peer = requireId(su.getPeerId());
    if (su.getPeerCount() < 1 || su.getPeerCount() > PEERS_MAX) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE,
          "peerCount: " + su.getPeerCount() + " (expected: 1.." + PEERS_MAX + ")");
    }
    return () -> {
      if (su.getSuspected()) {
        n.suspectedBy.add(peer);
        n.suspectedAtMs.put(peer, nowMs);
      } else {
        n.suspectedBy.remove(peer);
        n.suspectedAtMs.remove(peer);
      }
      n.peerCount = su.getPeerCount();
      boolean failed = n.suspectedBy.size() > su.getPeerCount() / 2;
      if (failed != n.failed) {
        n.failed = failed;
        n.failedAtMs = failed ? nowMs : 0;
        bump();
      }
      return Result.newBuilder();
    };
  }

  /** Marks proxies whose lease passed; runs before every accepted command. */
  private void expireProxies(long nowMs) {
    for (ProxyState p : proxies.values()) {
      if (!p.expired && p.leaseExpiresAtMs <= nowMs) {
        p.expired = true;
        bump();
      }
    }
  }

  /** True when some live proxy's lease has passed at nowMs: the leader then logs a Tick. */
  public boolean hasExpiredLeaseAt(long nowMs) {
    for (ProxyState p : proxies.values()) {
      if (!p.expired && p.leaseExpiresAtMs <= nowMs) {
        return true;
      }
    }
    return false;
  }

  private void bump() {
    bumpPending = true;
  }

  int slotsOwnedBy(int groupId) {
    int n = 0;
    for (int s = 0; s < slotCount; s++) {
      if (slotGroup[s] == groupId) {
        n++;
      }
    }
    return n;
  }

  private void requireInitialized() {
    if (!initialized()) {
      throw new Refusal(ErrorCode.NOT_INITIALIZED, "cluster not initialised: run cluster init first");
    }
  }

  GroupState requireGroup(int id) {
    requireInitialized();
    GroupState g = groups.get(id);
    if (g == null) {
      throw new Refusal(ErrorCode.NO_SUCH_GROUP, "no group " + id);
    }
    return g;
  }

  private void requireRange(int first, int last) {
    requireInitialized();
    if (first < 0 || last >= slotCount || first > last) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE, "slots: " + first + ".." + last
          + " (expected: 0 <= first <= last <= " + (slotCount - 1) + ")");
    }
  }

  private long requireTtl(long ttlMs) {
    if (ttlMs < limits.leaseTtlMsMin() || ttlMs > limits.leaseTtlMsMax()) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE, "leaseTtlMs: " + ttlMs + " (expected: "
          + limits.leaseTtlMsMin() + ".." + limits.leaseTtlMsMax() + ")");
    }
    return ttlMs;
  }

  private String requireId(String id) {
    int bytes = id.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > limits.idBytesMax()) {
      throw new Refusal(ErrorCode.OUT_OF_RANGE,
          "id length: " + bytes + " (expected: 1.." + limits.idBytesMax() + ")");
    }
    return id;
  }

  /** host:port with a port in 1..65535; the host is not resolved (no I/O in the state machine). */
  static String requireAddr(String addr) {
    int colon = addr.lastIndexOf(':');
    boolean ok = colon > 0 && colon < addr.length() - 1 && addr.length() <= 255;
    if (ok) {
      try {
        int port = Integer.parseInt(addr.substring(colon + 1));
        ok = port >= 1 && port <= 65535;
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok) {
      throw new Refusal(ErrorCode.BAD_REQUEST, "address: " + addr + " (expected: host:port)");
    }
    return addr;
  }
}
