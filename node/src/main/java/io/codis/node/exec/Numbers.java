package io.codis.node.exec;

import java.nio.charset.StandardCharsets;

/** Integer parsing and formatting with Redis's rules (string2ll); doubles go through {@link Strtod}. */
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

  /**
   * Parses a double as Redis's getDoubleFromObject (string2d) does: the whole text, no spaces, no
   * NaN, "inf" allowed, no overflow ("1e400") or underflow to zero ("1e-400"). See {@link Strtod}.
   */
  public static double parseDouble(byte[] s, String errorText) {
    Double value = Strtod.string2d(s);
    if (value == null) {
      throw new CommandException(errorText);
    }
    return value;
  }

  /** The bytes of a long in decimal. */
  public static byte[] toBytes(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
