package io.codis.node.cluster;

import io.codis.protocol.command.CommandFlag;
import io.codis.protocol.command.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this cluster-mode master may serve keyed commands now: it holds a master lease granted by
 * the metaserver and is not fenced. The lease counts from when the node SENT its renewal, on the
 * monotonic clock ({@link System#nanoTime}), minus a drift margin of max(200 ms, TTL/10): the
 * metaserver counts the same lease from when it granted it, which is later, so the node always
 * stops serving before the metaserver can consider the lease expired and promote another node.
 *
 * <p>The execution thread pays one volatile read and one {@code nanoTime} compare per guarded
 * command ({@link #refusal()}); every state change recomputes {@link #servingUntilNanos} under the
 * object's lock. HotSpot's {@code nanoTime} on Linux is CLOCK_MONOTONIC (positive, from boot), so
 * the sentinel {@link Long#MIN_VALUE} means "never" and a plain {@code <} compare is safe.
 *
 * <p>The node stops serving when: the lease was never acquired or ran out (renewals failed); the
 * metaserver answered that the node is no longer master or that its epoch is stale; the view no
 * longer lists it as its group's master; {@code MASTERFENCE <epoch>} fenced it for a switchover; a
 * replica told it a newer epoch for its group ({@code REPLCONF epoch}). A new view with a newer
 * epoch in which it is still master starts over (fences end, the lease must be acquired again).
 */
public final class MasterLease {
  private static final Logger LOG = LoggerFactory.getLogger(MasterLease.class);
  /** Lowest drift margin, whatever the TTL. */
  static final long MIN_DRIFT_MS = 200;

  private final long ttlMs;
  private final long driftMs;

  /** Keyed commands run while {@code System.nanoTime() < servingUntilNanos}. */
  private volatile long servingUntilNanos = Long.MIN_VALUE;
  /** The lease alone (without fences): replies held for replica acks are released only within it. */
  private volatile long leaseUntilNanos = Long.MIN_VALUE;

  // guarded by this
  private int groupId;
  private long epoch;
  private boolean masterInView;
  private boolean switchoverFence;
  private long newerEpoch;
  private String lastRenewError = "";
  private long renewals;
  private long renewalFailures;

  public MasterLease(long ttlMs) {
    if (ttlMs < 500) {
      throw new IllegalArgumentException("master-lease-ttl must be at least 500 ms, got " + ttlMs);
    }
    this.ttlMs = ttlMs;
    this.driftMs = driftMarginMs(ttlMs);
  }

  /** The drift margin the node takes off its lease: max(200 ms, TTL/10). */
  public static long driftMarginMs(long ttlMs) {
    return Math.max(MIN_DRIFT_MS, ttlMs / 10);
  }

  public long ttlMs() {
    return ttlMs;
  }

  // ---- hot path (execution thread) ----

  /** Whether {@code spec} touches data and so needs the lease on a master: keyed, read or write. */
  public static boolean guards(CommandSpec spec) {
    return !spec.keys().isEmpty() || spec.is(CommandFlag.WRITE) || spec.is(CommandFlag.READONLY);
  }

  /** Whether EXEC needs the lease: some queued command does. */
  public static boolean guardsAny(List<byte[][]> queued, Function<byte[][], CommandSpec> resolve) {
    for (byte[][] argv : queued) {
      CommandSpec q = resolve.apply(argv);
      if (q != null && guards(q)) {
        return true;
      }
    }
    return false;
  }

  /** Null while the master may serve keyed commands, else the FENCED error text (without '-'). */
  public String refusal() {
    if (System.nanoTime() < servingUntilNanos) {
      return null;
    }
    return why();
  }

  /** Whether the lease itself (fences aside) is valid now: held sync-mode replies may be released. */
  public boolean leaseValid() {
    return System.nanoTime() < leaseUntilNanos;
  }

  private synchronized String why() {
    if (System.nanoTime() < servingUntilNanos) {
      return null; // renewed meanwhile
    }
    String at = "(group " + groupId + ", epoch " + epoch + ")";
    if (!masterInView) {
      return "FENCED this node is not its group's master in the cluster view " + at;
    }
    if (newerEpoch > epoch) {
      return "FENCED group " + groupId + " has a newer epoch " + newerEpoch + " than this master " + at;
    }
    if (switchoverFence) {
      return "FENCED master fenced for switchover " + at;
    }
    if (renewals == 0) {
      return "FENCED master lease not acquired yet " + at;
    }
    return "FENCED master lease expired " + at;
  }

  // ---- view and renewals (cluster threads) ----

  /**
   * The node's place in a new cluster view: its group (0 = none), the group's epoch, and whether
   * it is that group's master. A newer epoch ends fences and the lease (a new one is acquired).
   */
  private volatile Runnable renewNow = () -> { };

  /**
   * {@code renewNow} is run when the node becomes master (or master at a new epoch): acquiring the
   * lease at once instead of at the next periodic renewal (up to 1 s later) keeps a switchover's
   * write pause at tens of milliseconds. It must not block (it hands the renewal to a thread).
   */
  public void onLeaseNeeded(Runnable renewNow) {
    this.renewNow = renewNow;
  }

  public synchronized void view(int group, long groupEpoch, boolean master) {
    boolean newEpoch = group != groupId || groupEpoch != epoch;
    boolean becameMaster = master && (newEpoch || !masterInView);
    if (newEpoch) {
      if (switchoverFence || newerEpoch > epoch) {
        LOG.info("fence of group {} epoch {} ends: view at group {} epoch {}", groupId, epoch, group, groupEpoch);
      }
      switchoverFence = false;
      newerEpoch = 0;
      leaseUntilNanos = Long.MIN_VALUE;
      renewals = 0;
    }
    if (masterInView && !master) {
      leaseUntilNanos = Long.MIN_VALUE;
      LOG.warn("no longer master of group {} in the view (epoch {}): fenced", group, groupEpoch);
    }
    groupId = group;
    epoch = groupEpoch;
    masterInView = master;
    recompute();
    if (becameMaster && group != 0) {
      renewNow.run();
    }
  }

  /** What a renewal needs: group, epoch; null when the node is not a master in the view. */
  synchronized long[] renewalTarget() {
    return masterInView && groupId != 0 ? new long[] {groupId, epoch} : null;
  }

  /** A renewal sent at {@code sentNanos} for {@code forEpoch} was granted. */
  synchronized void granted(long sentNanos, int forGroup, long forEpoch) {
    if (forGroup != groupId || forEpoch != epoch || !masterInView) {
      return; // the view moved on while the request was in flight
    }
    if (renewals == 0 || !lastRenewError.isEmpty()) {
      LOG.info("master lease {} for group {} epoch {} (ttl {} ms, drift margin {} ms)",
          renewals == 0 ? "acquired" : "renewed again", groupId, epoch, ttlMs, driftMs);
    }
    renewals++;
    lastRenewError = "";
    long until = sentNanos + (ttlMs - driftMs) * 1_000_000L;
    leaseUntilNanos = Math.max(leaseUntilNanos, until);
    recompute();
  }

  /** A renewal failed; {@code revoked}: the metaserver says this node is not master (at this epoch). */
  synchronized void renewalFailed(int forGroup, long forEpoch, String error, boolean revoked) {
    renewalFailures++;
    if (!error.equals(lastRenewError)) {
      LOG.warn("master lease renewal for group {} epoch {} failed: {}", forGroup, forEpoch, error);
    }
    lastRenewError = error;
    if (revoked && forGroup == groupId && forEpoch == epoch) {
      leaseUntilNanos = Long.MIN_VALUE;
      recompute();
    }
  }

  // ---- fences (execution thread) ----

  /**
   * MASTERFENCE epoch: null when fenced (a master at that epoch), else the FENCED text refusing it.
   */
  public synchronized String fenceForSwitchover(long atEpoch) {
    String wrong = wrongEpoch(atEpoch);
    if (wrong != null) {
      return wrong;
    }
    if (!switchoverFence) {
      LOG.warn("fenced for switchover: group {} epoch {}", groupId, epoch);
    }
    switchoverFence = true;
    recompute();
    return null;
  }

  /** MASTERFENCE CLEAR epoch: null when lifted (or not fenced), else the FENCED text refusing it. */
  public synchronized String clearSwitchoverFence(long atEpoch) {
    String wrong = wrongEpoch(atEpoch);
    if (wrong != null) {
      return wrong;
    }
    if (switchoverFence) {
      LOG.info("switchover fence lifted: group {} epoch {}", groupId, epoch);
    }
    switchoverFence = false;
    recompute();
    return null;
  }

  private String wrongEpoch(long atEpoch) {
    if (!masterInView) {
      return "FENCED this node is not its group's master (group " + groupId + ", epoch " + epoch + ")";
    }
    if (atEpoch != epoch) {
      return "FENCED this master is at epoch " + epoch + ", not " + atEpoch + " (group " + groupId + ")";
    }
    return null;
  }

  /**
   * A replica of this node knows epoch {@code replicaEpoch} of the group (REPLCONF epoch). Newer than
   * ours: a promotion happened that this node has not seen; it fences itself and returns the FENCED
   * text refusing the replica. Otherwise null.
   */
  public synchronized String replicaKnows(long replicaEpoch) {
    if (replicaEpoch <= epoch) {
      return null;
    }
    if (newerEpoch < replicaEpoch) {
      LOG.warn("a replica knows epoch {} of group {}, newer than this master's {}: fenced",
          replicaEpoch, groupId, epoch);
    }
    newerEpoch = Math.max(newerEpoch, replicaEpoch);
    recompute();
    return "FENCED this master is at epoch " + epoch + " of group " + groupId + "; the replica knows epoch "
        + replicaEpoch;
  }

  public synchronized long epoch() {
    return epoch;
  }

  public synchronized int groupId() {
    return groupId;
  }

  private void recompute() {
    boolean serving = masterInView && !switchoverFence && newerEpoch <= epoch;
    servingUntilNanos = serving ? leaseUntilNanos : Long.MIN_VALUE;
  }

  /** Fields for INFO's {@code # Cluster} section. */
  public synchronized List<String[]> info() {
    long now = System.nanoTime();
    List<String[]> f = new ArrayList<>();
    f.add(new String[] {"cluster_group", Long.toString(groupId)});
    f.add(new String[] {"cluster_epoch", Long.toString(epoch)});
    f.add(new String[] {"cluster_master", masterInView ? "1" : "0"});
    long remainingMs = leaseUntilNanos == Long.MIN_VALUE ? 0 : Math.max(0, (leaseUntilNanos - now) / 1_000_000);
    String state;
    if (!masterInView) {
      state = "none";
    } else if (newerEpoch > epoch) {
      state = "fenced_newer_epoch";
    } else if (switchoverFence) {
      state = "fenced_switchover";
    } else if (now < leaseUntilNanos) {
      state = "valid";
    } else {
      state = renewals == 0 ? "not_acquired" : "expired";
    }
    f.add(new String[] {"master_lease_state", state});
    f.add(new String[] {"master_lease_remaining_ms", Long.toString(remainingMs)});
    f.add(new String[] {"master_lease_ttl_ms", Long.toString(ttlMs)});
    f.add(new String[] {"master_lease_drift_ms", Long.toString(driftMs)});
    f.add(new String[] {"master_lease_renewals", Long.toString(renewals)});
    f.add(new String[] {"master_lease_renewal_failures", Long.toString(renewalFailures)});
    f.add(new String[] {"master_lease_last_error", lastRenewError.replace('\r', ' ').replace('\n', ' ')});
    return f;
  }
}
