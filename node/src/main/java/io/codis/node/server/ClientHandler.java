package io.codis.node.server;

import io.codis.node.exec.Dispatcher;
import io.codis.node.exec.NodeServices;
import io.codis.protocol.resp.ProtocolError;
import io.codis.protocol.resp.RespRequestDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per connection: hands decoded commands to the dispatcher and flushes the replies of a read
 * batch together. Runs on the node's single event loop, which is also the execution thread.
 */
public final class ClientHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

  private final NodeServices node;
  private final Dispatcher dispatcher;
  private final RespRequestDecoder decoder;
  private Session session;

  public ClientHandler(NodeServices node, Dispatcher dispatcher, RespRequestDecoder decoder) {
    this.node = node;
    this.dispatcher = dispatcher;
    this.decoder = decoder;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    boolean open = node.configStore().requirepass() == null;
    session = new Session(node.clients().nextId(), ctx.channel(), System.currentTimeMillis(), open);
    session.decoder(decoder);
    session.flushGate(node.flushGate());
    decoder.authenticated(open);
    if (node.clients().size() >= node.configStore().maxclients()) {
      node.stats().connectionRejected();
      session.out().error("ERR max number of clients reached");
      session.closeAfterReply();
      session.flush();
      return;
    }
    node.clients().add(session);
    node.stats().connectionAccepted();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (session.closing()) {
      return;
    }
    if (msg instanceof byte[][] argv) {
      dispatcher.onCommand(session, argv);
    } else if (msg instanceof ProtocolError error) {
      if (error.silent()) {
        // no reply to carry the close: close now (Redis: freeClientAsync, nothing sent)
        LOG.warn("closing client id={}: {}", session.id(), error.reason());
        session.closeAfterReply();
        session.flush();
        ctx.close();
        return;
      }
      session.out().raw(error.encodedReply());
      session.closeAfterReply();
      session.flush();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    session.flush();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && !session.blocked() && session.subscriptionCount() == 0) {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (session != null) {
      node.clients().remove(session);
      node.blocking().disconnected(session);
      node.watches().unwatchAll(session);
      node.onDisconnect(session);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof java.io.IOException) {
      LOG.debug("client id={} connection error: {}", session == null ? -1 : session.id(), cause.toString());
    } else {
      LOG.error("client id={} closed after an internal error", session == null ? -1 : session.id(), cause);
    }
    ctx.close();
  }
}
