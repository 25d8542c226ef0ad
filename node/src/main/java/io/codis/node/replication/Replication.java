package io.codis.node.replication;

import io.codis.node.exec.NodeServices;
import io.codis.node.persistence.Persistence;
import io.codis.node.server.FlushGate;
import io.codis.node.server.Session;
import io.codis.protocol.command.CommandFlag;
import io.codis.protocol.command.CommandSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's replication state: its role, replication ids and offset, the effect log and backlog,
 * the replicas it feeds (as a master) or the master it follows (as a replica).
 *
 * <p><b>Effects.</b> As a master with a backlog, every key a command writes (reported by the
 * keyspace listener) is collected, and before any reply leaves (the {@link FlushGate} hook) or in a
 * task posted when the first key becomes dirty, each collected key's current state is appended to
 * the backlog as one {@link Effects} record (a batch of several in {@code multi ... exec}). So the
 * stream holds results, not commands, and a write is in the stream before its reply is sent: WAIT
 * and sync mode can wait for its offset. As in Redis the backlog is created when the first replica
 * connects; before that no effects are produced and the offset does not move.
 *
 * <p><b>Ids and offsets</b> follow Redis's PSYNC2: a replica takes its master's id and offset and
 * appends the master's stream to its own backlog byte for byte, so offsets are comparable across
 * the replicas of one master; a promoted replica keeps its offset, takes a new id and remembers the
 * old one ({@code master_replid2}) up to {@code second_repl_offset}, so the other replicas can
 * continue from it without a full sync.
 *
 * <p>Roles: MASTER --replicaOf--> REPLICA --becomeMaster--> MASTER; replicaOf on a replica switches
 * masters. Everything runs on the event loop.
 */
public final class Replication implements FlushGate, ReplicationControl {
  private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
  static final String NO_ID = "0000000000000000000000000000000000000000";
  public static final String READONLY = "READONLY You can't write against a read only replica.";
  public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
  public static final String LOADING = "LOADING Redis is loading the dataset in memory";

  private final NodeServices node;
  private final ReplLimits limits;
  private ReplSettings settings;
  private long settingsGeneration = -1;
  private EventLoopGroup group;
  private int listeningPort;

  private String replid = newId();
  private String replid2 = NO_ID;
  private long secondOffset = -1;
  /** Null until the first replica connects (or the node becomes a replica); offset is then this. */
  private Backlog backlog;
  private long offsetWithoutBacklog;

  private final List<ReplicaLink> replicas = new ArrayList<>();
  private final Map<Session, Integer> listeningPorts = new HashMap<>();
  private int nextReplicaNumber;
  private MasterLink master;

  private final Set<ByteBuffer> dirty = new LinkedHashSet<>();
  private final Set<Integer> flushedSlots = new TreeSet<>();
  private boolean flushedAll;
  private boolean emitPosted;
  private long lastPingMs;
  private final AckGate gate = new AckGate();
  private long syncFull;
  private long syncPartialOk;
  private long syncPartialErr;
  /** Cluster failover (docs/failover.md): the group epoch this node knows, 0 when standalone. */
  private long clusterEpoch;
  /** Whether replica acks may release held replies now (the master lease; always in standalone). */
  private java.util.function.BooleanSupplier ackReleaseAllowed = () -> true;
  private final DiscardedWrites discarded = new DiscardedWrites();

  public Replication(NodeServices node, ReplLimits limits) {
    this.node = node;
    this.limits = limits;
    settings();
  }

  private static String newId() {
    byte[] bytes = new byte[20];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Current settings, re-read only after a CONFIG SET. */
  ReplSettings settings() {
    long generation = node.configStore().generation();
    if (generation != settingsGeneration) {
      settings = ReplSettings.from(node.configStore());
      settingsGeneration = generation;
      if (backlog != null && backlog.capacityBytes() != settings.backlogBytes()) {
        resizeBacklog(settings.backlogBytes());
      }
    }
    return settings;
  }

  private void resizeBacklog(int bytes) {
    long from = Math.max(backlog.startOffset(), backlog.endOffset() - bytes);
    Backlog resized = new Backlog(bytes, from);
    resized.append(backlog.copy(from, (int) (backlog.endOffset() - from)));
    backlog = resized;
  }

  /** Starts the periodic checks and, with {@code replicaof} set at start-up, follows that master. */
  public void start(EventLoopGroup loop, int port) {
    this.group = loop;
    this.listeningPort = port;
    loop.scheduleAtFixedRate(this::cron, limits.cronPeriodMs(), limits.cronPeriodMs(), TimeUnit.MILLISECONDS);
    String replicaof = node.configStore().get("replicaof");
    if (replicaof != null && !replicaof.isBlank()) {
      String[] hostPort = replicaof.trim().split("\\s+");
      loop.execute(() -> replicaOf(hostPort[0], Integer.parseInt(hostPort[1])));
    }
  }

  /** Closes every replication connection (the node is stopping). */
  public void close() {
    if (master != null) {
      master.close();
    }
    for (ReplicaLink link : List.copyOf(replicas)) {
      link.channel.close();
    }
  }

  // ---- ReplicationControl ----

  @Override
  public void replicaOf(String host, int port) {
    if (master != null && master.host.equals(host) && master.port == port) {
      return;
    }
    if (master != null) {
      master.close();
    }
    emitPending();
    if (backlog == null) {
      backlog = new Backlog(settings().backlogBytes(), offsetWithoutBacklog);
    }
    dirty.clear();
    flushedSlots.clear();
    flushedAll = false;
    // Clients blocked in WAIT or sync mode wait for replicas of a master we no longer are.
    gate.release(o -> 0, Long.MAX_VALUE, sink());
    master = new MasterLink(host, port, group, channelType(), limits, new LinkCallbacks());
    LOG.info("replicating from {}:{} (replid {}, offset {})", host, port, replid, offset());
    master.connect();
  }

  @Override
  public void becomeMaster() {
    if (master == null) {
      return;
    }
    master.close();
    master = null;
    // PSYNC2: the old history stays valid up to here, under the old id.
    replid2 = replid;
    secondOffset = offset() + 1;
    replid = newId();
    LOG.info("promoted to master: replid {} (previous {} up to offset {})", replid, replid2, secondOffset - 1);
    // replicas of this node must learn the new id: they reconnect and continue with replid2
    for (ReplicaLink link : List.copyOf(replicas)) {
      link.channel.close();
    }
  }

  @Override
  public long offset() {
    return backlog == null ? offsetWithoutBacklog : backlog.endOffset();
  }

  @Override
  public boolean isReplica() {
    return master != null;
  }

  @Override
  public String replicationId() {
    return replid;
  }

  @Override
  public boolean linkUp() {
    return master == null || master.state() == MasterLink.State.CONNECTED;
  }

  /**
   * The group epoch from the cluster view. A replica tells its master at every handshake ({@code
   * REPLCONF epoch}); when the epoch grows past what its current master answered it had, the link
   * is dropped and re-established, so a master of an older epoch can no longer feed it (and learns
   * the newer epoch, which fences it).
   */
  @Override
  public void clusterEpoch(long epoch) {
    if (epoch <= clusterEpoch) {
      return;
    }
    clusterEpoch = epoch;
    if (master != null && master.masterEpoch() < epoch && master.state() != MasterLink.State.CONNECTING) {
      master.epochChanged(epoch);
    }
  }

  /** Replica acks release held replies (sync mode, WAIT) only while {@code allowed} says so. */
  public void ackReleaseGuard(java.util.function.BooleanSupplier allowed) {
    this.ackReleaseAllowed = allowed;
  }

  /** Writes this node had that its new master never saw, discarded by full resyncs (INFO cluster). */
  public DiscardedWrites discarded() {
    return discarded;
  }

  // ---- effects (master) ----

  /**
   * Deterministic single-key collection writes that may be shipped as the command itself instead of
   * the key's whole resulting state (which costs O(size) per write on a big collection). Each gives
   * the same result on a replica holding the same value: no time, no randomness, no other key.
   */
  static final Set<String> SHIPPABLE = Set.of("lpush", "rpush", "lpushx", "rpushx", "linsert", "lset", "lrem",
      "ltrim", "lpop", "rpop", "hset", "hmset", "hsetnx", "hdel", "hincrby", "sadd", "srem", "zadd", "zrem",
      "zincrby", "zpopmin", "zpopmax");

  private byte[] shipCandidate;
  private boolean shipKeyModified;
  private boolean shipOtherModified;
  private Session replaySession;

  /**
   * Called by the dispatcher before a command runs; true when it may be shipped as itself (then
   * {@link #afterCommand} must follow). Only outside transactions and re-runs, only for a key that
   * is absent or has no TTL (a replica never expires it on its own), and never while a full-sync
   * snapshot is being taken (the snapshot may catch the command's result, and a command, unlike a
   * key state, must not be applied twice).
   */
  public boolean beforeCommand(CommandSpec spec, byte[][] argv, boolean inTransactionOrRerun) {
    if (inTransactionOrRerun || argv.length < 2 || !producing() || !SHIPPABLE.contains(spec.name())
        || snapshotInProgress()) {
      return false;
    }
    byte[] key = argv[1];
    if (node.keyspace().get(key) != null && node.keyspace().expireAt(key) >= 0) {
      return false;
    }
    emitPending(); // everything before this command goes first
    shipCandidate = key;
    shipKeyModified = false;
    shipOtherModified = false;
    return true;
  }

  /** After a command {@link #beforeCommand} accepted: ship it if it wrote its key and nothing else. */
  public void afterCommand(byte[][] argv) {
    byte[] key = shipCandidate;
    shipCandidate = null;
    if (key == null || !shipKeyModified || shipOtherModified || flushedAll || !flushedSlots.isEmpty()
        || !producing()) {
      return; // nothing written, or more than the key: its state goes the usual way
    }
    dirty.remove(ByteBuffer.wrap(key));
    backlog.append(Effects.record(argv));
    pumpAll();
  }

  private boolean snapshotInProgress() {
    for (ReplicaLink link : replicas) {
      if (link.state == ReplicaLink.State.SNAPSHOT) {
        return true;
      }
    }
    return false;
  }

  /**
   * A replica that feeds replicas of its own relays its master's stream verbatim, shipped commands
   * included; so while it takes a snapshot for one of them it stops reading from its master, making
   * that snapshot exact (local expiry only deletes, and the master's del records are idempotent).
   */
  private void pauseMasterReads() {
    if (master != null) {
      master.readsPaused(snapshotInProgress());
    }
  }

  /** Runs a shipped command on this replica, through the command's own handler. */
  private void replay(byte[][] argv) throws Effects.BadRecord {
    if (replaySession == null) {
      replaySession = new Session(-1, new io.netty.channel.embedded.EmbeddedChannel(), System.currentTimeMillis(), true);
    }
    node.dispatcher().executeInTransaction(replaySession, argv);
    ByteBuf reply = replaySession.writer().buffer();
    boolean failed = reply != null && reply.isReadable() && reply.getByte(reply.readerIndex()) == '-';
    String error = failed ? reply.toString(StandardCharsets.UTF_8).trim() : null;
    replaySession.flush();
    ((io.netty.channel.embedded.EmbeddedChannel) replaySession.channel()).releaseOutbound();
    if (failed) {
      // the replica's data differs from the master's: resynchronise rather than diverge further
      throw new Effects.BadRecord("shipped " + new String(argv[0], StandardCharsets.UTF_8) + " failed: " + error);
    }
  }

  /** A key was written (keyspace listener). */
  public void keyModified(byte[] key) {
    if (shipCandidate != null) {
      if (java.util.Arrays.equals(key, shipCandidate)) {
        shipKeyModified = true;
      } else {
        shipOtherModified = true;
      }
    }
    if (producing()) {
      dirty.add(ByteBuffer.wrap(key));
      postEmit();
    }
  }

  public void flushedAll() {
    if (producing()) {
      dirty.clear();
      flushedSlots.clear();
      flushedAll = true;
      postEmit();
    }
  }

  public void flushedSlot(int slot) {
    if (producing()) {
      flushedSlots.add(slot);
      postEmit();
    }
  }

  private boolean producing() {
    return master == null && backlog != null;
  }

  private void postEmit() {
    if (!emitPosted && group != null) {
      emitPosted = true;
      group.execute(this::emitPending);
    }
  }

  /** Appends the state of every dirty key to the stream; returns true when anything was appended. */
  public boolean emitPending() {
    emitPosted = false;
    if (!producing() || (dirty.isEmpty() && !flushedAll && flushedSlots.isEmpty())) {
      return false;
    }
    List<byte[]> records = new ArrayList<>();
    if (flushedAll) {
      records.add(Effects.FLUSHALL);
    }
    for (int slot : flushedSlots) {
      records.add(Effects.slotFlushed(slot));
    }
    flushedAll = false;
    flushedSlots.clear();
    // Reading a key may expire it, which reports it dirty again: loop until nothing is left.
    while (!dirty.isEmpty()) {
      List<ByteBuffer> now = new ArrayList<>(dirty);
      dirty.clear();
      for (ByteBuffer wrapped : now) {
        byte[] key = wrapped.array();
        Object value = node.keyspace().get(key);
        records.add(value == null ? Effects.deleted(key) : Effects.keyState(key, value, node.keyspace().expireAt(key)));
      }
    }
    boolean atomic = records.size() > 1;
    if (atomic) {
      backlog.append(Effects.MULTI);
    }
    for (byte[] record : records) {
      backlog.append(record);
    }
    if (atomic) {
      backlog.append(Effects.EXEC);
    }
    pumpAll();
    return true;
  }

  private void pumpAll() {
    for (ReplicaLink link : replicas) {
      link.pumpSoon();
    }
  }

  // ---- refusals and reply gate ----

  /** The error refusing {@code spec} before it runs, or null (called by the dispatcher). */
  public String refusal(Session session, CommandSpec spec) {
    if (master != null) {
      if (master.state() == MasterLink.State.TRANSFER && !spec.is(CommandFlag.LOADING)) {
        return LOADING;
      }
      if (spec.is(CommandFlag.WRITE)) {
        return READONLY;
      }
      return null;
    }
    if (spec.is(CommandFlag.WRITE)) {
      ReplSettings s = settings();
      int needed = s.sync() ? Math.max(1, s.minReplicasToWrite()) : s.minReplicasToWrite();
      if (needed > 0 && goodReplicas(System.currentTimeMillis()) < needed) {
        return NOREPLICAS;
      }
    }
    return null;
  }

  /** Online replicas that acknowledged within min-replicas-max-lag. */
  int goodReplicas(long nowMs) {
    int good = 0;
    for (ReplicaLink link : replicas) {
      if (link.state == ReplicaLink.State.ONLINE && nowMs - link.lastAckMs <= settings.minReplicasMaxLagMs()) {
        good++;
      }
    }
    return good;
  }

  @Override
  public boolean hold(Session session, ByteBuf replies, boolean closeAfter) {
    emitPending();
    if (gate.hasHeld(session) || (master == null && settings().sync() && backlog != null
        && hasOnlineReplica() && ackedBy(backlog.endOffset()) == 0)) {
      long end = offset();
      gate.hold(session, new AckGate.Replies(replies, end, closeAfter,
          System.currentTimeMillis() + settings.syncTimeoutMs()));
      watchDisconnect(session);
      return true;
    }
    Persistence persistence = node.persistence();
    return persistence != null && persistence.hold(session, replies, closeAfter);
  }

  private boolean hasOnlineReplica() {
    for (ReplicaLink link : replicas) {
      if (link.state == ReplicaLink.State.ONLINE) {
        return true;
      }
    }
    return false;
  }

  /** Replicas whose acknowledged offset is at least {@code offset}. */
  long ackedBy(long offset) {
    long n = 0;
    for (ReplicaLink link : replicas) {
      if (link.ackOffset >= offset) {
        n++;
      }
    }
    return n;
  }

  private final Set<Session> watched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private void watchDisconnect(Session session) {
    if (watched.add(session)) {
      session.channel().closeFuture().addListener(f -> session.channel().eventLoop().execute(() -> {
        watched.remove(session);
        gate.forget(session);
        listeningPorts.remove(session);
      }));
    }
  }

  /*
   * WAIT numreplicas timeout: the reply is the number of replicas that acknowledged the stream up to
   * the current offset, given as soon as numreplicas did or when the timeout (ms, 0 = forever) passes.
   */
  public void waitFor(Session session, int numReplicas, long timeoutMs, boolean inTransaction,
      io.codis.protocol.resp.RespWriter out) {
    emitPending();
    long target = offset();
    long acked = ackedBy(target);
    if (acked >= numReplicas || inTransaction) {
      out.integer(acked);
      return;
    }
    // Replies of earlier commands go first; this one and later ones wait in the gate, in order.
    session.flush();
    long deadline = timeoutMs == 0 ? 0 : System.currentTimeMillis() + timeoutMs;
    gate.hold(session, new AckGate.Wait(numReplicas, target, deadline));
    watchDisconnect(session);
    // Replicas acknowledge after every read batch they apply, so no GETACK round is needed.
    session.channel().config().setAutoRead(false);
  }

  private AckGate.Sink sink() {
    return new AckGate.Sink() {
      @Override
      public void replies(Session session, ByteBuf buffer, boolean closeAfter) {
        Persistence persistence = node.persistence();
        if (persistence == null || !persistence.hold(session, buffer, closeAfter)) {
          if (session.writeReplies(buffer, closeAfter)) {
            session.channel().flush();
          }
        }
      }

      @Override
      public void waitDone(Session session, long acknowledged) {
        byte[] reply = (":" + acknowledged + "\r\n").getBytes(StandardCharsets.US_ASCII);
        replies(session, Unpooled.wrappedBuffer(reply), false);
        session.channel().config().setAutoRead(true);
      }

      @Override
      public void expired(Session session) {
        LOG.warn("closing client id={}: no replica acknowledged its writes within replication-sync-timeout",
            session.id());
        session.channel().close();
      }
    };
  }

  private void releaseGate() {
    if (gate.sessionsWaiting() > 0) {
      // Past the master lease a replica's ack proves nothing: another replica may have been promoted
      // without the write (docs/failover.md). Held replies then wait (and time out: outcome unknown).
      gate.release(ackReleaseAllowed.getAsBoolean() ? this::ackedBy : o -> 0, System.currentTimeMillis(), sink());
    }
  }

  // ---- master side of PSYNC / REPLCONF ----

  /** REPLCONF listening-port: remembered until the PSYNC of the same connection. */
  public void listeningPort(Session session, int port) {
    listeningPorts.put(session, port);
    watchDisconnect(session);
  }

  /** REPLCONF ACK offset from a replica connection (no reply). */
  public void ack(Session session, long ackOffset) {
    for (ReplicaLink link : replicas) {
      if (link.session == session) {
        link.ackOffset = Math.max(link.ackOffset, ackOffset);
        link.lastAckMs = System.currentTimeMillis();
        releaseGate();
        return;
      }
    }
  }

  /**
   * PSYNC replid offset: continue from the backlog when it still holds what the replica needs,
   * else a full sync. Writes the reply itself; returns an error text instead when it refuses.
   */
  public String psync(Session session, String requestedId, long requestedOffset) {
    if (master != null && master.state() != MasterLink.State.CONNECTED) {
      return "NOMASTERLINK Can't SYNC while not connected with my master";
    }
    if (replicas.size() >= limits.replicasMax()) {
      return "ERR max number of replicas reached (" + limits.replicasMax() + ")";
    }
    emitPending();
    if (backlog == null) {
      backlog = new Backlog(settings().backlogBytes(), offsetWithoutBacklog);
    }
    long have = requestedOffset - 1;
    boolean sameHistory = requestedId.equals(replid)
        || (requestedId.equals(replid2) && requestedOffset <= secondOffset);
    boolean partial = sameHistory && backlog.holds(have);
    long start = partial ? have : backlog.endOffset();
    if (partial) {
      syncPartialOk++;
    } else {
      syncFull++;
      if (!requestedId.equals("?")) {
        syncPartialErr++; // asked to continue, could not (Redis counts it the same way)
      }
    }
    session.flush();
    Channel ch = session.channel();
    ch.config().setWriteBufferWaterMark(
        new WriteBufferWaterMark(limits.socketHighWaterBytes() / 2, limits.socketHighWaterBytes()));
    String line = partial ? "+CONTINUE " + replid + "\r\n" : "+FULLRESYNC " + replid + " " + start + "\r\n";
    ch.writeAndFlush(Unpooled.wrappedBuffer(line.getBytes(StandardCharsets.US_ASCII)), ch.voidPromise());
    ReplicaLink link = new ReplicaLink(session, nextReplicaNumber++, limits, node.keyspace(), () -> backlog,
        start, !partial, System.currentTimeMillis(), this::pauseMasterReads);
    Integer port = listeningPorts.remove(session);
    link.listeningPort = port == null ? 0 : port;
    replicas.add(link);
    ch.pipeline().addLast("replica-writable", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        link.pumpSoon();
      }
    });
    ch.closeFuture().addListener(f -> ch.eventLoop().execute(() -> {
      if (replicas.remove(link)) {
        LOG.info("replica {}:{} disconnected", link.ip(), link.listeningPort);
        pauseMasterReads();
      }
    }));
    LOG.info("replica {}:{} attached: {} from offset {}", link.ip(), link.listeningPort,
        partial ? "partial resync" : "full sync", start);
    pauseMasterReads();
    link.pumpSoon();
    return null;
  }

  // ---- cron ----

  private void cron() {
    long now = System.currentTimeMillis();
    ReplSettings s = settings();
    if (master != null) {
      master.cron(now, s.timeoutMs());
    } else if (backlog != null && !replicas.isEmpty() && now - lastPingMs >= s.pingPeriodMs()) {
      // Redis's master PING: lets replicas detect a silent master, and moves the offset.
      lastPingMs = now;
      emitPending();
      backlog.append(Effects.PING);
      pumpAll();
    }
    for (ReplicaLink link : List.copyOf(replicas)) {
      if (now - link.lastAckMs > s.timeoutMs() && link.state == ReplicaLink.State.ONLINE) {
        LOG.warn("replica {}:{} timed out (no ACK for {} ms)", link.ip(), link.listeningPort, now - link.lastAckMs);
        link.channel.close();
      } else {
        link.pumpSoon();
      }
    }
    releaseGate();
  }

  // ---- replica side ----

  private Class<? extends Channel> channelType() {
    return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  private final class LinkCallbacks implements MasterLink.Node {
    private boolean fullSyncNeeded;

    @Override
    public String psyncReplid() {
      return fullSyncNeeded ? "?" : replid;
    }

    @Override
    public void streamBroken() {
      fullSyncNeeded = true;
    }

    @Override
    public long psyncOffset() {
      return offset() + 1;
    }

    @Override
    public String masterauth() {
      return settings().masterauth();
    }

    @Override
    public int listeningPort() {
      return listeningPort;
    }

    @Override
    public long bulkBytesMax() {
      return node.configStore().respLimits().bulkBytesMax();
    }

    @Override
    public long clusterEpoch() {
      return clusterEpoch;
    }

    @Override
    public void fullSyncStarting(String id, long offset) {
      LOG.info("full sync from the master: replid {} offset {}", id, offset);
      discarded.fullSyncReplaces(replid, Replication.this.offset(), backlog, id, master.masterReplid2(),
          master.masterSecondOffset(), node.keyspace().size());
      fullSyncNeeded = false;
      replid = id;
      replid2 = NO_ID;
      secondOffset = -1;
      backlog = new Backlog(settings().backlogBytes(), offset);
      // Our own replicas followed the old history: they must resync from the new one.
      for (ReplicaLink link : List.copyOf(replicas)) {
        link.channel.close();
      }
      node.keyspace().now(System.currentTimeMillis());
      node.keyspace().flushAll();
    }

    @Override
    public void snapshotRecord(byte[][] argv) throws Effects.BadRecord {
      node.keyspace().now(System.currentTimeMillis());
      Effects.apply(node.keyspace(), argv);
    }

    @Override
    public void snapshotDone() {
      LOG.info("full sync done: {} keys, offset {}", node.keyspace().size(), offset());
    }

    @Override
    public void continuing(String id) {
      if (id != null && !id.equals(replid)) {
        replid2 = replid;
        secondOffset = offset() + 1;
        replid = id;
      }
    }

    @Override
    public void streamRecords(List<StreamFrame.Record> records) throws Effects.BadRecord {
      node.keyspace().now(System.currentTimeMillis());
      for (StreamFrame.Record r : records) {
        String name = new String(r.argv()[0], StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        if (SHIPPABLE.contains(name)) {
          replay(r.argv());
        } else if (!name.equals("ping") && !name.equals("multi") && !name.equals("exec")) {
          Effects.apply(node.keyspace(), r.argv());
        }
        backlog.append(Effects.record(r.argv()));
      }
      pumpAll();
    }

    @Override
    public long offset() {
      return Replication.this.offset();
    }

    @Override
    public void commitDurable() {
      if (node.persistence() != null) {
        node.persistence().commitDirty();
      }
    }
  }

  // ---- INFO and ROLE ----

  /** A read-only view for INFO replication, INFO stats and ROLE. */
  public ReplicationView view() {
    return new ReplicationView(this);
  }

  // package-private state for the view
  MasterLink masterLink() {
    return master;
  }

  String replid2() {
    return replid2;
  }

  long secondOffset() {
    return secondOffset;
  }

  Backlog backlog() {
    return backlog;
  }

  List<ReplicaLink> replicaLinks() {
    return replicas;
  }

  long[] syncCounters() {
    return new long[] {syncFull, syncPartialOk, syncPartialErr};
  }
}
