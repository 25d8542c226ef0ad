package io.codis.meta.client.model;

/**
 * One promotion of a group: {@code from} (the old master, now a replica) and {@code to} (the new
 * master), the epoch it started, why ({@code reason}: {@code master_failed} by the controller,
 * {@code switchover} by a planned switchover, {@code manual} by a forced promote) with details,
 * when the old master was declared failed (0 if it was not) and when the promotion applied
 * (leader-stamped ms), and the replication offsets the decision compared (0 when unknown).
 */
public record FailoverView(long epoch, String from, String to, String reason, String detail,
    long detectedAtMs, long promotedAtMs, long fromOffset, long toOffset) {

  public static final String MASTER_FAILED = "master_failed";
  public static final String SWITCHOVER = "switchover";
  public static final String MANUAL = "manual";
}
