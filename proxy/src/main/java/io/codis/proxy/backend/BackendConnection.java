package io.codis.proxy.backend;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.resp.ProtocolError;
import io.codis.protocol.resp.RespValue;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One pipelined connection to a node, shared by every client session of one event loop and used
 * only from that loop. Requests are written as they come; replies come back in the same order, so
 * the reply at the head of the stream belongs to the oldest request in {@link #inFlight}.
 *
 * <p>Transition table (anything else is illegal):
 * <pre>
 *   CONNECTING --connected--------------------------&gt; READY   (buffered requests are written)
 *   CONNECTING --connect failed---------------------&gt; CLOSED  (requests: BACKENDDOWN, address backs off)
 *   READY      --closed, protocol error, deadline---&gt; CLOSED  (requests: BACKENDLOST or TIMEOUT)
 * </pre>
 *
 * <p>Deadlines: every request carries one. The connection checks its oldest request every
 * {@code deadlineCheckPeriodMs}; once that request is late the node is treated as stuck: the
 * connection is closed and every request on it answered {@code -TIMEOUT} (a late reply could not be
 * matched to its request any more). The next request opens a new connection.
 */
public final class BackendConnection extends ChannelInboundHandlerAdapter {
  private enum State { CONNECTING, READY, CLOSED }

  private record InFlight(ReplySink sink, long deadlineNanos) {}

  /** Deadline of a request that may wait forever (a blocking command with timeout 0). */
  public static final long NO_DEADLINE = Long.MAX_VALUE;
  private static final byte[][] HELLO_3 = {
      "HELLO".getBytes(StandardCharsets.US_ASCII), "3".getBytes(StandardCharsets.US_ASCII)};

  private final BackendPool pool;
  private final String addr;
  /** RESP version spoken on this connection; 3 sends {@code HELLO 3} before anything else. */
  private final int protover;
  /** Receives RESP3 pushes (pub/sub messages); null drops them (they never match a request). */
  private PushSink pushSink;
  /** Told once when the connection closes, whatever the reason (dedicated connections). */
  private Runnable closeListener;
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  /** Requests encoded while connecting, written once connected. */
  private final List<ByteBuf> unsent = new ArrayList<>();
  private State state = State.CONNECTING;
  private Channel channel;
  private boolean flushScheduled;
  private ScheduledFuture<?> deadlineCheck;

  private BackendConnection(BackendPool pool, String addr, int protover) {
    this.pool = pool;
    this.addr = addr;
    this.protover = protover;
  }

  static BackendConnection open(BackendPool pool, String addr, int protover) {
    BackendConnection c = new BackendConnection(pool, addr, protover);
    c.connect();
    if (protover == 3) {
      // Queued first, so it is the first request written once connected.
      c.send(HELLO_3, v -> {
        if (v instanceof RespValue.ErrorValue e) {
          c.fail(false, ErrorCode.BACKENDLOST, addr + " refused HELLO 3: " + e.text());
        }
      }, System.nanoTime() + pool.limits().requestDeadlineMs() * 1_000_000);
    }
    return c;
  }

  /** Where RESP3 pushes go (dedicated pub/sub connections); call before the first push can arrive. */
  public void pushSink(PushSink sink) {
    this.pushSink = sink;
  }

  /** Runs {@code listener} once when this connection closes (or now, when it already has). */
  public void closeListener(Runnable listener) {
    if (state == State.CLOSED) {
      listener.run();
    } else {
      this.closeListener = listener;
    }
  }

  /** Stops or resumes reading replies: a subscriber that does not read slows its node, not the proxy. */
  public void reading(boolean on) {
    if (channel != null) {
      channel.config().setAutoRead(on);
    }
  }

  public boolean isClosed() {
    return state == State.CLOSED;
  }

  public int protover() {
    return protover;
  }

  public String addr() {
    return addr;
  }

  private void connect() {
    int colon = addr.lastIndexOf(':');
    // Addresses in the table are numeric host:port, so this does not block the loop on DNS.
    InetSocketAddress remote =
        new InetSocketAddress(addr.substring(0, colon), Integer.parseInt(addr.substring(colon + 1)));
    Bootstrap b = new Bootstrap()
        .group(pool.loop())
        .channel(pool.channelType())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) pool.limits().backendConnectTimeoutMs())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new ReplySplitter(pool.respLimits()), BackendConnection.this);
          }
        });
    long period = pool.limits().deadlineCheckPeriodMs();
    deadlineCheck = pool.loop().scheduleAtFixedRate(this::checkDeadline, period, period, TimeUnit.MILLISECONDS);
    ChannelFuture f = b.connect(remote);
    channel = f.channel();
    f.addListener(done -> {
      if (done.isSuccess()) {
        connected();
      } else {
        fail(true, ErrorCode.BACKENDDOWN, "cannot connect to " + addr + ": " + done.cause().getMessage());
      }
    });
  }

  private void connected() {
    if (state != State.CONNECTING) {
      return; // closed meanwhile (shutdown or deadline)
    }
    state = State.READY;
    String password = pool.backendPassword();
    if (password != null) {
      // AUTH goes first on the wire, so its reply is the first one: put it at the queue's head.
      channel.write(encode(new byte[][] {"AUTH".getBytes(StandardCharsets.US_ASCII),
          password.getBytes(StandardCharsets.UTF_8)}), channel.voidPromise());
      inFlight.addFirst(new InFlight(reply -> {
        if (reply instanceof RespValue.ErrorValue e) {
          // Requests behind AUTH may still have run (a node without a password ran them): unknown.
          fail(false, ErrorCode.BACKENDLOST, "AUTH to " + addr + " refused: " + e.text());
        }
      }, System.nanoTime() + pool.limits().requestDeadlineMs() * 1_000_000));
    }
    for (ByteBuf buf : unsent) {
      channel.write(buf, channel.voidPromise());
    }
    unsent.clear();
    channel.flush();
  }

  /**
   * Sends one request; {@code sink} gets its reply or an error, exactly once. {@code deadlineNanos}
   * is a {@link System#nanoTime()} value or {@link #NO_DEADLINE}.
   */
  public void send(byte[][] argv, ReplySink sink, long deadlineNanos) {
    if (state == State.CLOSED) {
      sink.reply(error(ErrorCode.BACKENDDOWN, "connection to " + addr + " is closed"));
      return;
    }
    inFlight.add(new InFlight(sink, deadlineNanos));
    write(encode(argv));
  }

  /**
   * Sends a request already in RESP form (a client's own request bytes, forwarded unchanged), as
   * {@link #send(byte[][], ReplySink, long)} does. Takes ownership of {@code request}: it is
   * released once written, or here when the connection is closed.
   */
  public void sendBytes(ByteBuf request, ReplySink sink, long deadlineNanos) {
    if (state == State.CLOSED) {
      request.release();
      sink.reply(error(ErrorCode.BACKENDDOWN, "connection to " + addr + " is closed"));
      return;
    }
    inFlight.add(new InFlight(sink, deadlineNanos));
    write(request);
  }

  /**
   * Sends a request whose answer comes as a RESP3 push, not as a reply ((P|S)(UN)SUBSCRIBE on a
   * RESP3 connection): nothing waits for it in {@link #inFlight}. Dropped when closed.
   */
  public void sendPushing(byte[][] argv) {
    if (state != State.CLOSED) {
      write(encode(argv));
    }
  }

  private void write(ByteBuf buf) {
    if (state == State.CONNECTING) {
      unsent.add(buf);
      return;
    }
    channel.write(buf, channel.voidPromise());
    // One flush per loop iteration: requests of one client read (a pipeline) go out together.
    if (!flushScheduled) {
      flushScheduled = true;
      pool.loop().execute(() -> {
        flushScheduled = false;
        if (state == State.READY) {
          channel.flush();
        }
      });
    }
  }

  private ByteBuf encode(byte[][] argv) {
    int size = 16;
    for (byte[] a : argv) {
      size += a.length + 16;
    }
    ByteBuf buf = channel.alloc().ioBuffer(size);
    header(buf, '*', argv.length);
    for (byte[] a : argv) {
      header(buf, '$', a.length);
      buf.writeBytes(a);
      buf.writeShort(CRLF);
    }
    return buf;
  }

  private static final short CRLF = ('\r' << 8) | '\n';

  /** {@code <type><n>\r\n} without building a String. */
  private static void header(ByteBuf buf, char type, int n) {
    buf.writeByte(type);
    if (n < 10) {
      buf.writeByte('0' + n);
    } else {
      int digits = 0;
      for (int v = n; v > 0; v /= 10) {
        digits++;
      }
      int at = buf.writerIndex() + digits;
      buf.ensureWritable(digits);
      for (int v = n; v > 0; v /= 10) {
        buf.setByte(--at, '0' + v % 10);
      }
      buf.writerIndex(buf.writerIndex() + digits);
    }
    buf.writeShort(CRLF);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf frame) {
      try {
        reply(frame);
      } finally {
        frame.release();
      }
    } else if (msg instanceof ProtocolError e) {
      fail(false, ErrorCode.BACKENDLOST, addr + " broke the protocol: " + e.reason());
    }
  }

  /** One whole reply: a push goes to the push sink, anything else to the oldest request. */
  private void reply(ByteBuf frame) {
    if (frame.getByte(frame.readerIndex()) == '>') {
      if (pushSink != null) {
        pushSink.push((RespValue.PushValue) ReplyParser.parse(frame));
      }
      return;
    }
    InFlight head = inFlight.poll();
    if (head == null) {
      fail(false, ErrorCode.BACKENDLOST, addr + " sent a reply nobody asked for");
      return;
    }
    byte type = frame.getByte(frame.readerIndex());
    if (head.sink() instanceof RawReplySink raw && type != '-' && type != '!') {
      raw.raw(frame.retain());
    } else {
      head.sink().reply(ReplyParser.parse(frame));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(false, ErrorCode.BACKENDLOST, "connection to " + addr + " lost");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(false, ErrorCode.BACKENDLOST, "connection to " + addr + " failed: " + cause.getMessage());
  }

  private void checkDeadline() {
    InFlight head = inFlight.peek();
    if (head != null && head.deadlineNanos() != NO_DEADLINE && System.nanoTime() - head.deadlineNanos() > 0) {
      fail(false, ErrorCode.TIMEOUT, "no reply from " + addr + " within "
          + pool.limits().requestDeadlineMs() + " ms");
    }
  }

  /** Closes the connection; waiting requests are answered {@code -BACKENDLOST reason} (or DOWN, if never sent). */
  public void close(String reason) {
    fail(false, ErrorCode.BACKENDLOST, reason);
  }

  /** Moves to CLOSED once: answers every waiting request with {@code code} and closes the socket. */
  private void fail(boolean connectFailed, ErrorCode code, String reason) {
    if (state == State.CLOSED) {
      return;
    }
    if (state != State.READY) {
      code = ErrorCode.BACKENDDOWN; // never connected: nothing was written, nothing ran
    }
    state = State.CLOSED;
    deadlineCheck.cancel(false);
    pool.closed(this, connectFailed, reason);
    for (ByteBuf buf : unsent) {
      buf.release();
    }
    unsent.clear();
    channel.close();
    RespValue err = error(code, reason);
    InFlight f;
    while ((f = inFlight.poll()) != null) {
      f.sink().reply(err);
    }
    if (closeListener != null) {
      Runnable l = closeListener;
      closeListener = null;
      l.run();
    }
  }

  private static RespValue error(ErrorCode code, String message) {
    return new RespValue.ErrorValue(code.format(message));
  }
}
