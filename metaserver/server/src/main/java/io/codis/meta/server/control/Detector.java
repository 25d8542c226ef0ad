package io.codis.meta.server.control;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One metaserver peer's own opinion of each node: a node is suspected once no probe has been
 * answered for {@code detectionTimeoutMs}, and cleared by the next answer. Deterministic: probe
 * results and the time (this peer's monotonic clock, in ms) are inputs; no threads, no sockets.
 *
 * <p>A node seen for the first time starts as answered "now", so a peer that just started (or just
 * learned of the node) waits a full timeout before suspecting it. Until the node has answered this
 * peer once, the wait is {@code neverAnsweredTimeoutMs} (longer): after a whole-cluster restart the
 * metaservers usually come up before the nodes, and a node still starting is not a failure. The majority rule lives in the
 * state machine: this class only says what this one peer thinks.
 */
public final class Detector {
  /** The never-answered wait, as a multiple of the detection timeout. */
  public static final int NEVER_ANSWERED_FACTOR = 5;

  private final long detectionTimeoutMs;
  private final long neverAnsweredTimeoutMs;
  private final Map<String, Long> lastAnswerMs = new HashMap<>();
  private final java.util.Set<String> answeredOnce = new java.util.HashSet<>();

  public Detector(long detectionTimeoutMs) {
    this(detectionTimeoutMs, detectionTimeoutMs * NEVER_ANSWERED_FACTOR);
  }

  public Detector(long detectionTimeoutMs, long neverAnsweredTimeoutMs) {
    this.detectionTimeoutMs = detectionTimeoutMs;
    this.neverAnsweredTimeoutMs = Math.max(detectionTimeoutMs, neverAnsweredTimeoutMs);
  }

  /** The registered nodes at nowMs: new ones start their grace period, removed ones are dropped. */
  public void track(Set<String> nodes, long nowMs) {
    lastAnswerMs.keySet().retainAll(nodes);
    answeredOnce.retainAll(nodes);
    for (String n : nodes) {
      lastAnswerMs.putIfAbsent(n, nowMs);
    }
  }

  /** A probe of addr ended at nowMs; answered is true for any reply, even an error. */
  public void observe(String addr, boolean answered, long nowMs) {
    if (answered) {
      lastAnswerMs.merge(addr, nowMs, Math::max);
      answeredOnce.add(addr);
    } else {
      lastAnswerMs.putIfAbsent(addr, nowMs);
    }
  }

  /** True when this peer suspects addr at nowMs (unknown nodes are not suspected). */
  public boolean suspects(String addr, long nowMs) {
    Long last = lastAnswerMs.get(addr);
    long timeout = answeredOnce.contains(addr) ? detectionTimeoutMs : neverAnsweredTimeoutMs;
    return last != null && nowMs - last >= timeout;
  }

  /** How long addr has gone unanswered at nowMs (0 for an unknown node). */
  public long silentMs(String addr, long nowMs) {
    Long last = lastAnswerMs.get(addr);
    return last == null ? 0 : Math.max(0, nowMs - last);
  }

  public Set<String> tracked() {
    return Set.copyOf(lastAnswerMs.keySet());
  }
}
