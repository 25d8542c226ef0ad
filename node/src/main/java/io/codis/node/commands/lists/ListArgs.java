package io.codis.node.commands.lists;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;
import io.codis.node.exec.Numbers;
import io.codis.node.keyspace.ListValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Argument parsing and small pieces shared by the list handlers, with Redis 7.0's error texts. */
final class ListArgs {
  static final String NOT_POSITIVE = "ERR value is out of range, must be positive";

  private ListArgs() {}

  /** LEFT or RIGHT (any case): true for LEFT, else {@code ERR syntax error}. */
  static boolean left(Call c, int index) {
    if (c.argIs(index, "left")) {
      return true;
    }
    if (c.argIs(index, "right")) {
      return false;
    }
    throw new CommandException(Errors.SYNTAX);
  }

  /**
   * An integer in {@code [min, Long.MAX_VALUE]}; anything else (not a number, or too small) is
   * answered with {@code errorText}, as Redis's getRangeLongFromObjectOrReply does.
   */
  static long atLeast(Call c, int index, long min, String errorText) {
    Long value = Numbers.tryParseLong(c.arg(index));
    if (value == null || value < min) {
      throw new CommandException(errorText);
    }
    return value;
  }

  /**
   * A blocking timeout in seconds (a float) turned into an absolute deadline in ms, 0 meaning
   * forever. Mirrors Redis 7.0: the seconds are multiplied by 1000 and truncated to a 64-bit
   * integer; a product C cannot represent (inf, 1e20) becomes LLONG_MIN there and so reads as
   * negative. A timeout under 1 ms truncates to 0 and therefore blocks forever, exactly as Redis
   * does; so does a deadline past LLONG_MAX (Redis 7.0 lets the sum wrap and the client never times
   * out).
   */
  static long deadlineMs(Call c, int index) {
    Double seconds = Numbers.tryParseDouble(c.arg(index));
    if (seconds == null) {
      throw new CommandException(Errors.TIMEOUT_NOT_FLOAT);
    }
    long timeoutMs = truncatedMs(c.arg(index), seconds);
    if (timeoutMs < 0) {
      throw new CommandException(Errors.TIMEOUT_NEGATIVE);
    }
    if (timeoutMs == 0) {
      return 0;
    }
    long now = c.now();
    return timeoutMs > Long.MAX_VALUE - now ? 0 : now + timeoutMs;
  }

  /**
   * {@code (long long)(seconds * 1000)} as Redis computes it in 80-bit long double: decimal text is
   * multiplied exactly (a double would round 9223372036854775 s up to 2^63 ms); a product outside
   * the 64-bit range becomes Long.MIN_VALUE, as the x86 conversion does.
   */
  private static long truncatedMs(byte[] text, double seconds) {
    if (Double.isInfinite(seconds)) {
      return Long.MIN_VALUE;
    }
    if (Math.abs(seconds) < 1e6) {
      return (long) (seconds * 1000.0); // small enough for a double to be exact to the millisecond
    }
    BigDecimal exact;
    try {
      exact = new BigDecimal(new String(text, StandardCharsets.ISO_8859_1));
    } catch (NumberFormatException e) {
      exact = new BigDecimal(seconds); // hex floats: the double is exact enough here
    }
    BigInteger ms = exact.movePointRight(3).toBigInteger();
    return ms.bitLength() < 64 ? ms.longValue() : Long.MIN_VALUE;
  }

  /** The list at {@code key}, or null when absent; WRONGTYPE for another type. */
  static ListValue list(Call c, byte[] key) {
    return c.typed(key, ListValue.class);
  }

  /** The list at {@code key}, creating (and storing) an empty one when absent. */
  static ListValue listOrCreate(Call c, byte[] key, ListValue existing) {
    if (existing != null) {
      return existing;
    }
    ListValue created = new ListValue();
    c.keyspace().put(key, created);
    return created;
  }

  /** After a write: deletes the key if the list became empty (Redis never keeps empty lists). */
  static void written(Call c, byte[] key, ListValue list) {
    if (list.isEmpty()) {
      c.keyspace().remove(key);
    }
    c.keyspace().modified(key);
  }

  /** Pops up to {@code count} elements from one end and replies with them as an array. */
  static void popRangeReply(Call c, ListValue list, boolean left, long count) {
    int n = (int) Math.min(count, list.size());
    c.reply().arrayHeader(n);
    for (int i = 0; i < n; i++) {
      c.reply().bulk(left ? list.removeFirst() : list.removeLast());
    }
  }
}
