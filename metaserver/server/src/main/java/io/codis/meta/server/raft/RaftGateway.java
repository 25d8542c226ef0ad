package io.codis.meta.server.raft;

import io.codis.meta.client.model.ApiError;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.server.Json;
import io.codis.meta.client.model.PeerView;
import io.codis.meta.client.model.WriteResult;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.Result;
import io.codis.meta.server.state.Codec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP API needs from Ratis: submit a command (Ratis's client redirects it to the leader,
 * so a write sent to a follower is forwarded), run a linearizable read on this peer, list and change
 * the peers. Every failure becomes an error code from the catalogue.
 */
public final class RaftGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftGateway.class);

  private final RaftServer server;
  private final RaftPeerId self;
  private final RaftClient client;
  private final Map<String, String> httpAddrs;
  private final long readRetryBudgetMs;
  private final long writeTimeoutMs;
  private final java.util.concurrent.ThreadPoolExecutor writers;
  private static final long READ_RETRY_SLEEP_MS = 50;
  static final int WRITE_THREADS = 32;
  static final int WRITE_QUEUE_MAX = 4096;

  public RaftGateway(RaftServer server, RaftPeerId self, RaftClient client,
      Map<String, String> httpAddrs, long readRetryBudgetMs) {
    this.readRetryBudgetMs = readRetryBudgetMs;
    this.writeTimeoutMs = 2 * readRetryBudgetMs;
    // Writers block on Raft round trips; the queue bounds how many wait for a thread.
    this.writers = new java.util.concurrent.ThreadPoolExecutor(WRITE_THREADS, WRITE_THREADS, 60,
        TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(WRITE_QUEUE_MAX), r -> {
          Thread t = new Thread(r, "meta-raft-writer");
          t.setDaemon(true);
          return t;
        });
    this.server = server;
    this.self = self;
    this.client = client;
    this.httpAddrs = httpAddrs;
  }

  /**
   * Submits a command; the answer is a WriteResult or an error. Uses the blocking client on a
   * bounded pool: the ordered async client's sliding window stalled here after a few refusals
   * (StateMachineException replies), and refusals are a normal answer for us.
   */
  public CompletableFuture<ApiReply> write(Command c) {
    Message m = Message.valueOf(ByteString.copyFrom(c.toByteArray()));
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return writeReply(client.io().send(m));
        } catch (IOException | RuntimeException e) {
          return writeFailure(e);
        }
      }, writers).completeOnTimeout(ApiReply.error(ErrorCode.TIMEOUT,
          "no commit within " + writeTimeoutMs + " ms: the change may still apply"),
          writeTimeoutMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          ApiReply.error(ErrorCode.UNAVAILABLE, "too many writes in flight on this peer"));
    }
  }

  private static ApiReply writeReply(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      return writeFailure(reply.getException());
    }
    try {
      Result r = Result.parseFrom(reply.getMessage().getContent().toByteArray());
      if (!r.getOk()) {
        return ApiReply.error(ErrorCode.parse(r.getCode()), r.getMessage());
      }
      return ApiReply.ok(new WriteResult(r.getVersion(), r.getKvVersion(), r.getEpoch(),
          r.getLeaseExpiresAtMs()));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return ApiReply.error(ErrorCode.INTERNAL, "unreadable result");
    }
  }

  /**
   * A linearizable read on this peer (ReadIndex: a minority peer cannot answer). A peer that does
   * not know the leader yet (just after an election) is asked again, within a bounded budget.
   */
  public CompletableFuture<ApiReply> read(String path) {
    Message m = Message.valueOf(ByteString.copyFrom(path, StandardCharsets.UTF_8));
    return read(m, System.nanoTime() + readRetryBudgetMs * 1_000_000);
  }

  private CompletableFuture<ApiReply> read(Message m, long deadlineNanos) {
    return client.async().sendReadOnlyUnordered(m, self).handle((reply, err) -> {
      Throwable failed = err != null ? err : reply.isSuccess() ? null : reply.getException();
      if (failed != null) {
        if (System.nanoTime() < deadlineNanos && isLeaderUnknown(failed)) {
          return CompletableFuture.runAsync(() -> { },
              CompletableFuture.delayedExecutor(READ_RETRY_SLEEP_MS, TimeUnit.MILLISECONDS))
              .thenCompose(x -> read(m, deadlineNanos));
        }
        return CompletableFuture.completedFuture(failure(failed));
      }
      byte[] out = reply.getMessage().getContent().toByteArray();
      int status = Integer.parseInt(new String(out, 0, 3, StandardCharsets.US_ASCII));
      byte[] json = new byte[out.length - 3];
      System.arraycopy(out, 3, json, 0, json.length);
      return CompletableFuture.completedFuture(new ApiReply(status, json));
    }).thenCompose(f -> f);
  }

  private static boolean isLeaderUnknown(Throwable t) {
    for (Throwable e = t; e != null; e = e.getCause()) {
      if (e instanceof ReadIndexException || e instanceof LeaderNotReadyException
          || e instanceof NotLeaderException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A write that failed for any reason but a refusal may still have been appended by some leader and
   * commit later: its outcome is unknown, so it is reported as TIMEOUT, never as a clean failure.
   */
  static ApiReply writeFailure(Throwable t) {
    ApiReply r = failure(t);
    if (r.status() == ErrorCode.UNAVAILABLE.httpStatus()) {
      try {
        String why = Json.MAPPER.readValue(r.json(), ApiError.class).message();
        return ApiReply.error(ErrorCode.TIMEOUT, "outcome unknown: " + why);
      } catch (IOException e) {
        return ApiReply.error(ErrorCode.TIMEOUT, "outcome unknown");
      }
    }
    return r;
  }

  /** Maps a Ratis failure to the catalogue: refusals keep their code, the rest are 503/504. */
  static ApiReply failure(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    String msg = String.valueOf(e.getMessage());
    int mark = msg.indexOf(MetaStateMachine.REFUSED_MARK);
    if (e instanceof StateMachineException && mark >= 0) {
      int end = msg.indexOf(']', mark);
      String code = msg.substring(mark + MetaStateMachine.REFUSED_MARK.length(), end);
      return ApiReply.error(ErrorCode.parse(code), msg.substring(end + 2));
    }
    if (e instanceof TimeoutIOException || e instanceof TimeoutException) {
      return ApiReply.error(ErrorCode.TIMEOUT, "no answer in time: the change may still apply");
    }
    if (e instanceof RaftException || e instanceof IOException) {
      return ApiReply.error(ErrorCode.UNAVAILABLE, "no quorum or no leader: " + e.getClass().getSimpleName()
          + ": " + msg);
    }
    LOG.warn("unexpected failure", e);
    return ApiReply.error(ErrorCode.INTERNAL, e.getClass().getSimpleName() + ": " + msg);
  }

  public boolean isLeader() {
    try {
      return server.getDivision(RaftSettings.GROUP_ID).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  /** The Raft term this peer is in (0 when unknown): the controller checks leases with it. */
  public long currentTerm() {
    try {
      return server.getDivision(RaftSettings.GROUP_ID).getInfo().getCurrentTerm();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The current configuration as this peer knows it, and who it believes leads. */
  public List<PeerView> peers() throws IOException {
    var division = server.getDivision(RaftSettings.GROUP_ID);
    RaftPeerId leader = division.getInfo().getLeaderId();
    List<PeerView> out = new ArrayList<>();
    for (RaftPeer p : division.getGroup().getPeers()) {
      String id = p.getId().toString();
      out.add(new PeerView(id, p.getAddress(), httpAddrs.getOrDefault(id, ""),
          p.getId().equals(leader)));
    }
    return out;
  }

  /** Replaces the configuration (Ratis runs joint consensus); blocking, run off the event loop. */
  public ApiReply setPeers(List<RaftPeer> peers) {
    try {
      RaftClientReply reply = client.admin().setConfiguration(peers);
      if (!reply.isSuccess()) {
        return failure(reply.getException());
      }
      return ApiReply.ok(peers());
    } catch (IOException e) {
      return failure(e);
    }
  }

  public RaftGroup group() throws IOException {
    return server.getDivision(RaftSettings.GROUP_ID).getGroup();
  }

  public void rememberHttpAddr(String id, String httpAddr) {
    httpAddrs.put(id, httpAddr);
  }

  @Override
  public void close() throws IOException {
    writers.shutdownNow();
    client.close();
  }
}
