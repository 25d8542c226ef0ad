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
 * learned of the node) waits a full timeout before suspecting it. The majority rule lives in the
 * state machine: this class only says what this one peer thinks.
 */
public final class Detector {
  private final long detectionTimeoutMs;
  private final Map<String, Long> lastAnswerMs = new HashMap<>();

  public Detector(long detectionTimeoutMs) {
    this.detectionTimeoutMs = detectionTimeoutMs;
  }

  /** The registered nodes at nowMs: new ones start their grace period, removed ones are dropped. */
  public void track(Set<String> nodes, long nowMs) {
    lastAnswerMs.keySet().retainAll(nodes);
    for (String n : nodes) {
      lastAnswerMs.putIfAbsent(n, nowMs);
    }
  }

  /** A probe of addr ended at nowMs; answered is true for any reply, even an error. */
  public void observe(String addr, boolean answered, long nowMs) {
    if (answered) {
      lastAnswerMs.merge(addr, nowMs, Math::max);
    } else {
      lastAnswerMs.putIfAbsent(addr, nowMs);
    }
  }

  /** True when this peer suspects addr at nowMs (unknown nodes are not suspected). */
  public boolean suspects(String addr, long nowMs) {
    Long last = lastAnswerMs.get(addr);
    return last != null && nowMs - last >= detectionTimeoutMs;
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
