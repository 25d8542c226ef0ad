package io.codis.node.cluster;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.meta.client.MetaException;
import io.codis.meta.client.model.ErrorCode;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's periodic calls to the metaserver, on two daemon threads of their own (so a slow
 * metaserver delays neither the watch nor each other): the master lease renewal every
 * {@link #RENEW_PERIOD_MS} while the view lists the node as its group's master, and the replication
 * offset report every {@link #OFFSET_PERIOD_MS} (masters and replicas; the controller's view of
 * how far each node is).
 *
 * <p>One single-address client per metaserver peer, and this class picks the peer: the shared
 * client does not move on after a timed-out write (its outcome is unknown), which would pin a
 * renewal to a paused peer forever. Any peer accepts the call (followers forward writes).
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
  public static final long RENEW_PERIOD_MS = 1_000;
  public static final long OFFSET_PERIOD_MS = 1_000;
  /** Short bounds: a renewal answered after the lease's TTL is worthless anyway. */
  static final MetaClientOptions OPTIONS = new MetaClientOptions(500, 1_000, 1_000, 50, 30_000);

  private final List<MetaClient> peers;
  private final String self;
  private final MasterLease lease;
  private final LongSupplier offset;
  private final ScheduledThreadPoolExecutor timer;
  private volatile int current;

  /**
   * @param offset the node's replication offset (called on the keeper's thread; it must hop to
   *     the execution thread itself and may throw when that takes too long)
   */
  public LeaseKeeper(List<String> metaAddrs, String self, MasterLease lease, LongSupplier offset) {
    this.peers = metaAddrs.stream().map(a -> new MetaClient(List.of(a), OPTIONS)).toList();
    this.self = self;
    this.lease = lease;
    this.offset = offset;
    this.timer = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "master-lease");
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    timer.scheduleAtFixedRate(this::renew, 0, RENEW_PERIOD_MS, TimeUnit.MILLISECONDS);
    timer.scheduleAtFixedRate(this::reportOffset, OFFSET_PERIOD_MS, OFFSET_PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  /** A renewal now, on the keeper's thread (the node just became master, or master at a new epoch). */
  public void renewNow() {
    try {
      timer.execute(this::renew);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // shutting down: no lease needed
    }
  }

  /** One renewal attempt, when the node is a master in the view. */
  void renew() {
    long[] target = lease.renewalTarget();
    if (target == null) {
      return;
    }
    int group = (int) target[0];
    long epoch = target[1];
    int i = current;
    // Taken BEFORE the request leaves: the metaserver's grant is later, so our lease ends first.
    long sent = System.nanoTime();
    try {
      peers.get(i).renewMasterLease(group, self, epoch, lease.ttlMs());
      lease.granted(sent, group, epoch);
    } catch (MetaException e) {
      ErrorCode code = e.code();
      boolean revoked = code == ErrorCode.NOT_MASTER || code == ErrorCode.STALE_EPOCH
          || code == ErrorCode.NO_SUCH_GROUP;
      lease.renewalFailed(group, epoch, code + ": " + e.getMessage(), revoked);
      if (code == ErrorCode.UNAVAILABLE || code == ErrorCode.TIMEOUT || code == ErrorCode.INTERNAL) {
        next(i);
      }
    } catch (RuntimeException e) {
      lease.renewalFailed(group, epoch, e.toString(), false);
      next(i);
    }
  }

  /** One offset report. */
  void reportOffset() {
    int i = current;
    try {
      peers.get(i).reportOffset(self, offset.getAsLong());
    } catch (MetaException e) {
      if (e.code() != ErrorCode.NO_SUCH_NODE) {
        LOG.debug("offset report failed: {}", e.getMessage());
        next(i);
      }
    } catch (RuntimeException e) {
      LOG.debug("offset report failed: {}", e.toString());
    }
  }

  private void next(int failed) {
    if (current == failed) {
      current = (failed + 1) % peers.size();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
