package io.codis.proxy.route;

/**
 * The bounded budget within which the proxy retries a request a node refused before running it
 * ({@code -MOVED}, {@code -TRYAGAIN}, {@code -CLUSTERDOWN}, {@code -FENCED} from the node, or a
 * connection that could not be opened): at most {@code attemptsMax} sends in all, none started
 * after {@code budgetMs} from the first. Between attempts the proxy refreshes its table from the
 * metaserver and waits {@code backoffFirstMs}, doubling up to {@code backoffMaxMs} (the first retry
 * waits only for the refresh). Past the budget the client gets the last error as the node sent it.
 *
 * <p>The default budget covers a failover with the cluster's default settings: a master killed or
 * cut off stops answering (BACKENDDOWN) or answers FENCED until its lease has run out (4 s), the
 * metaserver has seen it fail (2 s detection, in parallel) and promoted a replica, which then takes
 * its own lease; about 5 s in all. 8 s leaves room for a loaded machine. Past it the client gets
 * the error; a client whose own timeout is shorter gives up first ({@code --retry-deadline-ms}).
 */
public record RetryPolicy(int attemptsMax, long budgetMs, long backoffFirstMs, long backoffMaxMs) {
  /** Covers a failover with default lease and detection settings (see above). */
  public static final RetryPolicy DEFAULTS = new RetryPolicy(64, 8_000, 5, 200);
  /** No retries at all. */
  public static final RetryPolicy NONE = new RetryPolicy(1, 1, 1, 1);

  public RetryPolicy {
    if (attemptsMax < 1 || budgetMs <= 0 || backoffFirstMs <= 0 || backoffMaxMs < backoffFirstMs) {
      throw new IllegalArgumentException("retry policy: attemptsMax >= 1, budgetMs > 0, "
          + "0 < backoffFirstMs <= backoffMaxMs; got " + this);
    }
  }

  /** The same policy with another deadline ({@code --retry-deadline-ms}). */
  public RetryPolicy withBudgetMs(long ms) {
    return new RetryPolicy(attemptsMax, ms, backoffFirstMs, backoffMaxMs);
  }

  /** The same policy with another number of sends ({@code --retry-attempts-max}). */
  public RetryPolicy withAttemptsMax(int n) {
    return new RetryPolicy(n, budgetMs, backoffFirstMs, backoffMaxMs);
  }

  /** Pause before attempt {@code next} (2, 3, ...): 0 before the second, then doubling. */
  public long backoffMs(int next) {
    if (next <= 2) {
      return 0;
    }
    long ms = backoffFirstMs << Math.min(20, next - 3);
    return Math.min(ms, backoffMaxMs);
  }
}
