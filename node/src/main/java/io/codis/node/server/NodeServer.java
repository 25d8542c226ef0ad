package io.codis.node.server;

import io.codis.node.NodeConfig;
import io.codis.node.exec.Dispatcher;
import io.codis.node.exec.NodeServices;
import io.codis.node.keyspace.MemoryKeyspace;
import io.codis.protocol.resp.RespRequestDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.codis.node.persistence.Persistence;
import io.codis.node.storage.FsyncMode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data node's RESP server. One event loop thread accepts, reads, executes and writes: commands
 * are atomic without locks, as in Redis, and a pipelined batch costs one wakeup. Native epoll is used
 * when available, NIO otherwise.
 */
public final class NodeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);
  /** Period of the active-expiry cycle and its time budget per run (Redis: 10 Hz, 25% of a tick). */
  static final long EXPIRE_CYCLE_PERIOD_MS = 100;
  static final long EXPIRE_CYCLE_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
  /** Period of the idle-client sweep. */
  static final long CLIENTS_CRON_PERIOD_MS = 1000;

  private final NodeConfig config;
  private final NodeServices services;
  private EventLoopGroup loop;
  private Channel serverChannel;
  private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

  public NodeServer(NodeConfig config) {
    this.config = config;
    MemoryKeyspace keyspace = new MemoryKeyspace(config.slotCount());
    this.services = new NodeServices(config, keyspace, System.currentTimeMillis());
    if ("yes".equals(services.configStore().get("appendonly"))) {
      // Every stored key is loaded before the listener binds: clients never see a partial dataset.
      // Under a maxmemory budget only the key index is: values warm on access (the memory tier).
      boolean lazy = Long.parseLong(services.configStore().get("maxmemory")) > 0;
      services.persistence(Persistence.open(Path.of(config.dir()),
          FsyncMode.parse(services.configStore().get("appendfsync")), keyspace, lazy));
    }
    services.tier(new io.codis.node.tier.MemoryTier(keyspace, services.persistence()));
    services.applyMemorySettings();
    services.replication(new io.codis.node.replication.Replication(services, io.codis.node.replication.ReplLimits.DEFAULTS));
    // SHUTDOWN closes this server; close() waits for the event loop, so it runs on its own thread.
    services.onShutdown(() -> new Thread(this::close, "shutdown").start());
  }

  public NodeServices services() {
    return services;
  }

  /** Binds and returns the port actually bound (useful with port 0). */
  public int start() throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    loop = new MultiThreadIoEventLoopGroup(1, io);
    if (services.persistence() != null) {
      services.persistence().loop(loop.next());
    }
    Dispatcher dispatcher = new Dispatcher(services);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loop)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 511)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    RespRequestDecoder decoder = new RespRequestDecoder(services.configStore().respLimits());
                    ch.pipeline().addLast(decoder, new ClientHandler(services, dispatcher, decoder));
                  }
                });
    serverChannel = bootstrap.bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
    loop.scheduleAtFixedRate(
        this::expireCycle, EXPIRE_CYCLE_PERIOD_MS, EXPIRE_CYCLE_PERIOD_MS, TimeUnit.MILLISECONDS);
    // The idle timeout is a CONFIG setting, so it is checked by a periodic sweep (as Redis's
    // clientsCron does) rather than fixed per channel at accept time.
    loop.scheduleAtFixedRate(
        () -> services.closeIdleClients(System.currentTimeMillis()),
        CLIENTS_CRON_PERIOD_MS, CLIENTS_CRON_PERIOD_MS, TimeUnit.MILLISECONDS);
    int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    services.replication().start(loop, port);
    services.migrations().start(loop.next());
    LOG.info("codis-node ready on {}:{} ({} transport, {} slots)", config.bind(), port,
        epoll ? "epoll" : "nio", config.slotCount());
    return port;
  }

  private void expireCycle() {
    services.keyspace().now(System.currentTimeMillis());
    services.keyspace().expireCycle(EXPIRE_CYCLE_BUDGET_NANOS);
    // The memory tier also settles between commands, so an idle node drops to its budget.
    services.tier().overBudgetAfterEviction();
  }

  /** Runs tasks on the execution thread (for code outside it, such as the cluster watch). */
  public java.util.concurrent.Executor executionThread() {
    return loop.next();
  }

  /** Waits until the server channel closes (SHUTDOWN or {@link #close()}). */
  public void awaitClose() throws InterruptedException {
    serverChannel.closeFuture().sync();
  }

  @Override
  public void close() {
    // SHUTDOWN, SIGTERM's hook and the owner may all call this; only the first one closes.
    if (!closing.compareAndSet(false, true)) {
      // A second caller (the exit hook after SHUTDOWN) waits, so the JVM does not halt mid-close.
      try {
        closed.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      closeOnce();
    } finally {
      closed.countDown();
    }
  }

  private void closeOnce() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    Persistence persistence = services.persistence();
    if (loop != null && !loop.isShuttingDown()) {
      // Replicas get the last writes before the links close, so they can continue after a restart.
      services.replication().drainForShutdown(io.codis.node.replication.Replication.SHUTDOWN_REPLICA_WAIT_MS);
      loop.submit(services.replication()::close).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    if (loop != null) {
      if (persistence != null && !loop.isShuttingDown()) {
        // Writes not yet committed (no reply flushed since) go to the store before it closes.
        loop.submit(persistence::commitDirty).awaitUninterruptibly(5, TimeUnit.SECONDS);
      }
      loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (persistence != null) {
      persistence.close();
    }
  }
}
