package io.codis.proxy.server;

import io.codis.protocol.resp.RespValue;
import io.codis.proxy.backend.RawReplySink;
import io.codis.proxy.route.RetryPolicy;
import io.codis.proxy.route.Retryable;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The retries of what a session sends itself, outside {@link io.codis.proxy.route.RouteRunner}:
 * blocking commands and transactions on its dedicated connections, PUBLISH/SPUBLISH on the shared
 * ones. Same rule and budget as the runner's ({@link Retryable}, {@link RetryPolicy}): an answer
 * that says "not executed" (MOVED, TRYAGAIN, CLUSTERDOWN, FENCED, BACKENDDOWN) makes the session
 * refresh the table, wait the back-off and send again, routed with the table it has then.
 * A blocking command's refusal comes before it blocks, so sending it again is safe.
 */
final class SessionRetry {
  /** One request's attempts: how many so far and until when new ones may start. */
  static final class Budget {
    private int attempt = 1;
    private final long endNanos;

    private Budget(long endNanos) {
      this.endNanos = endNanos;
    }
  }

  private final ClientSession session;

  SessionRetry(ClientSession session) {
    this.session = session;
  }

  /** A new budget, started now. */
  Budget start() {
    return new Budget(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(policy().budgetMs()));
  }

  private RetryPolicy policy() {
    return session.server().retry();
  }

  /**
   * True when {@code refusal} says "not executed" and the budget allows another send: then
   * {@code again} runs on the session's loop after the table refresh and the back-off (unless the
   * client has gone). False: the caller passes {@code refusal} on.
   */
  boolean retry(RespValue refusal, Budget b, Runnable again) {
    if (!Retryable.isRetryable(refusal)) {
      return false;
    }
    if (b.attempt >= policy().attemptsMax() || System.nanoTime() - b.endNanos > 0) {
      session.server().metrics().retriesExhausted();
      return false;
    }
    session.server().metrics().retried();
    b.attempt++;
    long delayMs = policy().backoffMs(b.attempt);
    session.server().tables().refresh(() -> {
      try {
        Runnable task = () -> {
          if (!session.closed()) {
            again.run();
          }
        };
        if (delayMs <= 0) {
          session.loop().execute(task);
        } else {
          session.loop().schedule(task, delayMs, TimeUnit.MILLISECONDS);
        }
      } catch (RejectedExecutionException e) {
        // the loop is shutting down, and the client connection with it
      }
    });
    return true;
  }

  /**
   * {@code done}, except that a "not executed" answer within the budget runs {@code again}
   * instead of reaching it. Raw replies (never errors) go straight to {@code done}.
   */
  RawReplySink retrying(RawReplySink done, Budget b, Runnable again) {
    return new RawReplySink() {
      @Override
      public void raw(ByteBuf frame) {
        done.raw(frame);
      }

      @Override
      public void reply(RespValue value) {
        if (!retry(value, b, again)) {
          done.reply(value);
        }
      }
    };
  }
}
