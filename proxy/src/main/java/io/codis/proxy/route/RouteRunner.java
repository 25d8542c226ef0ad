package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.resp.RespValue;
import io.codis.proxy.admin.ProxyMetrics;
import io.codis.proxy.backend.BackendConnection;
import io.codis.proxy.backend.BackendPool;
import io.codis.proxy.backend.RawReplySink;
import io.codis.proxy.backend.ReplySink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a {@link Route} on the client's event loop: sends its requests on that loop's
 * backend connections, merges fan-out replies, and retries what a node refused before running it.
 *
 * <p>Retry: a keyed request answered {@code -MOVED}, {@code -TRYAGAIN} or {@code -CLUSTERDOWN} by
 * the node, or refused by a connection that never sent it ({@link Retryable}), makes the proxy ask
 * the metaserver for the table now ({@link TableSource#refresh}), then route the same arguments
 * again, within the {@link RetryPolicy} (attempts and a deadline). An answer whose outcome is
 * unknown (TIMEOUT, a connection lost after the write) is never retried. A fan-out retries only
 * the part that was refused; the other parts' replies stay.
 *
 * <p>Pass-through: when the sink of a forwarded request is a {@link RawReplySink}, the node's
 * reply reaches it as raw bytes. Errors (so every retryable answer) always arrive decoded, so the
 * retry sees them whether or not the sink takes bytes. Requests go on the shared connection of the
 * client's RESP version ({@link ClientState#protover()}).
 *
 * <p>Request bytes: when the caller has the request's own wire bytes ({@code frame}), a forward or
 * fan-out part whose arguments are the request's, unchanged (the same array), is sent as those
 * bytes (a retained duplicate per send) instead of being encoded again. The runner only borrows
 * {@code frame} during {@link #run}: a retry, which happens later, encodes the arguments.
 */
public final class RouteRunner {
  private final Router router;
  private final TableSource tables;
  private final RetryPolicy retry;
  private final long requestDeadlineNanos;
  private final ProxyMetrics metrics;

  public RouteRunner(Router router, TableSource tables, RetryPolicy retry, long requestDeadlineMs,
      ProxyMetrics metrics) {
    this.router = router;
    this.tables = tables;
    this.retry = retry;
    this.requestDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(requestDeadlineMs);
    this.metrics = metrics;
  }

  /**
   * Runs {@code route} (routed from {@code argv} for {@code client}); {@code sink} gets the reply
   * exactly once, on {@code loop} (a forwarded reply as bytes when {@code sink} is a
   * {@link RawReplySink}). The caller counts the request in the metrics; retries count here.
   */
  public void run(byte[][] argv, Route route, ClientState client, EventLoop loop, BackendPool pool,
      ReplySink sink) {
    run(argv, null, route, client, loop, pool, sink);
  }

  /**
   * As {@link #run(byte[][], Route, ClientState, EventLoop, BackendPool, ReplySink)}, with {@code
   * frame}: {@code argv}'s own RESP bytes, or null. Borrowed: the caller releases it after this
   * returns (whatever is sent took its own reference).
   */
  public void run(byte[][] argv, ByteBuf frame, Route route, ClientState client, EventLoop loop,
      BackendPool pool, ReplySink sink) {
    long budgetEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retry.budgetMs());
    Attempt at = new Attempt(loop, pool, client.protover(), 1, budgetEnd);
    Route chosen = router.preferReplica(argv, route, tables);
    if (chosen == route) {
      execute(route, at, sink, frame == null ? null : new Wire(argv, frame));
      return;
    }
    // A replica read waits at most the replica's own deadline (the lag bound): one that stops
    // answering hands its reads to the master that soon, not after the full request deadline.
    Route.Forward replica = (Route.Forward) chosen;
    long deadline = Math.min(requestDeadlineNanos, TimeUnit.MILLISECONDS.toNanos(router.replicaReadDeadlineMs()));
    send(replica.addr(), replica.argv(), null, false, at, masterIfReplicaFails(route, at, sink),
        System.nanoTime() + deadline);
  }

  /** A request's arguments and its own RESP bytes, valid only during {@link #run}. */
  private record Wire(byte[][] argv, ByteBuf frame) {
    /** The bytes to send for {@code sent} when it is the request unchanged, else null (encode it). */
    static ByteBuf of(Wire wire, byte[][] sent) {
      return wire != null && wire.argv() == sent ? wire.frame() : null;
    }
  }

  /**
   * The sink of a read sent to a replica: when the replica could not serve it (loading, its link
   * down, no reply in time, connection lost or refused, a slot it does not serve) the read is run
   * as {@code master}, the route to its master, with the usual retries. A read-only request may
   * run twice; the client gets one reply either way. Other replies, errors of the command itself
   * included, pass through.
   */
  private ReplySink masterIfReplicaFails(Route master, Attempt at, ReplySink done) {
    ReplySink decoded = v -> {
      if (v instanceof RespValue.ErrorValue e && REPLICA_FAILURES.contains(ErrorCode.of(e.text()))) {
        metrics.retried();
        execute(master, at, done, null);
      } else {
        done.reply(v);
      }
    };
    return rawTo(done, decoded);
  }

  /** Answers of a replica that say it could not serve, not what the command would have answered. */
  private static final java.util.Set<ErrorCode> REPLICA_FAILURES = java.util.EnumSet.of(ErrorCode.LOADING,
      ErrorCode.MASTERDOWN, ErrorCode.TIMEOUT, ErrorCode.BACKENDLOST, ErrorCode.BACKENDDOWN,
      ErrorCode.CLUSTERDOWN, ErrorCode.MOVED, ErrorCode.TRYAGAIN, ErrorCode.FENCED);

  /**
   * Where and how often: the loop, its pool, the client's RESP version, the attempt number and
   * the retry deadline.
   */
  private record Attempt(EventLoop loop, BackendPool pool, int protover, int number, long budgetEndNanos) {
    Attempt next() {
      return new Attempt(loop, pool, protover, number + 1, budgetEndNanos);
    }
  }

  private void execute(Route route, Attempt at, ReplySink done, Wire wire) {
    if (route instanceof Route.Reply r) {
      done.reply(r.value());
    } else if (route instanceof Route.Forward f) {
      send(f.addr(), f.argv(), Wire.of(wire, f.argv()), f.keyed(), at, done);
    } else if (route instanceof Route.FanOut fan) {
      RespValue[] replies = new RespValue[fan.parts().size()];
      int[] missing = {replies.length};
      for (int i = 0; i < replies.length; i++) {
        Route.Part part = fan.parts().get(i);
        int index = i;
        send(part.addr(), part.argv(), Wire.of(wire, part.argv()), part.keyed(), at, v -> {
          replies[index] = v;
          if (--missing[0] == 0) {
            done.reply(fan.merge().merge(fan, replies));
          }
        });
      }
    } else {
      // Stateful routes are the client session's (dedicated connections), never run here.
      throw new IllegalStateException("route " + route);
    }
  }

  /** Sends {@code argv} (as {@code bytes}, borrowed, when they are its RESP form; else encoded). */
  private void send(String addr, byte[][] argv, ByteBuf bytes, boolean keyed, Attempt at, ReplySink done) {
    send(addr, argv, bytes, keyed, at, done, System.nanoTime() + requestDeadlineNanos);
  }

  private void send(String addr, byte[][] argv, ByteBuf bytes, boolean keyed, Attempt at, ReplySink done,
      long deadline) {
    ReplySink decoded = v -> {
      if (!keyed || !Retryable.isRetryable(v)) {
        done.reply(v);
      } else if (at.number() >= retry.attemptsMax() || System.nanoTime() - at.budgetEndNanos() > 0) {
        metrics.retriesExhausted();
        done.reply(v);
      } else {
        metrics.retried();
        Attempt next = at.next();
        tables.refresh(() -> later(next, retry.backoffMs(next.number()),
            () -> execute(router.reroute(argv, tables), next, done, null)));
      }
    };
    ReplySink onReply = rawTo(done, decoded);
    BackendConnection c = at.pool().get(addr, at.protover());
    if (c == null) {
      onReply.reply(Replies.error(ErrorCode.BACKENDDOWN, at.pool().downReason(addr)));
      return;
    }
    if (bytes != null) {
      c.sendBytes(bytes.retainedDuplicate(), onReply, deadline);
    } else {
      c.send(argv, onReply, deadline);
    }
  }

  /**
   * {@code decoded} for decoded replies, and, when {@code done} takes bytes, a sink whose raw
   * replies (never errors, so never retried) go straight to {@code done}.
   */
  private static ReplySink rawTo(ReplySink done, ReplySink decoded) {
    if (!(done instanceof RawReplySink raw)) {
      return decoded;
    }
    return new RawReplySink() {
      @Override
      public void raw(ByteBuf frame) {
        raw.raw(frame);
      }

      @Override
      public void reply(RespValue value) {
        decoded.reply(value);
      }
    };
  }

  /** Runs {@code task} on the attempt's loop after {@code delayMs} (any thread may call this). */
  private static void later(Attempt at, long delayMs, Runnable task) {
    try {
      if (delayMs <= 0) {
        at.loop().execute(task);
      } else {
        at.loop().schedule(task, delayMs, TimeUnit.MILLISECONDS);
      }
    } catch (RejectedExecutionException e) {
      // The loop is shutting down: the client connection goes with it; nobody reads this reply.
    }
  }
}
