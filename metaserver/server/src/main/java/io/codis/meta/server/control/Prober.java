package io.codis.meta.server.control;

import io.codis.meta.client.model.NodeView;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.Suspect;
import io.codis.meta.server.raft.MetaStateMachine;
import io.codis.meta.server.raft.RaftGateway;
import io.codis.meta.server.state.Views;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every metaserver peer: every probe interval it PINGs every registered node (one kept-open
 * connection per node, any reply counts, even -NOAUTH), feeds the {@link Detector}, and makes the
 * replicated state agree with this peer's opinion by submitting {@code Suspect} commands. Comparing
 * with the state, rather than sending only on a change, re-sends a report that was lost (leader
 * change, timeout) at the next round.
 *
 * <p>Threads: one scheduler thread for the rounds, {@link #PROBE_THREADS} for the blocking probes.
 * A node whose probe is still running is skipped (no queue builds up behind a hung node).
 */
public final class Prober implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Prober.class);
  /** Probes that may block at once; the rest of a round waits for the next one. */
  static final int PROBE_THREADS = 4;

  private final String selfId;
  private final FailoverConfig cfg;
  private final MetaStateMachine sm;
  private final RaftGateway raft;
  private final Detector detector;
  private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(
      r -> daemon(r, "meta-prober"));
  private final ExecutorService probes = new java.util.concurrent.ThreadPoolExecutor(PROBE_THREADS,
      PROBE_THREADS, 60, TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1024),
      r -> daemon(r, "meta-probe"));
  private final Set<String> probing = ConcurrentHashMap.newKeySet();
  private final Set<String> reporting = ConcurrentHashMap.newKeySet();
  private final Map<String, RespConnection> conns = new ConcurrentHashMap<>();
  /** When this peer last reported each suspicion (monotonic ms): refreshed every refreshMs. */
  private final Map<String, Long> reportedMs = new ConcurrentHashMap<>();
  private final long refreshMs;
  /** This peer's latest opinion per node, for metrics: true = suspected. */
  private final Map<String, Boolean> opinions = new ConcurrentHashMap<>();

  public Prober(String selfId, FailoverConfig cfg, MetaStateMachine sm, RaftGateway raft) {
    this.selfId = selfId;
    this.cfg = cfg;
    this.sm = sm;
    this.raft = raft;
    this.detector = new Detector(cfg.detectionTimeoutMs());
    this.refreshMs = refreshMs(cfg);
  }

  /**
   * How often a standing suspicion is reported again. The controller counts only suspicions
   * refreshed within {@link Controller#suspicionFreshMs}: twice this, so one lost refresh is fine.
   */
  static long refreshMs(FailoverConfig cfg) {
    return Math.max(cfg.probeIntervalMs(), cfg.detectionTimeoutMs() / 2);
  }

  static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  static long monotonicMs() {
    return System.nanoTime() / 1_000_000;
  }

  public Prober start() {
    rounds.scheduleWithFixedDelay(this::round, cfg.probeIntervalMs(), cfg.probeIntervalMs(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** This peer's opinion of each tracked node (true = suspected), for metrics. */
  public Map<String, Boolean> opinions() {
    return Map.copyOf(opinions);
  }

  private void round() {
    try {
      List<NodeView> nodes = sm.read(Views::nodes);
      Set<String> addrs = new HashSet<>();
      nodes.forEach(n -> addrs.add(n.addr()));
      synchronized (detector) {
        detector.track(addrs, monotonicMs());
      }
      conns.keySet().removeIf(a -> {
        if (!addrs.contains(a)) {
          conns.get(a).close();
          return true;
        }
        return false;
      });
      opinions.keySet().retainAll(addrs);
      reportedMs.keySet().retainAll(addrs);
      for (String a : addrs) {
        if (probing.add(a)) {
          try {
            probes.execute(() -> probe(a));
          } catch (RejectedExecutionException e) {
            probing.remove(a);
          }
        }
      }
      for (NodeView n : nodes) {
        reconcile(n);
      }
    } catch (RuntimeException e) {
      LOG.warn("probe round failed", e);
    }
  }

  private void probe(String addr) {
    boolean answered = false;
    try {
      RespConnection c = conns.get(addr);
      if (c == null) {
        c = RespConnection.open(addr, cfg.probeTimeoutMs());
        conns.put(addr, c);
      }
      c.call("PING");
      answered = true;
    } catch (IOException | RuntimeException e) {
      RespConnection c = conns.remove(addr);
      if (c != null) {
        c.close();
      }
      LOG.debug("probe of {} failed: {}", addr, e.toString());
    } finally {
      synchronized (detector) {
        detector.observe(addr, answered, monotonicMs());
      }
      probing.remove(addr);
    }
  }

  /* Submits Suspect(addr, self, opinion) when the replicated state disagrees with this peer. */
  private void reconcile(NodeView n) {
    boolean suspect;
    long silentMs;
    synchronized (detector) {
      long now = monotonicMs();
      suspect = detector.suspects(n.addr(), now);
      silentMs = detector.silentMs(n.addr(), now);
    }
    Boolean before = opinions.put(n.addr(), suspect);
    if (before == null || before != suspect) {
      if (suspect) {
        LOG.warn("peer {} suspects node {}: no answer for {} ms", selfId, n.addr(), silentMs);
      } else if (before != null) {
        LOG.info("peer {} reaches node {} again", selfId, n.addr());
      }
    }
    boolean recorded = n.suspectedBy().contains(selfId);
    long now = monotonicMs();
    Long last = reportedMs.get(n.addr());
    boolean refreshDue = suspect && recorded && (last == null || now - last >= refreshMs);
    if ((recorded == suspect && !refreshDue) || !reporting.add(n.addr())) {
      return;
    }
    if (suspect) {
      reportedMs.put(n.addr(), now);
    } else {
      reportedMs.remove(n.addr());
    }
    Command c = Command.newBuilder().setSuspect(Suspect.newBuilder().setAddr(n.addr())
        .setPeerId(selfId).setSuspected(suspect)).build();
    raft.write(c).whenComplete((r, e) -> {
      reporting.remove(n.addr());
      if (e != null || r.status() != 200) {
        LOG.debug("suspicion report for {} not applied: {}", n.addr(),
            e != null ? e.toString() : new String(r.json(), java.nio.charset.StandardCharsets.UTF_8));
      }
    });
  }

  @Override
  public void close() {
    rounds.shutdownNow();
    probes.shutdownNow();
    conns.values().forEach(RespConnection::close);
    conns.clear();
  }
}
