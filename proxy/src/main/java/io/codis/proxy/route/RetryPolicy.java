package io.codis.proxy.route;

/**
 * The bounded budget within which the proxy retries a request a node refused before running it
 * ({@code -MOVED}, {@code -TRYAGAIN}, {@code -CLUSTERDOWN} from the node, or a connection that
 * could not be opened): at most {@code attemptsMax} sends in all, none started after {@code
 * budgetMs} from the first. Between attempts the proxy refreshes its table from the metaserver and
 * waits {@code backoffFirstMs}, doubling up to {@code backoffMaxMs} (the first retry waits only for
 * the refresh). Past the budget the client gets the last error as the node sent it.
 */
public record RetryPolicy(int attemptsMax, long budgetMs, long backoffFirstMs, long backoffMaxMs) {
  public static final RetryPolicy DEFAULTS = new RetryPolicy(8, 2_000, 5, 200);
  /** No retries at all. */
  public static final RetryPolicy NONE = new RetryPolicy(1, 1, 1, 1);

  public RetryPolicy {
    if (attemptsMax < 1 || budgetMs <= 0 || backoffFirstMs <= 0 || backoffMaxMs < backoffFirstMs) {
      throw new IllegalArgumentException("retry policy: attemptsMax >= 1, budgetMs > 0, "
          + "0 < backoffFirstMs <= backoffMaxMs; got " + this);
    }
  }

  /** Pause before attempt {@code next} (2, 3, ...): 0 before the second, then doubling. */
  long backoffMs(int next) {
    if (next <= 2) {
      return 0;
    }
    long ms = backoffFirstMs << Math.min(20, next - 3);
    return Math.min(ms, backoffMaxMs);
  }
}
