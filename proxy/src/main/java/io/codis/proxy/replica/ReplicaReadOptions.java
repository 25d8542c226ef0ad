package io.codis.proxy.replica;

/**
 * Settings of reads from replicas.
 *
 * @param maxLagMs a replica serves reads only while it holds every write its master had
 *     acknowledged {@code maxLagMs} ago ({@code --replica-max-lag-ms})
 * @param probeIntervalMs how often each master and each replica is asked ROLE
 *     ({@code --replica-probe-interval-ms}); at most half of {@code maxLagMs}, or a healthy replica
 *     under writes would flap
 */
public record ReplicaReadOptions(long maxLagMs, long probeIntervalMs) {
  public static final ReplicaReadOptions DEFAULTS = new ReplicaReadOptions(1_000, 250);

  public ReplicaReadOptions {
    if (probeIntervalMs < 10 || maxLagMs < 2 * probeIntervalMs) {
      throw new IllegalArgumentException("replica-max-lag-ms " + maxLagMs + ", replica-probe-interval-ms "
          + probeIntervalMs + " (expected: interval >= 10 and max lag >= 2 x interval)");
    }
  }
}
