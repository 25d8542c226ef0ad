package io.codis.meta.server;

import io.codis.meta.server.control.Controller;
import io.codis.meta.server.control.FailoverConfig;
import io.codis.meta.server.control.FailoverMetrics;
import io.codis.meta.server.control.Switchover;
import io.codis.meta.server.control.Prober;
import io.codis.meta.server.http.HttpApi;
import io.codis.meta.server.http.HttpServer;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.Tick;
import io.codis.meta.server.raft.MetaStateMachine;
import io.codis.meta.server.raft.RaftGateway;
import io.codis.meta.server.raft.RaftSettings;
import io.codis.meta.server.raft.VersionWatchers;
import io.codis.meta.server.state.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One metaserver peer: the Ratis server with its state machine, a Ratis client used by the HTTP API,
 * the HTTP server, and the leader's lease ticker. {@link #close} stops them in reverse order.
 */
public final class MetaServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetaServer.class);
  /** How often the leader looks for expired proxy leases (a proxy renews about every second). */
  static final long LEASE_TICK_MS = 250;
  static final int ADMIN_THREADS = 2;

  private final MetaConfig cfg;
  private final FailoverConfig failover;
  private Prober prober;
  private Controller controller;
  private Switchover switchover;
  private MetaStateMachine sm;
  private RaftServer raftServer;
  private RaftGateway gateway;
  private HttpServer http;
  private int httpPort;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
      r -> daemon(r, "meta-lease-ticker"));
  private final ExecutorService admin = Executors.newFixedThreadPool(ADMIN_THREADS,
      r -> daemon(r, "meta-admin"));

  public MetaServer(MetaConfig cfg) {
    this(cfg, FailoverConfig.DEFAULT);
  }

  public MetaServer(MetaConfig cfg, FailoverConfig failover) {
    this.cfg = cfg;
    this.failover = failover;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public MetaServer start() throws IOException, InterruptedException {
    Files.createDirectories(cfg.dir());
    sm = new MetaStateMachine(Limits.DEFAULT, System::currentTimeMillis,
        new VersionWatchers(cfg.watchersMax()));
    raftServer = RaftServer.newBuilder()
        .setServerId(RaftSettings.id(cfg.id()))
        .setGroup(RaftSettings.group(cfg.peers()))
        .setProperties(RaftSettings.server(cfg))
        .setStateMachine(sm)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    raftServer.start();
    RaftClient client = RaftClient.newBuilder()
        .setProperties(RaftSettings.client(cfg.requestTimeoutMs()))
        .setRaftGroup(RaftSettings.group(cfg.peers()))
        .setLeaderId(RaftSettings.id(cfg.id()))
        .setRetryPolicy(RaftSettings.clientRetry())
        .build();
    ConcurrentHashMap<String, String> httpAddrs = new ConcurrentHashMap<>();
    cfg.peers().forEach(p -> httpAddrs.put(p.id(), p.httpAddr()));
    gateway = new RaftGateway(raftServer, RaftSettings.id(cfg.id()), client, httpAddrs,
        cfg.requestTimeoutMs());
    if (failover.enabled()) {
      prober = new Prober(cfg.id(), failover, sm, gateway).start();
      controller = new Controller(failover, sm, gateway).start();
    }
    switchover = new Switchover(failover, sm, gateway);
    FailoverMetrics metrics = new FailoverMetrics(sm, prober, controller, switchover);
    http = new HttpServer(new HttpApi(cfg.id(), gateway, sm, cfg.watchTimeoutMsMax(), admin)
        .withFailover(metrics::render, switchover));
    httpPort = http.start(cfg.bindHost(), cfg.self().httpPort());
    ticker.scheduleWithFixedDelay(this::expireLeases, LEASE_TICK_MS, LEASE_TICK_MS,
        TimeUnit.MILLISECONDS);
    LOG.info("metaserver {} up: raft {}, http {}:{}, dir {}", cfg.id(), cfg.self().raftAddr(),
        cfg.bindHost(), httpPort, cfg.dir());
    return this;
  }

  /* The state machine reads no clock, so leases only expire when a command carries the time. */
  private void expireLeases() {
    try {
      if (gateway.isLeader() && sm.hasExpiredLeaseAt(System.currentTimeMillis())) {
        gateway.write(Command.newBuilder().setTick(Tick.getDefaultInstance()).build())
            .get(cfg.requestTimeoutMs() * 2, TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      LOG.debug("lease tick failed: {}", e.toString());
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public String id() {
    return cfg.id();
  }

  public FailoverConfig failoverConfig() {
    return failover;
  }

  /** The failover controller and prober, or null with failover off. */
  public Controller controller() {
    return controller;
  }

  public Prober prober() {
    return prober;
  }

  public MetaConfig config() {
    return cfg;
  }

  public RaftGateway gateway() {
    return gateway;
  }

  public MetaStateMachine stateMachine() {
    return sm;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (controller != null) {
      controller.close();
    }
    if (switchover != null) {
      switchover.close();
    }
    if (prober != null) {
      prober.close();
    }
    if (http != null) {
      http.close();
    }
    try {
      if (gateway != null) {
        gateway.close();
      }
      if (raftServer != null) {
        raftServer.close();
      }
    } catch (IOException e) {
      LOG.warn("error while stopping {}: {}", cfg.id(), e.toString());
    }
    admin.shutdownNow();
    LOG.info("metaserver {} stopped", cfg.id());
  }
}
