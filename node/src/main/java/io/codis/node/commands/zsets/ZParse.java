package io.codis.node.commands.zsets;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.keyspace.ZSkipList.LexRange;
import io.codis.node.keyspace.ZSkipList.ScoreRange;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Argument parsing for the sorted-set commands with the exact acceptance rules of the C functions
 * Redis uses, which differ from one another: scores go through {@code string2d} (no spaces, no
 * overflow, no NaN), range bounds through bare {@code strtod} (leading spaces and the empty string
 * pass, "1e999" is inf). Blocking timeouts are read by
 * {@link io.codis.node.exec.Call#argDeadlineMs}.
 */
final class ZParse {
  static final String MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
  static final String LEX_RANGE_INVALID = "ERR min or max not valid string range item";
  static final String NOT_POSITIVE = "ERR value is out of range, must be positive";

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern HEX =
      Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
  private static final Pattern INFINITY = Pattern.compile("(?i)[+-]?inf(inity)?");
  private static final Pattern NAN = Pattern.compile("(?i)[+-]?nan(\\([0-9a-z_]*\\))?");
  /** Longer numbers are refused outright; Redis's own buffers stop at a few thousand bytes too. */
  private static final int NUMBER_CHARS_MAX = 5120;

  private ZParse() {}

  /** What C's strtod makes of a whole string: a value, and whether it over- or underflowed. */
  record Strtod(double value, boolean rangeError) {}

  /**
   * Parses {@code text} as strtod does, requiring every character to be consumed; null when it is
   * not a number. Leading whitespace is the caller's business.
   */
  static Strtod strtod(String text) {
    if (text.length() > NUMBER_CHARS_MAX) {
      return null;
    }
    if (DECIMAL.matcher(text).matches()) {
      double value = Double.parseDouble(text);
      if (Double.isInfinite(value)) {
        return new Strtod(value, true);
      }
      if (value == 0 && hasNonZeroMantissa(text)) {
        return new Strtod(value, true);
      }
      return new Strtod(value, false);
    }
    if (HEX.matcher(text).matches()) {
      String body = text.indexOf('p') >= 0 || text.indexOf('P') >= 0 ? text : text + "p0";
      double value = Double.parseDouble(body);
      return new Strtod(value, Double.isInfinite(value));
    }
    if (INFINITY.matcher(text).matches()) {
      return new Strtod(text.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, false);
    }
    if (NAN.matcher(text).matches()) {
      return new Strtod(Double.NaN, false);
    }
    return null;
  }

  private static boolean hasNonZeroMantissa(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == 'e' || ch == 'E') {
        return false;
      }
      if (ch >= '1' && ch <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean isSpace(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == 0x0b || ch == '\f' || ch == '\r';
  }

  /** Redis's string2d (ZADD scores, weights): a whole number, no leading space, no overflow, not NaN. */
  static Double score(byte[] arg) {
    // Fast path for the common case, an integer score: exact as a double up to 2^53.
    Long integral = arg.length <= 16 ? io.codis.node.exec.Numbers.tryParseLong(arg) : null;
    if (integral != null) {
      return (double) integral;
    }
    String text = new String(arg, StandardCharsets.ISO_8859_1);
    if (text.isEmpty() || isSpace(text.charAt(0))) {
      return null;
    }
    Strtod parsed = strtod(text);
    if (parsed == null || Double.isNaN(parsed.value())
        || (parsed.rangeError() && (Double.isInfinite(parsed.value()) || parsed.value() == 0))) {
      return null;
    }
    return parsed.value();
  }

  /** A score argument, or {@code errorText}. */
  static double score(Call c, int index, String errorText) {
    Double value = score(c.arg(index));
    if (value == null) {
      throw new CommandException(errorText);
    }
    return value;
  }

  /** One bound of a score range as zslParseRange reads it: bare strtod, so spaces and "" pass. */
  private static Double rangeNumber(String text) {
    if (text.isEmpty()) {
      return 0.0; // strtod converts nothing and stops at the terminator: Redis takes it as 0
    }
    int start = 0;
    while (start < text.length() && isSpace(text.charAt(start))) {
      start++;
    }
    if (start == text.length()) {
      return null;
    }
    Strtod parsed = strtod(text.substring(start));
    if (parsed == null || Double.isNaN(parsed.value())) {
      return null;
    }
    return parsed.value();
  }

  /** ZCOUNT/ZRANGEBYSCORE bounds: {@code 1.5}, {@code (1.5} (exclusive), {@code -inf}, {@code +inf}. */
  static ScoreRange scoreRange(byte[] min, byte[] max) {
    String minText = new String(min, StandardCharsets.ISO_8859_1);
    String maxText = new String(max, StandardCharsets.ISO_8859_1);
    boolean minExclusive = minText.startsWith("(");
    boolean maxExclusive = maxText.startsWith("(");
    Double minValue = rangeNumber(minExclusive ? minText.substring(1) : minText);
    Double maxValue = rangeNumber(maxExclusive ? maxText.substring(1) : maxText);
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
