package io.codis.proxy.server;

import io.codis.protocol.command.CommandTable;
import io.codis.protocol.resp.RespRequestDecoder;
import io.codis.protocol.resp.RespValueEncoder;
import io.codis.proxy.ProxyConfig;
import io.codis.proxy.ProxyLimits;
import io.codis.proxy.backend.BackendPool;
import io.codis.proxy.route.Router;
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
  private final Router router = new Router(table);
  private final Map<EventLoop, BackendPool> pools = new ConcurrentHashMap<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicLong nextClientId = new AtomicLong();
  private final LongAdder inFlight = new LongAdder();
  private final AtomicBoolean closing = new AtomicBoolean();
  private Class<? extends Channel> clientChannelType;
  private EventLoopGroup acceptor;
  private EventLoopGroup workers;
  private Channel serverChannel;

  public ProxyServer(ProxyConfig config, TableSource tables) {
    this.config = config;
    this.tables = tables;
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
            ch.pipeline().addLast(new RespRequestDecoder(config.respLimits()), encoder,
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
        l -> new BackendPool(l, clientChannelType, config.limits(), config.respLimits()));
  }

  CommandTable table() {
    return table;
  }

  Router router() {
    return router;
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
