package io.codis.proxy.topology;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaException;
import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.ErrorCode;
import io.codis.proxy.route.SlotTable;
import io.codis.proxy.route.TableSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the proxy's slot table and lease current.
 *
 * <p>The lease: every {@code renewPeriodMs} one thread registers (first time, or after the
 * metaserver said the lease expired) or renews. The proxy counts its lease from the moment it
 * <em>sent</em> the successful request, on its monotonic clock, minus a drift margin of a tenth of
 * the TTL, so it stops serving before the metaserver can consider it expired. While the lease is
 * not valid {@link #usable()} is null and clients get {@code -CLUSTERDOWN}. After a re-registration
 * the table is fetched again before serving (a proxy that lost its lease may have missed versions).
 *
 * <p>The table: a watch thread long-polls the metaserver for {@code version > seen} and swaps in
 * the new table with one reference write; a table never replaces a newer one.
 */
public final class MetaTopology implements TableSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetaTopology.class);

  private final MetaClient client;
  private final String proxyId;
  private final long leaseTtlMs;
  private final long renewPeriodMs;
  private final AtomicReference<SlotTable> table = new AtomicReference<>();
  private final ScheduledExecutorService leaseThread;
  private volatile long leaseValidUntilNanos;
  private volatile boolean registered;
  private volatile String downReason = "the proxy has no slot table yet";
  private String advertisedAddr;
  private AutoCloseable watch;
  /** Callbacks waiting for the refresh in progress; null when none is in progress. */
  private List<Runnable> refreshWaiters;

  public MetaTopology(MetaClient client, String proxyId, long leaseTtlMs, long renewPeriodMs) {
    this.client = client;
    this.proxyId = proxyId;
    this.leaseTtlMs = leaseTtlMs;
    this.renewPeriodMs = renewPeriodMs;
    this.leaseThread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "proxy-lease");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts registering as {@code advertisedAddr} (the proxy's RESP address) and watching. */
  public synchronized void start(String advertisedAddr) {
    this.advertisedAddr = advertisedAddr;
    leaseThread.scheduleWithFixedDelay(this::tick, 0, renewPeriodMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public SlotTable usable() {
    SlotTable t = table.get();
    if (t == null || !registered) {
      return null;
    }
    if (System.nanoTime() - leaseValidUntilNanos > 0) {
      return null;
    }
    return t;
  }

  @Override
  public String downReason() {
    SlotTable t = table.get();
    if (t != null && registered && System.nanoTime() - leaseValidUntilNanos > 0) {
      return "the proxy's lease with the metaserver has expired";
    }
    return downReason;
  }

  /**
   * Fetches the cluster view now (a node answered MOVED...), on the lease thread, and runs every
   * waiting callback once it is installed or the fetch failed. Requests arriving while a fetch is
   * in flight share it.
   */
  @Override
  public void refresh(Runnable done) {
    synchronized (this) {
      if (refreshWaiters != null) {
        refreshWaiters.add(done);
        return;
      }
      refreshWaiters = new ArrayList<>();
      refreshWaiters.add(done);
    }
    try {
      leaseThread.execute(this::refreshNow);
    } catch (RejectedExecutionException e) {
      refreshNow(); // closing: nothing to fetch from; let the callers finish
    }
  }

  private void refreshNow() {
    try {
      if (registered) {
        swap(client.cluster());
      }
    } catch (RuntimeException e) {
      LOG.warn("proxy {}: table refresh failed: {}", proxyId, e.getMessage());
    }
    List<Runnable> waiters;
    synchronized (this) {
      waiters = refreshWaiters;
      refreshWaiters = null;
    }
    for (Runnable r : waiters) {
      r.run();
    }
  }

  /** The table last received, valid lease or not (tests, logs). */
  public SlotTable current() {
    return table.get();
  }

  private void tick() {
    long sentAt = System.nanoTime();
    try {
      if (!registered) {
        client.registerProxy(proxyId, advertisedAddr, "", leaseTtlMs);
        extendLease(sentAt);
        ClusterView view = client.cluster();
        swap(view);
        registered = true;
        startWatch(view.version());
        LOG.info("proxy {} registered as {}; table version {}", proxyId, advertisedAddr, view.version());
      } else {
        SlotTable t = table.get();
        client.renewProxy(proxyId, t == null ? 0 : t.version());
        extendLease(sentAt);
      }
    } catch (MetaException e) {
      if (e.code() == ErrorCode.PROXY_EXPIRED || e.code() == ErrorCode.NO_SUCH_PROXY) {
        registered = false;
        downReason = "the proxy's lease with the metaserver has expired";
        LOG.warn("proxy {} lost its lease ({}); registering again", proxyId, e.getMessage());
      } else {
        LOG.warn("proxy {}: metaserver call failed: {}", proxyId, e.getMessage());
        if (!registered) {
          downReason = "the metaserver is unreachable: " + e.getMessage();
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("proxy {}: lease tick failed", proxyId, e);
    }
  }

  private void extendLease(long sentAtNanos) {
    long validMs = leaseTtlMs - leaseTtlMs / 10;
    leaseValidUntilNanos = sentAtNanos + TimeUnit.MILLISECONDS.toNanos(validMs);
  }

  private synchronized void startWatch(long fromVersion) {
    if (watch == null) {
      watch = client.watchLoop(fromVersion, this::swap);
    }
  }

  /** Installs the view's table unless a newer one is already installed. */
  private void swap(ClusterView view) {
    if (!view.initialized()) {
      downReason = "the cluster is not initialized";
      return;
    }
    SlotTable next = SlotTable.of(view);
    SlotTable prev;
    do {
      prev = table.get();
      if (prev != null && prev.version() >= next.version()) {
        return;
      }
    } while (!table.compareAndSet(prev, next));
    LOG.info("proxy {}: slot table version {}", proxyId, next.version());
  }

  /** Stops the lease and watch threads and removes the proxy from the metaserver (best effort). */
  @Override
  public synchronized void close() {
    leaseThread.shutdownNow();
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception e) {
        LOG.debug("closing watch", e);
      }
    }
    if (registered) {
      try {
        client.removeProxy(proxyId);
      } catch (MetaException e) {
        LOG.warn("proxy {}: deregistration failed: {}", proxyId, e.getMessage());
      }
      registered = false;
    }
  }
}
