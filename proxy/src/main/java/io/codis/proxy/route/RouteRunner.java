package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.resp.RespValue;
import io.codis.proxy.admin.ProxyMetrics;
import io.codis.proxy.backend.BackendConnection;
import io.codis.proxy.backend.BackendPool;
import io.codis.proxy.backend.ReplySink;
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
   * exactly once, on {@code loop}. Counts the request in the metrics when it is answered.
   */
  public void run(byte[][] argv, Route route, ClientState client, EventLoop loop, BackendPool pool,
      ReplySink sink) {
    long started = System.nanoTime();
    int command = metrics.indexOf(client.lastCommand());
    ReplySink done = v -> {
      metrics.record(command, System.nanoTime() - started, v, argv, client.addr());
      sink.reply(v);
    };
    execute(route, new Attempt(loop, pool, 1, started + TimeUnit.MILLISECONDS.toNanos(retry.budgetMs())), done);
  }

  /** Where and how often: the loop, its pool, the attempt number and the retry deadline. */
  private record Attempt(EventLoop loop, BackendPool pool, int number, long budgetEndNanos) {
    Attempt next() {
      return new Attempt(loop, pool, number + 1, budgetEndNanos);
    }
  }

  private void execute(Route route, Attempt at, ReplySink done) {
    if (route instanceof Route.Reply r) {
      done.reply(r.value());
    } else if (route instanceof Route.Forward f) {
      send(f.addr(), f.argv(), f.keyed(), at, done);
    } else if (route instanceof Route.FanOut fan) {
      RespValue[] replies = new RespValue[fan.parts().size()];
      int[] missing = {replies.length};
      for (int i = 0; i < replies.length; i++) {
        Route.Part part = fan.parts().get(i);
        int index = i;
        send(part.addr(), part.argv(), part.keyed(), at, v -> {
          replies[index] = v;
          if (--missing[0] == 0) {
            done.reply(fan.merge().merge(fan, replies));
          }
        });
      }
    }
  }

  private void send(String addr, byte[][] argv, boolean keyed, Attempt at, ReplySink done) {
    ReplySink onReply = v -> {
      if (!keyed || !Retryable.isRetryable(v)) {
        done.reply(v);
      } else if (at.number() >= retry.attemptsMax() || System.nanoTime() - at.budgetEndNanos() > 0) {
        metrics.retriesExhausted();
        done.reply(v);
      } else {
        metrics.retried();
        Attempt next = at.next();
        tables.refresh(() -> later(next, retry.backoffMs(next.number()),
            () -> execute(router.reroute(argv, tables), next, done)));
      }
    };
    BackendConnection c = at.pool().get(addr);
    if (c == null) {
      onReply.reply(Replies.error(ErrorCode.BACKENDDOWN, at.pool().downReason(addr)));
      return;
    }
    c.send(argv, onReply, System.nanoTime() + requestDeadlineNanos);
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
