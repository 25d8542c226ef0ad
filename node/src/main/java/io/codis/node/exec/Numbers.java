package io.codis.node.exec;

import java.nio.charset.StandardCharsets;

/** Number parsing and formatting with Redis's rules (string2ll, strtold, %.17g). */
public final class Numbers {
  private Numbers() {}

  /** Redis's string2ll: optional '-', digits, no leading zeros or '+', no spaces, fits in a long. */
  public static long parseLong(byte[] s, String errorText) {
    Long value = tryParseLong(s);
    if (value == null) {
      throw new CommandException(errorText);
    }
    return value;
  }

  /** Returns the value or null when {@code s} is not exactly a canonical 64-bit integer. */
  public static Long tryParseLong(byte[] s) {
    int n = s.length;
    if (n == 0 || n > 20) {
      return null;
    }
    if (n == 1 && s[0] == '0') {
      return 0L;
    }
    int i = 0;
    boolean negative = false;
    if (s[0] == '-') {
      negative = true;
      i = 1;
      if (n == 1) {
        return null;
      }
    }
    if (s[i] < '1' || s[i] > '9') {
      return null;
    }
    long value = 0;
    for (; i < n; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      if (value > (Long.MAX_VALUE - d) / 10) {
        if (negative && value == Long.MAX_VALUE / 10 && d == 8 && i == n - 1) {
          return Long.MIN_VALUE;
        }
        return null;
      }
      value = value * 10 + d;
    }
    return negative ? -value : value;
  }

  /** Parses a double as Redis's getDoubleFromObject does: no spaces, no NaN, "inf" allowed. */
  public static double parseDouble(byte[] s, String errorText) {
    Double value = tryParseDouble(s);
    if (value == null) {
      throw new CommandException(errorText);
    }
    return value;
  }

  public static Double tryParseDouble(byte[] s) {
    if (s.length == 0 || s.length > 5120) {
      return null;
    }
    String text = new String(s, StandardCharsets.ISO_8859_1);
    if (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))) {
      return null;
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (lower.contains("n") || lower.endsWith("d") || lower.endsWith("f") || lower.contains("_")) {
      // Java accepts "1d", "1f" and "NaN"; strtod does not accept the first two and we refuse NaN.
      if (!lower.startsWith("0x")) {
        return null;
      }
    }
    try {
      double value = lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")
          ? Double.parseDouble(lower.contains("p") ? lower : lower + "p0")
          : Double.parseDouble(text);
      return Double.isNaN(value) ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The bytes of a long in decimal. */
  public static byte[] toBytes(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
