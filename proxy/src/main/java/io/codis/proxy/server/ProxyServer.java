package io.codis.proxy.server;

import io.codis.protocol.command.CommandTable;
import io.codis.protocol.resp.RespRequestDecoder;
import io.codis.protocol.resp.RespValueEncoder;
import io.codis.proxy.ProxyConfig;
import io.codis.proxy.ProxyLimits;
import io.codis.proxy.backend.BackendPool;
import io.codis.proxy.replica.ReplicaHealth;
import io.codis.proxy.replica.ReplicaReadOptions;
import io.codis.proxy.admin.ProxyMetrics;
import io.codis.proxy.route.Clients;
import io.codis.proxy.route.InfoSections;
import io.codis.proxy.route.RetryPolicy;
import io.codis.proxy.route.RouteRunner;
import io.codis.proxy.route.Router;
import io.codis.proxy.route.RouterOptions;
import io.codis.proxy.route.TableSource;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's RESP listener: one acceptor thread and {@link ProxyConfig#eventLoops()} I/O threads
 * (native epoll when available, NIO otherwise). Each client lives on one I/O thread together with
 * that thread's backend connections ({@link BackendPool}), so a request never crosses threads.
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
  /** Longest a graceful stop waits for in-flight requests to be answered. */
  public static final long DRAIN_MS_MAX = 5_000;
  private static final byte[] TOO_MANY_CLIENTS =
      "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ProxyConfig config;
  private final TableSource tables;
  private final CommandTable table = CommandTable.standard();
  private final Router router;
  private final Clients clients = new Clients();
  private final ProxyMetrics metrics;
  private final RouteRunner runner;
  private final RetryPolicy retry;
  private final long startedAtMs = System.currentTimeMillis();
  private final String backendPassword;
  private final Map<EventLoop, BackendPool> pools = new ConcurrentHashMap<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicLong nextClientId = new AtomicLong();
  private final LongAdder inFlight = new LongAdder();
  private final AtomicBoolean closing = new AtomicBoolean();
  private Class<? extends Channel> clientChannelType;
  /** Reads from replicas ({@code --read-from-replica}); null when off. */
  private volatile ReplicaHealth replicaHealth;
  private EventLoopGroup acceptor;
  private EventLoopGroup workers;
  private Channel serverChannel;

  public ProxyServer(ProxyConfig config, TableSource tables) {
    this(config, tables, RouterOptions.DEFAULTS, RetryPolicy.DEFAULTS);
  }

  /** A proxy with its client-facing options (password, flush switch) and retry budget. */
  public ProxyServer(ProxyConfig config, TableSource tables, RouterOptions options, RetryPolicy retry) {
    this(config, tables, options, retry, null);
  }

  /** As above, AUTHing to every node with {@code backendPassword} (null: none). */
  public ProxyServer(ProxyConfig config, TableSource tables, RouterOptions options, RetryPolicy retry,
      String backendPassword) {
    this.backendPassword = backendPassword;
    this.config = config;
    this.tables = tables;
    this.router = new Router(table, options, clients, this::infoSections);
    this.metrics = new ProxyMetrics(table, ProxyMetrics.SLOW_MICROS_DEFAULT);
    this.runner = new RouteRunner(router, tables, retry, config.limits().requestDeadlineMs(), metrics);
    this.retry = retry;
  }

  /**
   * Turns reads from replicas on ({@code --read-from-replica}): readonly requests of one group go
   * to a replica the proxy's own probes find fresh ({@link ReplicaHealth}). Call once, before or
   * after {@link #start()}.
   */
  public void readFromReplicas(ReplicaReadOptions options) {
    ReplicaHealth health = new ReplicaHealth(tables, options, config.limits(), config.respLimits(),
        backendPassword).start();
    replicaHealth = health;
    router.readFromReplicas(health);
  }

  /** The replica health check, or null when reads from replicas are off. */
  public ReplicaHealth replicaHealth() {
    return replicaHealth;
  }

  /** Facts of the proxy's own INFO sections, read at the time of the request. */
  private InfoSections infoSections() {
    Map<String, Map<String, String>> f = new LinkedHashMap<>();
    Map<String, String> server = new LinkedHashMap<>();
    server.put("redis_version", "7.0.15");
    server.put("redis_mode", "proxy");
    server.put("codis_proxy_id", config.id());
    server.put("process_id", Long.toString(ProcessHandle.current().pid()));
    server.put("tcp_port", serverChannel == null ? "0"
        : Integer.toString(((InetSocketAddress) serverChannel.localAddress()).getPort()));
    long up = (System.currentTimeMillis() - startedAtMs) / 1000;
    server.put("uptime_in_seconds", Long.toString(up));
    server.put("uptime_in_days", Long.toString(up / 86400));
    server.put("event_loops", Integer.toString(config.eventLoops()));
    f.put("server", server);
    Map<String, String> cl = new LinkedHashMap<>();
    cl.put("connected_clients", Integer.toString(sessions.get()));
    cl.put("maxclients", Integer.toString(config.limits().clientsMax()));
    f.put("clients", cl);
    Map<String, String> proxy = new LinkedHashMap<>();
    io.codis.proxy.route.SlotTable t = tables.usable();
    proxy.put("serving", t == null ? "no" : "yes");
    proxy.put("down_reason", t == null ? tables.downReason() : "");
    proxy.put("requests_in_flight", Long.toString(inFlight.sum()));
    ProxyMetrics.Snapshot m = metrics.snapshot();
    proxy.put("requests_total", Long.toString(m.requests()));
    proxy.put("retries_total", Long.toString(m.retries()));
    proxy.put("latency_p50_us", Long.toString(m.p50Micros()));
    proxy.put("latency_p99_us", Long.toString(m.p99Micros()));
    proxy.put("latency_p999_us", Long.toString(m.p999Micros()));
    ReplicaHealth health = replicaHealth;
    proxy.put("read_from_replica", health == null ? "no" : "yes");
    if (health != null) {
      proxy.put("replica_reads_total", Long.toString(health.reads()));
      int i = 0;
      for (Map.Entry<String, String> e : health.states().entrySet()) {
        // As Redis's slave0:ip=...,state=... lines (an address holds a ':', so not as the key).
        proxy.put("replica" + i++, "addr=" + e.getKey() + ",state=" + e.getValue());
      }
    }
    f.put("proxy", proxy);
    return new InfoSections(f);
  }

  /** Binds and returns the port actually bound (useful with port 0). */
  public int start() throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> serverType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    clientChannelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    acceptor = new MultiThreadIoEventLoopGroup(1, io);
    workers = new MultiThreadIoEventLoopGroup(config.eventLoops(), io);
    RespValueEncoder encoder = new RespValueEncoder();
    ServerBootstrap b = new ServerBootstrap()
        .group(acceptor, workers)
        .channel(serverType)
        .option(ChannelOption.SO_BACKLOG, 511)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        // Above 1 MiB of unsent replies the client counts as not reading: stop reading it.
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (sessions.incrementAndGet() > config.limits().clientsMax()) {
              sessions.decrementAndGet();
              ch.writeAndFlush(Unpooled.wrappedBuffer(TOO_MANY_CLIENTS)).addListener(ChannelFutureListener.CLOSE);
              return;
            }
            ch.pipeline().addLast(RespRequestDecoder.keepingFrames(config.respLimits()), encoder,
                new ClientSession(ProxyServer.this, nextClientId.incrementAndGet()));
          }
        });
    serverChannel = b.bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
    int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    LOG.info("codis-proxy {} listening on {}:{} ({} transport, {} event loops)", config.id(),
        config.bind(), port, epoll ? "epoll" : "nio", config.eventLoops());
    return port;
  }

  BackendPool poolOf(EventLoop loop) {
    return pools.computeIfAbsent(loop,
        l -> new BackendPool(l, clientChannelType, config.limits(), config.respLimits(), backendPassword));
  }

  CommandTable table() {
    return table;
  }

  Router router() {
    return router;
  }

  /** The retry budget, for what sessions send outside the runner (dedicated connections, PUBLISH). */
  RetryPolicy retry() {
    return retry;
  }

  RouteRunner runner() {
    return runner;
  }

  Clients clients() {
    return clients;
  }

  /** Request counters, latency and the slow-request ring (admin port). */
  public ProxyMetrics metrics() {
    return metrics;
  }

  /** The backend pools, one per event loop (admin port; use each only on its loop). */
  public java.util.Collection<BackendPool> pools() {
    return pools.values();
  }

  /** The source of slot tables this proxy routes with. */
  public TableSource tableSource() {
    return tables;
  }

  TableSource tables() {
    return tables;
  }

  ProxyLimits limits() {
    return config.limits();
  }

  LongAdder inFlight() {
    return inFlight;
  }

  void sessionClosed() {
    sessions.decrementAndGet();
  }

  /** Connected clients. */
  public int sessionCount() {
    return sessions.get();
  }

  /** Requests received and not yet answered, across all clients. */
  public long inFlightCount() {
    return inFlight.sum();
  }

  /**
   * Graceful stop: stop accepting, give in-flight requests up to {@link #DRAIN_MS_MAX} to be
   * answered, then close clients and backend connections. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS_MAX);
    while (inFlight.sum() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ReplicaHealth health = replicaHealth;
    if (health != null) {
      health.close();
    }
    for (BackendPool pool : pools.values()) {
      pool.loopExecute(pool::closeAll);
    }
    if (workers != null) {
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (acceptor != null) {
      acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    LOG.info("codis-proxy {} stopped", config.id());
  }
}
