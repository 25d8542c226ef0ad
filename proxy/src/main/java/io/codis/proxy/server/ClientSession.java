package io.codis.proxy.server;

import io.codis.protocol.resp.ProtocolError;
import io.codis.protocol.resp.RespValue;
import io.codis.proxy.backend.BackendPool;
import io.codis.proxy.route.ClientState;
import io.codis.proxy.route.Route;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;

/**
 * One client connection. Requests are routed as they are decoded; each gets a {@link Pending}
 * entry in arrival order, and replies are written strictly in that order, whatever order the
 * backends answer in. Everything runs on the client's event loop, as do the backend connections it
 * uses, so no state here is shared with another thread.
 *
 * <p>Backpressure: when {@link io.codis.proxy.ProxyLimits#pipelineDepthMax()} requests wait for
 * replies, or the client does not read its replies (the channel is not writable), the session
 * stops reading the socket; it reads again once the depth is back to half the limit and the
 * channel is writable. The client is slowed by TCP, not by a queue in the proxy.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {
  /** A reply slot: done once its value is known. */
  private static final class Pending {
    RespValue value;
    boolean close;
  }

  private final ProxyServer server;
  private final long id;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private BackendPool pool;
  private ClientState state;
  private boolean flushScheduled;
  private boolean closing;

  ClientSession(ProxyServer server, long id) {
    this.server = server;
    this.id = id;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.pool = server.poolOf(ctx.channel().eventLoop());
    this.state = new ClientState(id, String.valueOf(ctx.channel().remoteAddress()).replaceFirst("^/", ""),
        String.valueOf(ctx.channel().localAddress()).replaceFirst("^/", ""),
        server.router().options().requirepass() == null);
    server.clients().opened(state);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      return;
    }
    if (msg instanceof ProtocolError e) {
      // Redis answers a protocol error (unless silent) and closes the connection.
      if (e.silent()) {
        closing = true;
        ctx.close();
        return;
      }
      Pending p = enqueue();
      p.close = true;
      complete(p, new RespValue.ErrorValue(e.replyText().replace('\r', ' ').replace('\n', ' ')));
      return;
    }
    byte[][] argv = (byte[][]) msg;
    if (argv.length == 0) {
      return;
    }
    dispatch(argv, server.router().route(argv, server.tables(), state));
  }

  private void dispatch(byte[][] argv, Route route) {
    Pending p = enqueue();
    if (route instanceof Route.Reply r) {
      p.close = r.close();
    }
    // Forwarding, fan-out merges, MOVED/TRYAGAIN retries and metrics: route.RouteRunner.
    server.runner().run(argv, route, state, ctx.channel().eventLoop(), pool, v -> complete(p, v));
  }

  private Pending enqueue() {
    Pending p = new Pending();
    pending.add(p);
    server.inFlight().increment();
    if (pending.size() >= server.limits().pipelineDepthMax()) {
      ctx.channel().config().setAutoRead(false);
    }
    return p;
  }

  private void complete(Pending p, RespValue value) {
    p.value = value;
    if (pending.peek() == p) {
      drain();
    }
  }

  /** Writes every finished reply at the head of the queue, in order. */
  private void drain() {
    Pending head;
    boolean wrote = false;
    while ((head = pending.peek()) != null && head.value != null) {
      pending.poll();
      server.inFlight().decrement();
      if (closing) {
        continue;
      }
      ctx.write(head.value, ctx.voidPromise());
      wrote = true;
      if (head.close) {
        closing = true;
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }
    if (wrote && !flushScheduled && !closing) {
      flushScheduled = true;
      ctx.channel().eventLoop().execute(() -> {
        flushScheduled = false;
        ctx.flush();
      });
    }
    maybeResumeReading();
  }

  private void maybeResumeReading() {
    if (!closing && !ctx.channel().config().isAutoRead()
        && pending.size() <= server.limits().pipelineDepthMax() / 2 && ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(false);
    } else {
      maybeResumeReading();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    if (state != null) {
      server.clients().closed(state);
    }
    server.sessionClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** Requests waiting for replies (tests). */
  int depth() {
    return pending.size();
  }
}
