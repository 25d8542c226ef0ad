package io.codis.meta.server.control;

/**
 * Settings of detection and failover ({@code codis-metaserver} flags in brackets).
 *
 * @param probeIntervalMs how often every peer PINGs every node ({@code --probe-interval})
 * @param detectionTimeoutMs how long a node must stay unreachable before this peer suspects it
 *     ({@code --detection-timeout})
 * @param probeTimeoutMs connect and reply timeout of one probe or offset read
 * @param nodePassword password for AUTH before ROLE/INFO/MASTERFENCE ({@code --node-password}), or
 *     null; a PING answered -NOAUTH still proves the node alive
 * @param maxLagBytes a replica further behind the master's last reported offset is never promoted
 *     ({@code --failover-max-lag})
 * @param enabled false turns the prober and the controller off ({@code --failover=off}): suspicions
 *     and promotions are then up to the operator
 */
public record FailoverConfig(long probeIntervalMs, long detectionTimeoutMs, long probeTimeoutMs,
    String nodePassword, long maxLagBytes, boolean enabled) {

  @Override
  public String toString() {
    return withoutSecrets();
  }

  public static final FailoverConfig DEFAULT =
      new FailoverConfig(500, 2_000, 1_000, null, 16L << 20, true);

  public FailoverConfig {
    if (probeIntervalMs < 10 || detectionTimeoutMs < probeIntervalMs || probeTimeoutMs < 10
        || maxLagBytes < 0) {
      throw new IllegalArgumentException("failover settings: probe interval " + probeIntervalMs
          + " ms (expected: >= 10), detection timeout " + detectionTimeoutMs
          + " ms (expected: >= probe interval), probe timeout " + probeTimeoutMs
          + " ms (expected: >= 10), max lag " + maxLagBytes + " (expected: >= 0)");
    }
  }

  /** For logs: the password replaced by a mark. */
  public String withoutSecrets() {
    return "FailoverConfig[probeIntervalMs=" + probeIntervalMs + ", detectionTimeoutMs="
        + detectionTimeoutMs + ", probeTimeoutMs=" + probeTimeoutMs + ", nodePassword="
        + (nodePassword == null ? "none" : "(set)") + ", maxLagBytes=" + maxLagBytes + ", enabled="
        + enabled + "]";
  }

  /** Probe timeout derived from the interval: a probe must end before the next one is due. */
  public static long probeTimeoutFor(long probeIntervalMs) {
    return Math.max(100, Math.min(1_000, probeIntervalMs * 2));
  }
}
