package io.codis.meta.server.raft;

import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.server.Json;
import io.codis.meta.server.proto.ClusterSnapshot;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.Result;
import io.codis.meta.server.proto.SnapshotFile;
import io.codis.meta.server.state.ClusterState;
import io.codis.meta.server.state.Codec;
import io.codis.meta.server.state.Limits;
import io.codis.meta.server.state.Queries;
import io.codis.meta.server.state.Refusal;
import io.codis.meta.server.state.Snapshots;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis state machine around {@link ClusterState}.
 *
 * <p>Write path: the leader's {@link #startTransaction} decodes the client's command, stamps its own
 * wall-clock time into it and validates it against the current state; an invalid command is refused
 * there and never logged. {@link #applyTransaction} then applies the logged bytes on every replica
 * (validating again: the state may have moved between the two). Read path: {@link #query} runs after
 * Ratis's ReadIndex when the server is configured with the LINEARIZABLE read option.
 *
 * <p>Lifecycle: {@link #pause} and {@link #reinitialize} are what Ratis calls around installing a
 * snapshot received from the leader; reinitialize reloads the state from that snapshot.
 *
 * <p>Locking: the applier thread mutates {@code state} under {@code this}; readers (queries,
 * snapshots, leader validation) take the same monitor. Commands are small, so contention is low.
 */
public final class MetaStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(MetaStateMachine.class);
  /** Prefix of a refusal carried inside Ratis's StateMachineException message. */
  public static final String REFUSED_MARK = "[REFUSED ";

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final Limits limits;
  private final LongSupplier clockMs;
  private final VersionWatchers watchers;
  private ClusterState state;
  private volatile RaftPeerId leaderId;

  public MetaStateMachine(Limits limits, LongSupplier clockMs, VersionWatchers watchers) {
    this.limits = limits;
    this.clockMs = clockMs;
    this.watchers = watchers;
    this.state = new ClusterState(limits);
  }

  public VersionWatchers watchers() {
    return watchers;
  }

  public RaftPeerId leaderId() {
    return leaderId;
  }

  public synchronized long version() {
    return state.version();
  }

  /**
   * Runs a read-only function on this peer's applied state (local, not linearizable: the controller
   * and prober use it; every decision they take is checked again when its command applies).
   */
  public synchronized <T> T read(java.util.function.Function<ClusterState, T> reader) {
    return reader.apply(state);
  }

  /** True when some proxy lease passed by this peer's clock: the leader then logs a Tick. */
  public synchronized boolean hasExpiredLeaseAt(long nowMs) {
    return state.hasExpiredLeaseAt(nowMs);
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    // Ratis checks the lifecycle when it pauses us to install a snapshot: it must be RUNNING.
    getLifeCycle().transition(LifeCycle.State.STARTING);
    load(storage.getLatestSnapshot());
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  @Override
  public void reinitialize() throws IOException {
    // Called after a snapshot from the leader was written into our storage directory.
    load(storage.loadLatestSnapshot());
    getLifeCycle().transition(LifeCycle.State.STARTING);
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public SingleFileSnapshotInfo getLatestSnapshot() {
    return storage.getLatestSnapshot();
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      LOG.info("no snapshot: starting from an empty cluster model");
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    if (snapshot.getFile().getFileDigest() != null) {
      MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
    }
    SnapshotFile f = Codec.decodeSnapshotFile(Files.readAllBytes(file.toPath()));
    if (f.getTerm() != snapshot.getTerm() || f.getIndex() != snapshot.getIndex()) {
      throw new IllegalStateException("snapshot " + file + " holds " + f.getTerm() + ":"
          + f.getIndex() + " (expected: " + snapshot.getTermIndex() + ")");
    }
    ClusterState loaded = Snapshots.fromProto(Codec.snapshotBody(f), limits);
    synchronized (this) {
      state = loaded;
      setLastAppliedTermIndex(snapshot.getTermIndex());
    }
    watchers.advance(loaded.version());
    LOG.info("loaded snapshot {} at version {}", snapshot.getTermIndex(), loaded.version());
  }

  @Override
  public long takeSnapshot() throws IOException {
    ClusterSnapshot body;
    TermIndex last;
    synchronized (this) {
      body = Snapshots.toProto(state);
      last = getLastAppliedTermIndex();
    }
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    File tmp = new File(target.getParentFile(), target.getName() + ".tmp");
    Files.write(tmp.toPath(), Codec.encodeSnapshot(body, last.getTerm(), last.getIndex()));
    Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    var md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
    LOG.info("snapshot written at {}", last);
    return last.getIndex();
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    Command stamped;
    TransactionContext.Builder b = TransactionContext.newBuilder().setStateMachine(this)
        .setClientRequest(request).setServerRole(RaftPeerRole.LEADER);
    try {
      Command c = Command.parseFrom(request.getMessage().getContent().toByteArray());
      Command.Builder b2 = c.toBuilder().setNowMs(clockMs.getAsLong()).clearTerm();
      if (c.hasSuspect()) {
        // The majority rule needs the configuration size; stamp it as the leader sees it now.
        b2.setSuspect(c.getSuspect().toBuilder().setPeerCount(peerCount()));
      }
      stamped = b2.build();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      TransactionContext t = b.build();
      t.setException(new IOException(REFUSED_MARK + ErrorCode.BAD_REQUEST + "] unreadable command"));
      return t;
    }
    Refusal refusal;
    synchronized (this) {
      refusal = state.check(stamped);
    }
    if (refusal != null) {
      TransactionContext t = b.build();
      t.setException(new IOException(REFUSED_MARK + refusal.code() + "] " + refusal.getMessage()));
      return t;
    }
    return b.setLogData(ByteString.copyFrom(Codec.encodeCommand(stamped))).build();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    Command logged = Codec.decodeCommand(entry.getStateMachineLogEntry().getLogData().toByteArray());
    // The term comes from the log entry itself, so every replica sees the same value.
    Command c = logged.toBuilder().setTerm(entry.getTerm()).build();
    Result r;
    long version;
    synchronized (this) {
      r = state.apply(c);
      version = state.version();
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    }
    watchers.advance(version);
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(r.toByteArray())));
  }

  /** Answers {@code NNN} (an HTTP status) followed by the JSON body. */
  @Override
  public CompletableFuture<Message> query(Message request) {
    String path = request.getContent().toString(StandardCharsets.UTF_8);
    Queries.Answer a;
    synchronized (this) {
      a = Queries.answer(state, path);
    }
    try {
      byte[] json = Json.MAPPER.writeValueAsBytes(a.body());
      byte[] out = new byte[3 + json.length];
      System.arraycopy(String.valueOf(a.status()).getBytes(StandardCharsets.US_ASCII), 0, out, 0, 3);
      System.arraycopy(json, 0, out, 3, json.length);
      return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(out)));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private int peerCount() {
    try {
      return getServer().get().getDivision(getGroupId()).getGroup().getPeers().size();
    } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("no Raft configuration", e);
    }
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
    leaderId = newLeaderId;
    LOG.info("{}: leader is now {}", member.getPeerId(), newLeaderId);
  }
}
