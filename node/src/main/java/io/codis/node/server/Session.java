package io.codis.node.server;

import io.codis.protocol.resp.RespRequestDecoder;
import io.codis.protocol.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client connection's state. Touched only on the execution thread.
 *
 * <p>Replies are written into {@link #out()}, which collects every reply of one read batch and is
 * flushed once at the end of it ({@link #flush()}), so a pipeline of 16 commands costs one write
 * system call, not 16.
 */
public final class Session {
  private final long id;
  private final Channel channel;
  private final RespWriter writer = new RespWriter();
  private final long createdAtMs;
  private RespRequestDecoder decoder;
  private ByteBuf pending;
  private boolean flushScheduled;
  private String name = "";
  private boolean authenticated;
  private long lastInteractionMs;
  private String lastCommand = "NULL";
  private boolean closeAfterReply;
  private String libName = "";
  private String libVersion = "";
  private ReplyMode replyMode = ReplyMode.ON;
  private boolean noEvict;
  private boolean noTouch;
  private FlushGate flushGate;

  // MULTI/EXEC
  private List<byte[][]> multiQueue;
  private boolean multiAborted;
  private boolean watchedKeyTouched;
  private final Set<String> watchedKeys = new HashSet<>();

  // pub/sub
  private final Set<String> subscribedChannels = new HashSet<>();
  private final Set<String> subscribedPatterns = new HashSet<>();
  private final Set<String> subscribedShardChannels = new HashSet<>();

  // blocking: commands that arrived while this client was blocked wait here, in order
  private Object blockedState;
  private final ArrayDeque<byte[][]> heldCommands = new ArrayDeque<>();

  public Session(long id, Channel channel, long nowMs, boolean authenticated) {
    this.id = id;
    this.channel = channel;
    this.createdAtMs = nowMs;
    this.lastInteractionMs = nowMs;
    this.authenticated = authenticated;
  }

  public long id() {
    return id;
  }

  public Channel channel() {
    return channel;
  }

  public RespWriter writer() {
    return writer;
  }

  /** The writer, pointed at this session's reply buffer (allocating it if needed). */
  public RespWriter out() {
    if (pending == null) {
      pending = channel.alloc().ioBuffer(256);
      writer.buffer(pending);
    }
    return writer;
  }

  /** Writes the collected replies to the socket. */
  public void flush() {
    flushScheduled = false;
    if (pending == null) {
      return;
    }
    ByteBuf buffer = pending;
    pending = null;
    writer.buffer(null);
    if (!channel.isActive()) {
      buffer.release();
      return;
    }
    if (flushGate != null && flushGate.hold(this, buffer, closeAfterReply)) {
      return;
    }
    if (closeAfterReply) {
      channel.writeAndFlush(buffer).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    } else {
      channel.writeAndFlush(buffer, channel.voidPromise());
    }
  }

  /** Sets what sees replies before they are written (durability), or null. */
  public void flushGate(FlushGate gate) {
    this.flushGate = gate;
  }

  /**
   * Writes replies a {@link FlushGate} held, without flushing the socket (the caller flushes once);
   * false when the connection is gone (the buffer is freed).
   */
  public boolean writeReplies(ByteBuf buffer, boolean closeAfter) {
    if (!channel.isActive()) {
      buffer.release();
      return false;
    }
    if (closeAfter) {
      channel.write(buffer).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    } else {
      channel.write(buffer, channel.voidPromise());
    }
    return true;
  }

  /** Flushes after the current task: for replies written to this client by another (pub/sub, unblock). */
  public void flushSoon() {
    if (flushScheduled) {
      return;
    }
    flushScheduled = true;
    channel.eventLoop().execute(this::flush);
  }

  public void decoder(RespRequestDecoder value) {
    this.decoder = value;
  }

  public long createdAtMs() {
    return createdAtMs;
  }

  public String name() {
    return name;
  }

  public void name(String value) {
    this.name = value;
  }

  public String libName() {
    return libName;
  }

  public void libName(String value) {
    this.libName = value;
  }

  public String libVersion() {
    return libVersion;
  }

  public void libVersion(String value) {
    this.libVersion = value;
  }

  public boolean authenticated() {
    return authenticated;
  }

  public void authenticated(boolean value) {
    this.authenticated = value;
    if (decoder != null) {
      decoder.authenticated(value);
    }
  }

  public long lastInteractionMs() {
    return lastInteractionMs;
  }

  public void lastInteraction(long nowMs, String commandName) {
    this.lastInteractionMs = nowMs;
    this.lastCommand = commandName;
  }

  public String lastCommand() {
    return lastCommand;
  }

  /** Closes the connection once the pending replies are written (QUIT, protocol errors). */
  public void closeAfterReply() {
    this.closeAfterReply = true;
  }

  public boolean closing() {
    return closeAfterReply;
  }

  // ---- MULTI/EXEC ----

  public boolean inMulti() {
    return multiQueue != null;
  }

  public void beginMulti() {
    multiQueue = new ArrayList<>();
    multiAborted = false;
  }

  public List<byte[][]> multiQueue() {
    return multiQueue;
  }

  /** Ends MULTI state (EXEC, DISCARD, RESET); returns the queued commands. */
  public List<byte[][]> endMulti() {
    List<byte[][]> queued = multiQueue;
    multiQueue = null;
    multiAborted = false;
    return queued;
  }

  public void abortMulti() {
    multiAborted = true;
  }

  public boolean multiAborted() {
    return multiAborted;
  }

  /** Keys this client WATCHes, as ISO-8859-1 strings (one char per byte, compared by content). */
  public Set<String> watchedKeys() {
    return watchedKeys;
  }

  public boolean watchedKeyTouched() {
    return watchedKeyTouched;
  }

  public void watchedKeyTouched(boolean value) {
    this.watchedKeyTouched = value;
  }

  // ---- pub/sub ----

  public Set<String> subscribedChannels() {
    return subscribedChannels;
  }

  public Set<String> subscribedPatterns() {
    return subscribedPatterns;
  }

  public Set<String> subscribedShardChannels() {
    return subscribedShardChannels;
  }

  /** Subscriptions of every kind; a RESP2 client with any is in "subscribed" mode. */
  public int subscriptionCount() {
    return subscribedChannels.size() + subscribedPatterns.size() + subscribedShardChannels.size();
  }

  // ---- blocking ----

  public boolean blocked() {
    return blockedState != null;
  }

  /** What the blocking registry keeps about this client while it is blocked (opaque here). */
  public Object blockedState() {
    return blockedState;
  }

  public void blockedState(Object state) {
    this.blockedState = state;
  }

  /** Commands that arrived while blocked, executed in order once unblocked. */
  public ArrayDeque<byte[][]> heldCommands() {
    return heldCommands;
  }

  public int protocol() {
    return writer.protocol();
  }

  // ---- CLIENT REPLY, NO-EVICT, NO-TOUCH ----

  /** CLIENT REPLY: ON, OFF (no replies), or SKIP (no reply to the next command only). */
  public enum ReplyMode { ON, OFF, SKIP, SKIP_NEXT }

  public ReplyMode replyMode() {
    return replyMode;
  }

  public void replyMode(ReplyMode value) {
    this.replyMode = value;
  }

  public boolean noEvict() {
    return noEvict;
  }

  public void noEvict(boolean value) {
    this.noEvict = value;
  }

  public boolean noTouch() {
    return noTouch;
  }

  public void noTouch(boolean value) {
    this.noTouch = value;
  }

  /** The client's address as {@code ip:port} (CLIENT LIST addr). */
  public String remoteAddress() {
    return address(channel.remoteAddress());
  }

  /** The node's address this client connected to (CLIENT LIST laddr). */
  public String localAddress() {
    return address(channel.localAddress());
  }

  private static String address(java.net.SocketAddress address) {
    if (address instanceof java.net.InetSocketAddress inet) {
      String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
      return host + ":" + inet.getPort();
    }
    return address == null ? "?:0" : address.toString();
  }
}
