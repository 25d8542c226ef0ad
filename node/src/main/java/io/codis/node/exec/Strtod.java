package io.codis.node.exec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} (glibc) over bytes, and the three ways Redis checks its result. One scanner,
 * no regular expressions: leading white space, a sign, {@code inf}/{@code infinity}/{@code nan},
 * decimal with an optional exponent, hexadecimal with an optional binary exponent. Like C it stops
 * at the first character it cannot use and reports where; ERANGE is reported for overflow and for
 * an underflow to zero or to an inexact subnormal, as glibc does.
 *
 * <ul>
 *   <li>{@link #string2d}: Redis's {@code string2d} (scores, weights, {@code getDoubleFromObject}):
 *       the whole argument, no leading space, no NaN, no overflow or underflow to zero.
 *   <li>{@link #rangeBound}: {@code zslParseRange}'s bare strtod: the text up to its first NUL,
 *       spaces first allowed, "" is 0, overflow reads as an infinity.
 *   <li>{@link #sortWeight}: SORT's weights: like a range bound, but any ERANGE is refused.
 * </ul>
 */
public final class Strtod {
  /**
   * Longer numbers are refused by string2d and range bounds; Redis's own number buffers stop at
   * 5 KiB (MAX_LONG_DOUBLE_CHARS), and nobody writes a score that long.
   */
  private static final int NUMBER_BYTES_MAX = 5120;
  /** Exponents are saturated here while read, far outside any double's range. */
  private static final int EXPONENT_LIMIT = 100_000;

  private Strtod() {}

  /** What strtod made of {@code text[from, limit)}: the value, where it stopped, and ERANGE. */
  public record Result(double value, int end, boolean rangeError) {}

  /** C's strtod over {@code text[from, limit)}; {@code end == from} when nothing was converted. */
  public static Result parse(byte[] text, int from, int limit) {
    int i = from;
    while (i < limit && isSpace(text[i])) {
      i++;
    }
    boolean negative = false;
    if (i < limit && (text[i] == '+' || text[i] == '-')) {
      negative = text[i] == '-';
      i++;
    }
    if (startsWithIgnoreCase(text, i, limit, "inf")) {
      int end = i + 3;
      if (startsWithIgnoreCase(text, end, limit, "inity")) {
        end += 5;
      }
      return new Result(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, end, false);
    }
    if (startsWithIgnoreCase(text, i, limit, "nan")) {
      int end = i + 3;
      if (end < limit && text[end] == '(') {
        int k = end + 1;
        while (k < limit && isNanChar(text[k])) {
          k++;
        }
        if (k < limit && text[k] == ')') {
          end = k + 1;
        }
      }
      return new Result(Double.NaN, end, false);
    }
    Result r;
    if (startsWithIgnoreCase(text, i, limit, "0x")
        && (hexDigit(at(text, i + 2, limit)) >= 0
            || (at(text, i + 2, limit) == '.' && hexDigit(at(text, i + 3, limit)) >= 0))) {
      r = hex(text, i + 2, limit);
    } else {
      r = decimal(text, i, limit);
    }
    if (r == null) {
      return new Result(0, from, false);
    }
    return negative ? new Result(-r.value, r.end, r.rangeError) : r;
  }

  /**
   * Redis's string2d: the whole of {@code arg} is a number, with no leading space, not NaN, and
   * neither overflowing nor underflowing to zero (a subnormal passes). Null when refused. Integers
   * take a fast path: most scores are integers.
   */
  public static Double string2d(byte[] arg) {
    Long integral = arg.length <= 16 ? Numbers.tryParseLong(arg) : null;
    if (integral != null) {
      return (double) integral;
    }
    if (arg.length == 0 || arg.length > NUMBER_BYTES_MAX || isSpace(arg[0])) {
      return null;
    }
    Result r = parse(arg, 0, arg.length);
    if (r.end != arg.length || Double.isNaN(r.value)
        || (r.rangeError && (Double.isInfinite(r.value) || r.value == 0))) {
      return null;
    }
    return r.value;
  }

  /**
   * One bound of a score range as zslParseRange reads it ({@code from} skips a '(' prefix): bare
   * strtod up to the first NUL, which must consume all of it; "" is 0; NaN is refused (null).
   */
  public static Double rangeBound(byte[] arg, int from) {
    int limit = nulOrEnd(arg, from);
    if (limit - from > NUMBER_BYTES_MAX) {
      return null;
    }
    Result r = parse(arg, from, limit);
    if (r.end != limit || Double.isNaN(r.value)) {
      return null;
    }
    return r.value;
  }

  /** A SORT weight: bare strtod up to the first NUL, all of it, no ERANGE, not NaN; "" is 0. */
  public static Double sortWeight(byte[] arg) {
    int limit = nulOrEnd(arg, 0);
    Result r = parse(arg, 0, limit);
    if (r.end != limit || r.rangeError || Double.isNaN(r.value)) {
      return null;
    }
    return r.value;
  }

  private static int nulOrEnd(byte[] text, int from) {
    int limit = from;
    while (limit < text.length && text[limit] != 0) {
      limit++;
    }
    return limit;
  }

  /** Unsigned decimal from {@code i}; null when there is no digit. */
  private static Result decimal(byte[] text, int i, int limit) {
    int start = i;
    boolean nonZeroDigit = false;
    int digits = 0;
    while (i < limit && isDigit(text[i])) {
      nonZeroDigit |= text[i] != '0';
      i++;
      digits++;
    }
    if (i < limit && text[i] == '.') {
      i++;
      while (i < limit && isDigit(text[i])) {
        nonZeroDigit |= text[i] != '0';
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return null;
    }
    if (i < limit && (text[i] == 'e' || text[i] == 'E')) {
      int e = i + 1;
      if (e < limit && (text[e] == '+' || text[e] == '-')) {
        e++;
      }
      if (e < limit && isDigit(text[e])) {
        while (e < limit && isDigit(text[e])) {
          e++;
        }
        i = e;
      }
    }
    double value = Double.parseDouble(new String(text, start, i - start, StandardCharsets.US_ASCII));
    boolean rangeError = Double.isInfinite(value) || (nonZeroDigit && value < Double.MIN_NORMAL);
    return new Result(value, i, rangeError);
  }

  /** Unsigned hexadecimal after the "0x" (at least one digit is known to follow). */
  private static Result hex(byte[] text, int i, int limit) {
    StringBuilder mantissa = new StringBuilder();
    int fractionDigits = 0;
    while (i < limit && hexDigit(text[i]) >= 0) {
      mantissa.append((char) text[i++]);
    }
    if (i < limit && text[i] == '.') {
      i++;
      while (i < limit && hexDigit(text[i]) >= 0) {
        mantissa.append((char) text[i++]);
        fractionDigits++;
      }
    }
    long exponent = 0;
    if (i < limit && (text[i] == 'p' || text[i] == 'P')) {
      int e = i + 1;
      boolean negative = false;
      if (e < limit && (text[e] == '+' || text[e] == '-')) {
        negative = text[e] == '-';
        e++;
      }
      if (e < limit && isDigit(text[e])) {
        while (e < limit && isDigit(text[e])) {
          exponent = Math.min(exponent * 10 + (text[e] - '0'), EXPONENT_LIMIT);
          e++;
        }
        exponent = negative ? -exponent : exponent;
        i = e;
      }
    }
    String digits = mantissa.toString();
    double value = Double.parseDouble("0x" + digits + "p" + (exponent - 4L * fractionDigits));
    boolean rangeError = Double.isInfinite(value);
    if (value < Double.MIN_NORMAL) {
      BigInteger bits = new BigInteger(digits, 16);
      // Below the normal range only multiples of 2^-1074 are exact; glibc flags the rest.
      rangeError = bits.signum() != 0
          && bits.getLowestSetBit() + exponent - 4L * fractionDigits < -1074;
    }
    return new Result(value, i, rangeError);
  }

  private static int at(byte[] text, int i, int limit) {
    return i < limit ? text[i] : 0;
  }

  private static boolean startsWithIgnoreCase(byte[] text, int i, int limit, String word) {
    if (limit - i < word.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (Character.toLowerCase((char) (text[i + k] & 0xff)) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
  }

  /** The characters C allows in {@code nan(...)}: ASCII letters, digits and '_'. */
  private static boolean isNanChar(byte b) {
    return isDigit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
  }

  private static boolean isDigit(int b) {
    return b >= '0' && b <= '9';
  }

  private static int hexDigit(int b) {
    return b >= 0 && b < 128 ? Character.digit(b, 16) : -1;
  }
}
