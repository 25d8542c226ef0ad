package io.codis.node.commands.zsets;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Strtod;
import io.codis.node.keyspace.ZSkipList.LexRange;
import io.codis.node.keyspace.ZSkipList.ScoreRange;

/**
 * Argument parsing for the sorted-set commands with the exact acceptance rules of the C functions
 * Redis uses, which differ from one another: range bounds go through bare {@code strtod} (leading
 * spaces and the empty string pass, "1e999" is inf; {@link Strtod#rangeBound}). Scores and weights
 * are string2d ({@link io.codis.node.exec.Call#argDouble}), blocking timeouts
 * {@link io.codis.node.exec.Call#argDeadlineMs}.
 */
final class ZParse {
  static final String MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
  static final String LEX_RANGE_INVALID = "ERR min or max not valid string range item";
  static final String NOT_POSITIVE = "ERR value is out of range, must be positive";

  private ZParse() {}

  /** ZCOUNT/ZRANGEBYSCORE bounds: {@code 1.5}, {@code (1.5} (exclusive), {@code -inf}, {@code +inf}. */
  static ScoreRange scoreRange(byte[] min, byte[] max) {
    boolean minExclusive = min.length > 0 && min[0] == '(';
    boolean maxExclusive = max.length > 0 && max[0] == '(';
    Double minValue = Strtod.rangeBound(min, minExclusive ? 1 : 0);
    Double maxValue = Strtod.rangeBound(max, maxExclusive ? 1 : 0);
    if (minValue == null || maxValue == null) {
      throw new CommandException(MIN_MAX_NOT_FLOAT);
    }
    return new ScoreRange(minValue, minExclusive, maxValue, maxExclusive);
  }

  /** BYLEX bounds: {@code [a} (inclusive), {@code (a} (exclusive), {@code -}, {@code +}. */
  static LexRange lexRange(byte[] min, byte[] max) {
    if (!validLexItem(min) || !validLexItem(max)) {
      throw new CommandException(LEX_RANGE_INVALID);
    }
    boolean minMinus = min[0] == '-';
    boolean maxPlus = max[0] == '+';
    byte[] minValue = min[0] == '-' || min[0] == '+' ? null : java.util.Arrays.copyOfRange(min, 1, min.length);
    byte[] maxValue = max[0] == '-' || max[0] == '+' ? null : java.util.Arrays.copyOfRange(max, 1, max.length);
    // "-" and "+" count as exclusive in Redis (zslParseLexItem), which matters for "- -".
    boolean minExclusive = min[0] != '[';
    boolean maxExclusive = max[0] != '[';
    return new LexRange(minValue, minExclusive, minMinus, maxValue, maxExclusive, maxPlus);
  }

  private static boolean validLexItem(byte[] item) {
    if (item.length == 0) {
      return false;
    }
    return switch (item[0]) {
      case '+', '-' -> item.length == 1;
      case '(', '[' -> true;
      default -> false;
    };
  }

  /** A count that must be at least 1 (getPositiveLong... with Redis's default message). */
  static long positive(Call c, int index) {
    Long value = io.codis.node.exec.Numbers.tryParseLong(c.arg(index));
    if (value == null || value < 0) {
      throw new CommandException(NOT_POSITIVE);
    }
    return value;
  }

  /** A long in [1, Long.MAX_VALUE], else {@code errorText} (numkeys, COUNT of ZMPOP). */
  static long atLeastOne(Call c, int index, String errorText) {
    Long value = io.codis.node.exec.Numbers.tryParseLong(c.arg(index));
    if (value == null || value < 1) {
      throw new CommandException(errorText);
    }
    return value;
  }
}
