package io.codis.meta.server.http;

import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.server.raft.ApiReply;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty HTTP/1.1 server for the JSON API. Requests are aggregated up to {@link #BODY_BYTES_MAX}
 * (larger ones get 413), handled asynchronously, and answered on the channel's event loop.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  public static final int BODY_BYTES_MAX = 1 << 20;
  private static final int EVENT_LOOP_THREADS = 2;

  private final HttpApi api;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(EVENT_LOOP_THREADS,
      NioIoHandler.newFactory());
  private Channel channel;

  public HttpServer(HttpApi api) {
    this.api = api;
  }

  public int start(String host, int port) throws InterruptedException {
    channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(BODY_BYTES_MAX),
                new Handler());
          }
        }).bind(host, port).sync().channel();
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      if (!req.decoderResult().isSuccess()) {
        reply(ctx, ApiReply.error(ErrorCode.BAD_REQUEST, "malformed HTTP request"), false);
        return;
      }
      QueryStringDecoder uri = new QueryStringDecoder(req.uri());
      byte[] body = ByteBufUtil.getBytes(req.content());
      api.handle(req.method().name(), uri.rawPath(), uri.parameters(), body, ctx.executor())
          .whenComplete((r, e) -> {
            ApiReply out = e != null ? ApiReply.error(ErrorCode.INTERNAL, String.valueOf(e)) : r;
            ctx.executor().execute(() -> reply(ctx, out, keepAlive));
          });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof TooLongFrameException) {
        reply(ctx, ApiReply.error(ErrorCode.TOO_LARGE,
            "body length (expected: <= " + BODY_BYTES_MAX + ")"), false);
        return;
      }
      LOG.debug("closing HTTP connection: {}", cause.toString());
      ctx.close();
    }
  }

  private static void reply(ChannelHandlerContext ctx, ApiReply r, boolean keepAlive) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.json()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    HttpUtil.setContentLength(resp, r.json().length);
    if (keepAlive) {
      HttpUtil.setKeepAlive(resp, true);
      ctx.writeAndFlush(resp);
    } else {
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
