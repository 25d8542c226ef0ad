package io.codis.node.exec;

/**
 * The timeout argument of the blocking commands (BLPOP, BLMOVE, BLMPOP, BZPOPMIN, BZMPOP...) as
 * Redis 7.0.15's {@code getTimeoutFromObjectOrReply} reads it in seconds: the text goes through
 * {@code string2ld} (a long double: "1e400" is a number there, "1e5000" and "1e-5000" are refused
 * as out of range, NaN and spaces are refused), is multiplied by 1000 in long double and rounded
 * up with {@code ceill} to a 64-bit integer.
 *
 * <p>The odd cases follow from that arithmetic, and Redis answers them so: a product C cannot
 * represent ({@code inf}, {@code 1e20}) becomes LLONG_MIN on x86 and so reads as "negative"; a
 * positive timeout under 1 ms (0.0001, 1e-400) rounds up to 1 ms, while a negative one above -1 ms
 * (-0.0001) rounds up to 0 and blocks forever; a deadline past LLONG_MAX (9223372036854775
 * seconds) lets the sum wrap in Redis 7.0 and the client never times out, so it blocks forever
 * here too (7.2 added an "out of range" error, 7.0 has none).
 *
 * <p>The same Redis function reads the whole-millisecond timeouts of WAIT and CLIENT PAUSE: see
 * {@link #millis}.
 */
public final class BlockingTimeout {
  /** Integral seconds up to this bound turn into milliseconds exactly, without a long double. */
  private static final long EXACT_SECONDS_MAX = Long.MAX_VALUE / 1000;

  private BlockingTimeout() {}

  /** The absolute deadline in ms for the timeout text {@code arg}, 0 meaning "block forever". */
  public static long deadlineMs(byte[] arg, long nowMs) {
    long timeoutMs = timeoutMs(arg);
    if (timeoutMs < 0) {
      throw new CommandException(Errors.TIMEOUT_NEGATIVE);
    }
    if (timeoutMs == 0) {
      return 0;
    }
    return timeoutMs > Long.MAX_VALUE - nowMs ? 0 : nowMs + timeoutMs;
  }

  /**
   * A timeout given in whole milliseconds (WAIT, CLIENT PAUSE), as Redis's {@code
   * getTimeoutFromObjectOrReply} reads it with {@code UNIT_MILLISECONDS}: an integer, not negative.
   */
  public static long millis(byte[] arg) {
    long timeoutMs = Numbers.parseLong(arg, Errors.TIMEOUT_NOT_INTEGER);
    if (timeoutMs < 0) {
      throw new CommandException(Errors.TIMEOUT_NEGATIVE);
    }
    return timeoutMs;
  }

  /** {@code (long long)ceill(seconds * 1000.0)} with Redis's parsing; negative values included. */
  static long timeoutMs(byte[] arg) {
    // Fast path: a plain integer, whose product is exact in a long double as in a long.
    Long integral = arg.length <= 16 ? Numbers.tryParseLong(arg) : null;
    if (integral != null && integral >= -EXACT_SECONDS_MAX && integral <= EXACT_SECONDS_MAX) {
      return integral * 1000;
    }
    LongDouble seconds = LongDouble.parse(arg);
    if (seconds == null) {
      throw new CommandException(Errors.TIMEOUT_NOT_FLOAT);
    }
    return seconds.multiplyCeil(1000);
  }
}
