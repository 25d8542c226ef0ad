package io.codis.proxy.server;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.Slots;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.resp.FramedRequest;
import io.codis.protocol.resp.ProtocolError;
import io.codis.protocol.resp.RespValue;
import io.codis.proxy.backend.BackendConnection;
import io.codis.proxy.backend.BackendPool;
import io.codis.proxy.backend.RawReplySink;
import io.codis.proxy.backend.ReplySink;
import io.codis.proxy.route.ClientState;
import io.codis.proxy.route.Replies;
import io.codis.proxy.route.Route;
import io.codis.proxy.route.SlotTable;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client connection. Requests are routed as they are decoded; each gets a {@link Pending}
 * entry in arrival order, and replies are written strictly in that order, whatever order the
 * backends answer in. Everything runs on the client's event loop, as do the backend connections it
 * uses, so no state here is shared with another thread.
 *
 * <p>Every routed request goes through {@link io.codis.proxy.route.RouteRunner} (MOVED/TRYAGAIN
 * retries, fan-out merges, replies passed through as raw bytes). Metrics: each request is counted
 * once, when its reply is complete ({@link #release}), whichever path served it.
 *
 * <p>Connection state ({@link ClientState}): the RESP version ({@code HELLO}), subscriptions ({@link PubSub}, on
 * dedicated backend connections), a transaction or watch ({@link Transaction}, pinned to one
 * dedicated connection) and the dedicated connections of blocking commands ({@link #dedicated}).
 * A blocked or subscribed client therefore never holds up the shared pipelined connections.
 *
 * <p>Backpressure: when {@link io.codis.proxy.ProxyLimits#pipelineDepthMax()} requests wait for
 * replies, or the client does not read its replies (the channel is not writable), the session
 * stops reading the socket, and stops reading its subscriber connections; it reads again once the
 * depth is back to half the limit and the channel is writable. The client is slowed by TCP, not by
 * a queue in the proxy.
 *
 * <p>Request bytes: the decoder hands most requests over as a {@link FramedRequest} (arguments
 * plus a retained slice of their wire bytes). The session holds that slice while it serves the
 * request ({@link #readingFramed}) and releases it once {@link #serve} returns, whatever happened;
 * the route runner sends it, retained, where the request goes to a node unchanged. A request held
 * while the client is blocked keeps its slice until it is served, or until the connection closes.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {
  /**
   * A reply slot: done once its value (or every frame of a multi-frame reply such as SUBSCRIBE's
   * confirmations) is known. {@code holds} counts what it still waits for.
   */
  static final class Pending {
    /** A {@link RespValue}, or a node's reply as bytes ({@link ByteBuf}, owned until written). */
    Object value;
    RespValue[] frames;
    int holds = 1;
    boolean close;
    /** The request this answers, for the metrics; null for pushes and protocol errors. */
    byte[][] argv;
    int command;
    long startedNanos;
  }

  /** Waits for nothing: stands for a backend confirmation that no client reply waits for. */
  static final Pending SWALLOW = new Pending();

  /** Commands a RESP2 client may send while subscribed (Redis's list). */
  private static final Set<String> ALLOWED_WHILE_SUBSCRIBED = Set.of("subscribe", "ssubscribe",
      "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "ping", "quit", "reset");
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESET = "reset".getBytes(StandardCharsets.US_ASCII);

  private final ProxyServer server;
  private final long id;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  /** Connections of blocking commands and transactions, by node address; this client's only. */
  private final Map<String, BackendConnection> dedicated = new HashMap<>();
  private ChannelHandlerContext ctx;
  private BackendPool pool;
  private ClientState state;
  /** The request being read (the metrics' start time and arguments), null between requests. */
  private byte[][] reading;
  /** The request being served with its wire bytes, or null; owned (released) by {@link #read}. */
  private FramedRequest readingFramed;
  private long readingSinceNanos;
  private boolean flushScheduled;
  private boolean closing;
  private PubSub pubsub;
  private Transaction tx;
  /**
   * The blocking command this client waits on, or null. Like Redis, which runs nothing more of a
   * blocked client, requests read meanwhile wait in {@link #heldWhileBlocked} (bounded by the
   * pipeline depth: beyond it the socket is not read) and run when the blocking reply arrives.
   */
  private Pending blockedOn;
  private final ArrayDeque<Object> heldWhileBlocked = new ArrayDeque<>();
  private final SessionRetry retries = new SessionRetry(this);

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
      ReferenceCountUtil.release(msg);
      return;
    }
    if (blockedOn != null) {
      heldWhileBlocked.add(msg);
      if (heldWhileBlocked.size() >= server.limits().pipelineDepthMax()) {
        ctx.channel().config().setAutoRead(false);
      }
      return;
    }
    read(msg);
  }

  private void read(Object msg) {
    if (msg instanceof FramedRequest framed) {
      readingFramed = framed;
      try {
        read(framed.argv());
      } finally {
        readingFramed = null;
        framed.release();
      }
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
    reading = argv;
    readingSinceNanos = System.nanoTime();
    try {
      serve(argv);
    } finally {
      reading = null;
    }
  }

  private void serve(byte[][] argv) {
    if (argv.length == 1 && named(argv[0], RESET)) {
      reset();
      return;
    }
    if (tx != null && tx.queueing()) {
      tx.onCommand(argv);
      return;
    }
    Route route = server.router().route(argv, server.tables(), state);
    if (state.protover() == 2 && pubsub != null && pubsub.active() && !allowedWhileSubscribed(argv, route)) {
      return;
    }
    if (route instanceof Route.Stateful s) {
      stateful(s.spec(), argv);
      return;
    }
    if (argv.length >= 2 && named(argv[0], HELLO) && route instanceof Route.Reply r
        && !(r.value() instanceof RespValue.ErrorValue)) {
      protocol(argv[1][0] == '3' ? 3 : 2);
    }
    dispatch(argv, route);
  }

  /**
   * RESP2 subscribed context: only (P|S)(UN)SUBSCRIBE, PING, QUIT and RESET. PING answers as
   * Redis does there ({@code ["pong", msg]}); anything else gets Redis's error. Returns true when
   * the request should be served normally.
   */
  private boolean allowedWhileSubscribed(byte[][] argv, Route route) {
    if (route instanceof Route.Reply r && r.value() instanceof RespValue.ErrorValue) {
      return true; // unknown command and arity errors come first, as in Redis
    }
    CommandSpec spec = server.table().resolve(argv);
    String name = spec.name();
    if (!ALLOWED_WHILE_SUBSCRIBED.contains(name)) {
      reply(Replies.error(ErrorCode.ERR, "Can't execute '" + name
          + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
      return false;
    }
    if (name.equals("ping")) {
      reply(new RespValue.ArrayValue(List.of(Replies.bulk("pong"),
          Replies.bulk(argv.length > 1 ? argv[1] : new byte[0]))));
      return false;
    }
    return true;
  }

  /** Commands of policies PUBSUB, BLOCKING and TRANSACTION. */
  private void stateful(CommandSpec spec, byte[][] argv) {
    switch (spec.policy()) {
      case TRANSACTION -> transaction().control(spec, argv);
      case BLOCKING -> blocking(spec, argv);
      case PUBSUB -> pubsubCommand(spec, argv);
      default -> throw new IllegalStateException("policy " + spec.policy());
    }
  }

  private void pubsubCommand(CommandSpec spec, byte[][] argv) {
    switch (spec.name()) {
      case "subscribe" -> pubsub().subscribe(PubSub.Kind.CHANNEL, argv);
      case "psubscribe" -> pubsub().subscribe(PubSub.Kind.PATTERN, argv);
      case "ssubscribe" -> pubsub().subscribe(PubSub.Kind.SHARD, argv);
      case "unsubscribe" -> pubsub().unsubscribe(PubSub.Kind.CHANNEL, argv);
      case "punsubscribe" -> pubsub().unsubscribe(PubSub.Kind.PATTERN, argv);
      case "sunsubscribe" -> pubsub().unsubscribe(PubSub.Kind.SHARD, argv);
      case "publish", "spublish" -> forwardBySlot(argv, argv[1]);
      default -> PubSubQueries.run(this, spec, argv);
    }
  }

  /**
   * BLPOP and friends: every key in one slot, sent on this client's dedicated connection to that
   * slot's master with a deadline of the command's own timeout plus the request deadline (none for
   * timeout 0), so a legitimately blocked command is never cut off.
   */
  private void blocking(CommandSpec spec, byte[][] argv) {
    SlotTable table = table();
    if (table == null) {
      reply(Replies.error(ErrorCode.CLUSTERDOWN, server.tables().downReason()));
      return;
    }
    int slot = Transaction.slotOf(spec, argv, table.slotCount());
    if (slot == Transaction.CROSS) {
      reply(Replies.error(ErrorCode.CROSSSLOT, Replies.CROSSSLOT));
      return;
    }
    Pending p = enqueue();
    blockedOn = p;
    sendBlocking(spec, argv, slot, p, retries.start());
  }

  /**
   * Sends a blocking command to its slot's master now; a node's "not executed" answer (it comes
   * before the command blocks) is retried within the budget on the then current master.
   */
  private void sendBlocking(CommandSpec spec, byte[][] argv, int slot, Pending p, SessionRetry.Budget b) {
    String master = masterOf(slot, p);
    if (master != null) {
      sendDedicated(master, argv, retries.retrying(passThrough(p), b, () -> sendBlocking(spec, argv, slot, p, b)),
          BlockingDeadline.of(spec, argv, server.limits().requestDeadlineMs(), System.nanoTime()));
    }
  }

  /**
   * The master serving {@code slot} ({@link Transaction#NO_KEYS}: the first master) in the current
   * table, or null after answering {@code p} with the CLUSTERDOWN that says why there is none.
   */
  String masterOf(int slot, Pending p) {
    SlotTable table = table();
    if (table == null) {
      complete(p, Replies.error(ErrorCode.CLUSTERDOWN, server.tables().downReason()));
      return null;
    }
    String master = slot == Transaction.NO_KEYS ? first(table) : table.masterOf(slot);
    if (master == null) {
      complete(p, Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
    }
    return master;
  }

  /** The blocking reply arrived: run what the client sent meanwhile, until it blocks again. */
  private void unblocked() {
    blockedOn = null;
    Object next;
    while (blockedOn == null && !closing && (next = heldWhileBlocked.poll()) != null) {
      read(next);
    }
    if (heldWhileBlocked.isEmpty()) {
      maybeResumeReading();
    }
  }

  /**
   * Sends to the master of {@code key}'s slot on the shared connection (PUBLISH, SPUBLISH),
   * retried like a keyed command when a node refuses it before running it.
   */
  private void forwardBySlot(byte[][] argv, byte[] key) {
    SlotTable table = table();
    if (table == null) {
      reply(Replies.error(ErrorCode.CLUSTERDOWN, server.tables().downReason()));
      return;
    }
    Pending p = enqueue();
    publish(argv, Slots.slotOf(key, table.slotCount()), p, retries.start());
  }

  private void publish(byte[][] argv, int slot, Pending p, SessionRetry.Budget b) {
    String master = masterOf(slot, p);
    if (master != null) {
      forward(master, argv, retries.retrying(passThrough(p), b, () -> publish(argv, slot, p, b)));
    }
  }

  /**
   * RESET: leaves subscribed mode and any transaction, back to RESP2, clears the name and, with
   * {@code --requirepass}, de-authenticates (as Redis does), {@code +RESET}.
   */
  private void reset() {
    state.touched("reset");
    state.reset(server.router().options().requirepass() == null);
    if (pubsub != null) {
      pubsub.close();
      pubsub = null;
    }
    if (tx != null) {
      tx.reset();
      tx = null;
    }
    protocol(2);
    reply(new RespValue.SimpleString("RESET"));
  }

  /** Switches the RESP version; dedicated request/reply connections reopen in the new one. */
  private void protocol(int version) {
    if (version != state.protover()) {
      state.protover(version);
      closeDedicated("client switched protocol");
    }
  }

  /** Replies, forwards and fan-outs: route.RouteRunner (retries, merges, raw pass-through). */
  private void dispatch(byte[][] argv, Route route) {
    Pending p = enqueue();
    if (route instanceof Route.Reply r) {
      p.close = r.close();
    }
    ByteBuf frame = readingFramed != null && readingFramed.argv() == argv ? readingFramed.content() : null;
    server.runner().run(argv, frame, route, state, ctx.channel().eventLoop(), pool, passThrough(p));
  }

  /** A sink that puts the node's reply bytes, undecoded, in {@code p}. */
  RawReplySink passThrough(Pending p) {
    return new RawReplySink() {
      @Override
      public void raw(ByteBuf frame) {
        p.value = frame;
        release(p);
      }

      @Override
      public void reply(RespValue value) {
        complete(p, value);
      }
    };
  }

  /** Sends on the shared pipelined connection of this loop to {@code addr}. */
  void forward(String addr, byte[][] argv, ReplySink sink) {
    BackendConnection c = pool.get(addr, state.protover());
    if (c == null) {
      sink.reply(Replies.error(ErrorCode.BACKENDDOWN, pool.downReason(addr)));
      return;
    }
    c.send(argv, sink, System.nanoTime() + server.limits().requestDeadlineMs() * 1_000_000);
  }

  /**
   * Sends on this client's dedicated connection to {@code addr}, opening it when needed; returns
   * that connection (null when none could be opened: {@code sink} got BACKENDDOWN), so a WATCH can
   * tell later whether it still lives on the connection EXEC will use.
   */
  BackendConnection sendDedicated(String addr, byte[][] argv, ReplySink sink, long deadlineNanos) {
    BackendConnection c = dedicated.get(addr);
    if (c == null || c.isClosed()) {
      c = pool.openDedicated(addr, state.protover());
      if (c == null) {
        sink.reply(Replies.error(ErrorCode.BACKENDDOWN, pool.downReason(addr)));
        return null;
      }
      BackendConnection opened = c;
      dedicated.put(addr, c);
      c.closeListener(() -> dedicated.remove(addr, opened));
    }
    c.send(argv, sink, deadlineNanos);
    return c;
  }

  /** The open dedicated connection to {@code addr}, or null. */
  BackendConnection dedicatedTo(String addr) {
    BackendConnection c = dedicated.get(addr);
    return c == null || c.isClosed() ? null : c;
  }

  long requestDeadlineNanos() {
    return System.nanoTime() + server.limits().requestDeadlineMs() * 1_000_000;
  }

  private void closeDedicated(String reason) {
    for (BackendConnection c : dedicated.values().toArray(new BackendConnection[0])) {
      c.close(reason);
    }
    dedicated.clear();
  }

  Pending enqueue() {
    Pending p = new Pending();
    if (reading != null) {
      p.argv = reading;
      p.startedNanos = readingSinceNanos;
      p.command = server.metrics().indexOf(state.lastCommand());
      reading = null; // one reply per request: later enqueues of this read are not requests
    }
    pending.add(p);
    server.inFlight().increment();
    if (pending.size() >= server.limits().pipelineDepthMax()) {
      ctx.channel().config().setAutoRead(false);
    }
    return p;
  }

  /** A reply of several frames, each known now; it waits for {@code hold}s until released. */
  Pending enqueueFrames(RespValue[] frames) {
    Pending p = enqueue();
    p.frames = frames;
    return p;
  }

  /** {@code p} waits for one more thing (a backend confirmation). */
  void hold(Pending p) {
    if (p != SWALLOW) {
      p.holds++;
    }
  }

  /** One thing {@code p} waited for arrived; at zero the reply can be written. */
  void release(Pending p) {
    if (p == SWALLOW || p.holds <= 0 || --p.holds > 0) {
      return;
    }
    if (p == blockedOn) {
      ctx.channel().eventLoop().execute(this::unblocked); // after this reply is written
    }
    if (p.argv != null) {
      server.metrics().record(p.command, System.nanoTime() - p.startedNanos,
          p.value instanceof RespValue v ? v : null, p.argv, state.addr());
    }
    if (pending.peek() == p) {
      drain();
    }
  }

  /** Answers the next request now (in order behind earlier ones). */
  void reply(RespValue value) {
    complete(enqueue(), value);
  }

  void complete(Pending p, RespValue value) {
    p.value = value;
    release(p);
  }

  /**
   * A pub/sub message from a subscriber connection: written as soon as every earlier reply is
   * (a subscription's confirmation always precedes its messages). RESP2 clients get an array.
   */
  void deliver(RespValue.PushValue push) {
    if (closing) {
      return;
    }
    RespValue v = state.protover() == 3 ? push : new RespValue.ArrayValue(push.elements());
    if (pending.isEmpty()) {
      ctx.write(v, ctx.voidPromise());
      scheduleFlush();
    } else {
      complete(enqueue(), v);
    }
  }

  /**
   * A null the proxy built itself (RANDOMKEY of an empty cluster, a nil of a merge) in the client's
   * protocol: RESP3 has one null, {@code _}, where RESP2 has {@code $-1} and {@code *-1}. Replies of
   * nodes pass through in the protocol their connection speaks, which is the client's.
   */
  private Object inProtocol(Object value) {
    if (state.protover() == 3
        && (value instanceof RespValue.BulkString b && b.isNull() || value instanceof RespValue.ArrayValue a && a.isNull())) {
      return RespValue.Null.INSTANCE;
    }
    return value;
  }

  /** Writes every finished reply at the head of the queue, in order. */
  private void drain() {
    Pending head;
    boolean wrote = false;
    while ((head = pending.peek()) != null && head.holds == 0) {
      pending.poll();
      server.inFlight().decrement();
      if (closing) {
        ReferenceCountUtil.release(head.value);
        continue;
      }
      if (head.frames != null) {
        for (RespValue f : head.frames) {
          ctx.write(inProtocol(f), ctx.voidPromise());
        }
      } else {
        ctx.write(inProtocol(head.value), ctx.voidPromise());
      }
      wrote = true;
      if (head.close) {
        closing = true;
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }
    if (wrote && !closing) {
      scheduleFlush();
    }
    maybeResumeReading();
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      ctx.channel().eventLoop().execute(() -> {
        flushScheduled = false;
        ctx.flush();
      });
    }
  }

  private void maybeResumeReading() {
    if (!closing && !ctx.channel().config().isAutoRead()
        && pending.size() <= server.limits().pipelineDepthMax() / 2 && ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    boolean writable = ctx.channel().isWritable();
    if (!writable) {
      ctx.channel().config().setAutoRead(false);
    } else {
      maybeResumeReading();
    }
    if (pubsub != null) {
      pubsub.reading(writable);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    if (pubsub != null) {
      pubsub.close();
    }
    closeDedicated("client connection closed");
    Object held;
    while ((held = heldWhileBlocked.poll()) != null) {
      ReferenceCountUtil.release(held); // requests read while blocked, never served
    }
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

  // --- what the session's helpers (PubSub, Transaction, PubSubQueries) read

  SlotTable table() {
    return server.tables().usable();
  }

  String downReason() {
    return server.tables().downReason();
  }

  static String first(SlotTable table) {
    return table.masters().isEmpty() ? null : table.masters().get(0);
  }

  int protover() {
    return state.protover();
  }

  ClientState state() {
    return state;
  }

  BackendPool pool() {
    return pool;
  }

  EventLoop loop() {
    return ctx.channel().eventLoop();
  }

  boolean writable() {
    return ctx.channel().isWritable();
  }

  ProxyServer server() {
    return server;
  }

  SessionRetry retries() {
    return retries;
  }

  /** True once the client connection is closing: nothing more is sent for it. */
  boolean closed() {
    return closing;
  }

  private PubSub pubsub() {
    if (pubsub == null) {
      pubsub = new PubSub(this);
    }
    return pubsub;
  }

  private Transaction transaction() {
    if (tx == null) {
      tx = new Transaction(this);
    }
    return tx;
  }

  private static boolean named(byte[] arg, byte[] lowerName) {
    if (arg.length != lowerName.length) {
      return false;
    }
    for (int i = 0; i < arg.length; i++) {
      if ((arg[i] | 0x20) != lowerName[i]) {
        return false;
      }
    }
    return true;
  }

  /** Requests waiting for replies (tests). */
  int depth() {
    return pending.size();
  }
}
