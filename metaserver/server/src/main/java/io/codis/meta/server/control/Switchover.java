package io.codis.meta.server.control;

import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.FailoverView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.Failover;
import io.codis.meta.server.raft.ApiReply;
import io.codis.meta.server.raft.MetaStateMachine;
import io.codis.meta.server.raft.RaftGateway;
import io.codis.meta.server.state.Views;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned switchover ({@code POST /v1/groups/ID/switchover}), run by the peer that received it:
 *
 * <ol>
 *   <li>read the group linearizably; the target must be one of its replicas;
 *   <li>{@code MASTERFENCE <epoch>} to the master: from then on it serves no keyed command and
 *       answers the offset that includes every write it executed;
 *   <li>wait until the target's replication offset reaches that offset (INFO replication);
 *   <li>log a {@code Failover} command (reason switchover, expected epoch = the fenced one). The
 *       state machine skips the lease check: the master's fence is its own promise not to serve.
 * </ol>
 *
 * If the target does not catch up within the timeout, or the command is refused, the master gets
 * {@code MASTERFENCE CLEAR <epoch>} and the answer is an error: nothing changed. If the command's
 * outcome is unknown (TIMEOUT), the fence stays: it ends by itself when the master sees the new
 * epoch, and an operator can clear it. One switchover runs at a time on a peer.
 */
public final class Switchover implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Switchover.class);
  public static final long TIMEOUT_MS_DEFAULT = 5_000;
  public static final long TIMEOUT_MS_MAX = 60_000;
  /** Switchovers waiting for the one running on this peer. */
  static final int QUEUE_MAX = 16;
  /** Pause between two reads of the target's offset. */
  static final long POLL_MS = 5;

  /** The answer of a switchover that committed. */
  public record Outcome(long version, long epoch, String master, String previousMaster,
      long fenceOffset, long targetOffset, long pauseMs) {}

  private final MetaStateMachine sm;
  private final RaftGateway raft;
  private final NodeCalls calls;
  private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(QUEUE_MAX), r -> Prober.daemon(r, "meta-switchover"));
  private final Map<String, AtomicLong> results = new ConcurrentHashMap<>();

  public Switchover(FailoverConfig cfg, MetaStateMachine sm, RaftGateway raft) {
    this.sm = sm;
    this.raft = raft;
    this.calls = new NodeCalls(cfg.probeTimeoutMs(), cfg.nodePassword());
  }

  /** Switchovers by result word (ok, refused, timeout, unknown), for metrics. */
  public Map<String, Long> results() {
    Map<String, Long> out = new java.util.TreeMap<>();
    results.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public CompletableFuture<ApiReply> run(int groupId, String addr, long timeoutMs) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        ApiReply r = runBlocking(groupId, addr, timeoutMs);
        String word = r.status() == 200 ? "ok"
            : r.status() == ErrorCode.TIMEOUT.httpStatus() ? "unknown" : "refused";
        results.computeIfAbsent(word, k -> new AtomicLong()).incrementAndGet();
        return r;
      }, worker);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(ApiReply.error(ErrorCode.UNAVAILABLE,
          "switchovers queued on this peer: " + (QUEUE_MAX + 1) + " (expected: <= " + QUEUE_MAX + ")"));
    }
  }

  private ApiReply runBlocking(int groupId, String addr, long timeoutMs) {
    GroupView g;
    try {
      ApiReply fresh = raft.read("version").get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
      if (fresh.status() != 200) {
        return fresh;
      }
    } catch (Exception e) {
      return ApiReply.error(ErrorCode.UNAVAILABLE, "cannot read the group: " + e);
    }
    g = sm.read(s -> Views.group(s, groupId));
    if (g == null) {
      return ApiReply.error(ErrorCode.NO_SUCH_GROUP, "no group " + groupId);
    }
    if (!g.replicas().contains(addr)) {
      return ApiReply.error(ErrorCode.NO_SUCH_SERVER, addr + " is not a replica of group " + groupId
          + " (master " + g.master() + ", replicas " + g.replicas() + ")");
    }
    String master = g.master();
    String epoch = Long.toString(g.epoch());
    long t0 = System.nanoTime();
    long fenceOffset;
    try {
      Object r = calls.call(master, "MASTERFENCE", epoch);
      if (!(r instanceof Long offset)) {
        return ApiReply.error(ErrorCode.SWITCHOVER_FAILED, "master " + master
            + " refused MASTERFENCE " + epoch + ": " + describe(r));
      }
      fenceOffset = offset;
    } catch (IOException e) {
      clear(master, epoch);
      return ApiReply.error(ErrorCode.SWITCHOVER_FAILED, "master " + master
          + " did not answer MASTERFENCE " + epoch + " (" + NodeCalls.brief(e) + "); fence cleared");
    }
    LOG.info("group {}: switchover to {}: master {} fenced at epoch {}, offset {}", groupId, addr,
        master, epoch, fenceOffset);
    long deadline = t0 + timeoutMs * 1_000_000;
    long targetOffset = -1;
    String lastError = "";
    while (true) {
      try {
        targetOffset = calls.offset(addr);
        if (targetOffset >= fenceOffset) {
          break;
        }
      } catch (IOException e) {
        lastError = " (" + NodeCalls.brief(e) + ")";
      }
      if (System.nanoTime() >= deadline) {
        clear(master, epoch);
        return ApiReply.error(ErrorCode.SWITCHOVER_FAILED, addr + " reached offset " + targetOffset
            + lastError + ", not the master's fence offset " + fenceOffset + ", within " + timeoutMs
            + " ms; fence cleared, nothing changed");
      }
      sleep(POLL_MS);
    }
    long caughtUpMs = (System.nanoTime() - t0) / 1_000_000;
    String detail = "planned switchover: " + master + " fenced at offset " + fenceOffset + ", "
        + addr + " caught up at " + targetOffset + " after " + caughtUpMs + " ms";
    ApiReply committed;
    try {
      committed = raft.write(Command.newBuilder().setFailover(Failover.newBuilder()
          .setGroupId(groupId).setAddr(addr).setExpectedEpoch(g.epoch())
          .setReason(FailoverView.SWITCHOVER).setDetail(detail).setFromOffset(fenceOffset)
          .setToOffset(targetOffset)).build()).get(timeoutMs + 10_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      committed = ApiReply.error(ErrorCode.TIMEOUT, "promotion outcome unknown: " + e);
    }
    long pauseMs = (System.nanoTime() - t0) / 1_000_000;
    if (committed.status() == 200) {
      LOG.warn("group {}: switchover done, {} is the new master (was {}), epoch {}; writes paused "
          + "{} ms", groupId, addr, master, g.epoch() + 1, pauseMs);
      long version = sm.read(s -> s.version());
      return ApiReply.ok(new Outcome(version, g.epoch() + 1, addr, master, fenceOffset,
          targetOffset, pauseMs));
    }
    if (committed.status() == ErrorCode.TIMEOUT.httpStatus()
        || committed.status() == ErrorCode.UNAVAILABLE.httpStatus()) {
      LOG.warn("group {}: switchover to {}: promotion outcome unknown, fence kept", groupId, addr);
      return committed;
    }
    clear(master, epoch);
    return committed;
  }

  private void clear(String master, String epoch) {
    try {
      Object r = calls.call(master, "MASTERFENCE", "CLEAR", epoch);
      LOG.info("MASTERFENCE CLEAR {} on {}: {}", epoch, master, describe(r));
    } catch (IOException e) {
      LOG.warn("MASTERFENCE CLEAR {} on {} failed: {} (the fence ends when the node sees a newer "
          + "epoch)", epoch, master, e.toString());
    }
  }

  private static String describe(Object r) {
    return r instanceof RespConnection.Error e ? "-" + e.text() : String.valueOf(r);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
