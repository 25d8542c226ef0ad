package io.codis.node.cluster;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.GroupView;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's link to the metaserver: registers the node ({@code POST /v1/nodes}) under its
 * announced address, fetches the cluster view, then long-polls the version and publishes a new
 * {@link SlotOwnership} for every version (an older one never replaces a newer one). It also tells
 * the {@link RoleListener} when the node's role in its group changes. All of it runs on one
 * daemon thread; the execution thread only reads the published table.
 */
public final class ClusterMember implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
  /** Pause between failed registration or fetch attempts. */
  static final long RETRY_SLEEP_MS = 200;

  private final MetaClient client;
  private final String self;
  private final String runId;
  private final Consumer<SlotOwnership> publish;
  private final RoleListener roles;
  private final Thread thread;
  private volatile AutoCloseable watch;
  /** Told the node's group, epoch and mastership on every view (null: no lease kept). */
  private volatile MasterLease lease;
  private volatile boolean closed;
  private long published = -1;
  private String role = "";

  /**
   * @param client the metaserver client; the member owns it and closes it on {@link #close()}
   * @param self the address the metaserver knows the node by ({@code --announce})
   * @param publish receives every new table (called on the member's thread)
   */
  public ClusterMember(MetaClient client, String self, Consumer<SlotOwnership> publish, RoleListener roles) {
    this.client = client;
    this.self = self;
    this.publish = publish;
    this.roles = roles;
    byte[] id = new byte[20];
    new SecureRandom().nextBytes(id);
    this.runId = HexFormat.of().formatHex(id);
    this.thread = new Thread(this::run, "cluster-member");
    this.thread.setDaemon(true);
  }

  /** Keeps {@code lease} in step with the views (call before {@link #start()}). */
  public ClusterMember withLease(MasterLease lease) {
    this.lease = lease;
    return this;
  }

  public void start() {
    thread.start();
  }

  public String self() {
    return self;
  }

  private void run() {
    ClusterView first = null;
    boolean registered = false;
    while (!closed && first == null) {
      try {
        if (!registered) {
          client.registerNode(self, runId);
          registered = true;
          LOG.info("node {} registered with the metaserver (run id {})", self, runId);
        }
        first = client.cluster();
      } catch (RuntimeException e) {
        LOG.warn("node {}: metaserver call failed: {}", self, e.getMessage());
        if (!sleep()) {
          return;
        }
      }
    }
    if (first == null) {
      return;
    }
    apply(first);
    AutoCloseable w = client.watchLoop(first.version(), this::apply);
    watch = w;
    if (closed) {
      closeQuietly(w);
    }
  }

  /** Publishes the view's table unless a newer one was published, then follows the role. */
  synchronized void apply(ClusterView view) {
    if (view.version() <= published) {
      return;
    }
    published = view.version();
    SlotOwnership table = SlotOwnership.of(view, self);
    publish.accept(table);
    LOG.info("node {}: {}", self, table);
    followEpoch(view);
    followRole(view);
  }

  /**
   * Tells the lease and replication the node's group epoch, BEFORE the role changes: a node that is
   * no longer master stops serving at once, and a replica re-checks its master's epoch.
   */
  private void followEpoch(ClusterView view) {
    GroupView mine = null;
    for (GroupView g : view.groups()) {
      if (self.equals(g.master()) || (g.replicas() != null && g.replicas().contains(self))) {
        mine = g;
        break;
      }
    }
    MasterLease l = lease;
    if (l == null) {
      return; // no fencing (embedded nodes of tests): masters answer epoch 0, so replicas must not check
    }
    l.view(mine == null ? 0 : mine.id(), mine == null ? 0 : mine.epoch(), mine != null && self.equals(mine.master()));
    if (mine != null) {
      try {
        roles.epoch(mine.epoch());
      } catch (RuntimeException e) {
        LOG.warn("node {}: role listener failed on epoch {}", self, mine.epoch(), e);
      }
    }
  }

  private void followRole(ClusterView view) {
    for (GroupView g : view.groups()) {
      if (self.equals(g.master())) {
        changeRole("master", () -> roles.becomeMaster());
        return;
      }
      if (g.replicas() != null && g.replicas().contains(self) && g.master() != null && !g.master().isEmpty()) {
        String master = g.master();
        changeRole("replica of " + master, () -> {
          int colon = master.lastIndexOf(':');
          roles.replicaOf(master.substring(0, colon), Integer.parseInt(master.substring(colon + 1)));
        });
        return;
      }
    }
    // Not in a group (or a group without master): keep the last role; nothing to follow.
  }

  private void changeRole(String next, Runnable tell) {
    if (Objects.equals(role, next)) {
      return;
    }
    LOG.info("node {}: role {} -> {}", self, role.isEmpty() ? "(none)" : role, next);
    role = next;
    try {
      tell.run();
    } catch (RuntimeException e) {
      LOG.warn("node {}: role listener failed", self, e);
    }
  }

  /** The role last followed: {@code master}, {@code replica of host:port}, or empty. */
  public synchronized String role() {
    return role;
  }

  private boolean sleep() {
    try {
      Thread.sleep(RETRY_SLEEP_MS);
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("closing watch", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    AutoCloseable w = watch;
    if (w != null) {
      closeQuietly(w);
    }
    closeQuietly(client);
  }
}
