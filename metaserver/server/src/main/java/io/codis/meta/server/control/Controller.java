package io.codis.meta.server.control;

import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.NodeView;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.Failover;
import io.codis.meta.server.proto.SetFailoverState;
import io.codis.meta.server.raft.ApiReply;
import io.codis.meta.server.raft.MetaStateMachine;
import io.codis.meta.server.raft.RaftGateway;
import io.codis.meta.server.state.Views;
import io.codis.meta.client.model.FailoverView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover controller. Every peer runs the loop; only the Raft leader acts. Each round (every
 * probe interval) it reads its applied state, asks {@link FailoverPlanner} what each group needs and
 * carries it out: reading replica offsets from the nodes once the failed master's lease is over,
 * then logging a {@code Failover} command (epoch + 1) or a {@code SetFailoverState} saying why the
 * group waits.
 *
 * <p>It keeps no memory between rounds that matters for safety: everything it decides from is in
 * the replicated state (failed flag, lease, epoch) or read fresh from the nodes, so a new leader
 * simply continues a failover its predecessor left half done. The state machine checks every
 * decision again when it applies (epoch unchanged, master failed, lease over).
 */
public final class Controller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final FailoverConfig cfg;
  private final MetaStateMachine sm;
  private final RaftGateway raft;
  private final NodeCalls calls;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
      r -> Prober.daemon(r, "meta-controller"));
  /** Last decision per group as shown in metrics: (kind, text). */
  private final Map<Integer, String[]> decisions = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean leading;

  public Controller(FailoverConfig cfg, MetaStateMachine sm, RaftGateway raft) {
    this.cfg = cfg;
    this.sm = sm;
    this.raft = raft;
    this.calls = new NodeCalls(cfg.probeTimeoutMs(), cfg.nodePassword());
  }

  public Controller start() {
    loop.scheduleWithFixedDelay(this::round, cfg.probeIntervalMs(), cfg.probeIntervalMs(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** Freshness window the controller asks the state machine to apply to suspicions. */
  public static long suspicionFreshMs(FailoverConfig cfg) {
    return 2 * Prober.refreshMs(cfg) + cfg.probeIntervalMs();
  }

  public boolean leading() {
    return leading;
  }

  /** Last decision per group: kind (healthy, waiting, read_offsets, promote, blocked) and text. */
  public Map<Integer, String[]> decisions() {
    return Map.copyOf(decisions);
  }

  /** Failover commands the state machine refused (the decision was stale when it arrived). */
  public long refused() {
    return refused.get();
  }

  private record Snapshot(List<GroupView> groups, Map<String, NodeView> nodes,
      Map<Integer, Boolean> leaseMayBeValid) {}

  private void round() {
    try {
      leading = raft.isLeader();
      if (!leading) {
        decisions.clear();
        return;
      }
      long term = raft.currentTerm();
      long nowMs = System.currentTimeMillis();
      Snapshot snap = sm.read(s -> {
        Map<String, NodeView> nodes = new HashMap<>();
        Views.nodes(s).forEach(n -> nodes.put(n.addr(), n));
        Map<Integer, Boolean> lease = new HashMap<>();
        List<GroupView> groups = Views.groups(s);
        groups.forEach(g -> lease.put(g.id(), s.leaseMayBeValid(g.id(), nowMs, term)));
        return new Snapshot(groups, nodes, lease);
      });
      decisions.keySet().retainAll(snap.groups().stream().map(GroupView::id).toList());
      for (GroupView g : snap.groups()) {
        handle(g, snap);
      }
    } catch (RuntimeException e) {
      LOG.warn("controller round failed", e);
    }
  }

  private void handle(GroupView g, Snapshot snap) {
    FailoverPlanner.Decision d = FailoverPlanner.assess(g, snap.nodes(),
        snap.leaseMayBeValid().getOrDefault(g.id(), true));
    if (d instanceof FailoverPlanner.ReadOffsets read) {
      List<FailoverPlanner.ReplicaState> states = new ArrayList<>();
      for (String r : read.candidates()) {
        states.add(calls.replicaState(r));
      }
      NodeView master = snap.nodes().get(g.master());
      d = FailoverPlanner.choose(g, master == null ? 0 : master.offset(), states, cfg.maxLagBytes());
    }
    note(g, d);
    if (d instanceof FailoverPlanner.Promote p) {
      promote(g, p);
    } else if (!d.state().equals(g.failoverState() == null ? "" : g.failoverState())) {
      submit(Command.newBuilder().setSetFailoverState(SetFailoverState.newBuilder()
          .setGroupId(g.id()).setState(d.state())).build());
    }
  }

  private void promote(GroupView g, FailoverPlanner.Promote p) {
    LOG.warn("group {}: failover at epoch {}: {}", g.id(), g.epoch(), p.detail());
    ApiReply r = submit(Command.newBuilder().setFailover(Failover.newBuilder().setGroupId(g.id())
        .setAddr(p.addr()).setExpectedEpoch(g.epoch()).setReason(FailoverView.MASTER_FAILED)
        .setDetail(p.detail()).setFromOffset(p.fromOffset()).setToOffset(p.toOffset())
        .setSuspicionFreshMs(suspicionFreshMs(cfg))).build());
    if (r != null && r.status() == 200) {
      LOG.warn("group {}: {} is the new master (was {}), epoch {}", g.id(), p.addr(), g.master(),
          g.epoch() + 1);
    } else {
      refused.incrementAndGet();
    }
  }

  private void note(GroupView g, FailoverPlanner.Decision d) {
    String kind = d.kind();
    String[] before = decisions.put(g.id(), new String[] {kind, d.state()});
    if (before == null || !before[1].equals(d.state())) {
      if (!kind.equals("healthy") && !kind.equals("promote")) {
        LOG.warn("group {}: {}", g.id(), d.state());
      }
    }
  }

  private ApiReply submit(Command c) {
    try {
      ApiReply r = raft.write(c).get(cfg.probeTimeoutMs() * 10, TimeUnit.MILLISECONDS);
      if (r.status() != 200) {
        LOG.info("controller command {} not applied: {}", c.getBodyCase(),
            new String(r.json(), StandardCharsets.UTF_8));
      }
      return r;
    } catch (Exception e) {
      LOG.info("controller command {} failed: {}", c.getBodyCase(), e.toString());
      return null;
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
