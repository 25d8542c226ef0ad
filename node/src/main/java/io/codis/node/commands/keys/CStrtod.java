package io.codis.node.commands.keys;

/**
 * C's {@code strtod} as SORT uses it to read weights: the text up to its first NUL byte, leading
 * white space allowed, decimal or hexadecimal floats, {@code inf}/{@code infinity}. Redis refuses a
 * weight when characters are left over, when the value is out of range ({@code ERANGE}: overflow, or
 * underflow to zero or to a subnormal) or NaN. An empty string converts nothing, leaves nothing
 * over, and so is the weight 0.
 */
final class CStrtod {
  private CStrtod() {}

  /** The weight, or null when Redis would report "One or more scores can't be converted". */
  static Double parse(byte[] text) {
    int limit = 0;
    while (limit < text.length && text[limit] != 0) {
      limit++;
    }
    if (limit == 0) {
      return 0.0;
    }
    int i = 0;
    while (i < limit && isSpace(text[i])) {
      i++;
    }
    boolean negative = false;
    if (i < limit && (text[i] == '+' || text[i] == '-')) {
      negative = text[i] == '-';
      i++;
    }
    if (startsWithIgnoreCase(text, i, limit, "inf")) {
      i += 3;
      if (startsWithIgnoreCase(text, i, limit, "inity")) {
        i += 5;
      }
      return i == limit ? (negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : null;
    }
    if (startsWithIgnoreCase(text, i, limit, "nan")) {
      return null; // NaN is refused whatever follows it
    }
    Double value;
    if (startsWithIgnoreCase(text, i, limit, "0x")
        && (hexDigit(at(text, i + 2, limit)) >= 0
            || (at(text, i + 2, limit) == '.' && hexDigit(at(text, i + 3, limit)) >= 0))) {
      value = hex(text, i + 2, limit);
    } else {
      value = decimal(text, i, limit);
    }
    if (value == null) {
      return null;
    }
    return negative ? -value : value;
  }

  private static Double decimal(byte[] text, int i, int limit) {
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
      return null; // nothing converted and the text is not empty
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
    if (i != limit) {
      return null;
    }
    double value = Double.parseDouble(new String(text, start, i - start, java.nio.charset.StandardCharsets.US_ASCII));
    if (Double.isInfinite(value)) {
      return null; // overflow
    }
    if (nonZeroDigit && Math.abs(value) < Double.MIN_NORMAL) {
      return null; // underflow (glibc reports ERANGE for inexact subnormal results too)
    }
    return value;
  }

  private static Double hex(byte[] text, int i, int limit) {
    StringBuilder mantissa = new StringBuilder();
    while (i < limit && hexDigit(text[i]) >= 0) {
      mantissa.append((char) text[i++]);
    }
    if (i < limit && text[i] == '.') {
      mantissa.append('.');
      i++;
      while (i < limit && hexDigit(text[i]) >= 0) {
        mantissa.append((char) text[i++]);
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
          exponent = Math.min(exponent * 10 + (text[e] - '0'), 100_000);
          e++;
        }
        exponent = negative ? -exponent : exponent;
        i = e;
      }
    }
    if (i != limit) {
      return null;
    }
    double value = Double.parseDouble("0x" + mantissa + "p" + exponent);
    return Double.isInfinite(value) ? null : value;
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

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
  }

  private static boolean isDigit(int b) {
    return b >= '0' && b <= '9';
  }

  private static int hexDigit(int b) {
    return Character.digit(b & 0xff, 16) >= 0 && b < 128 ? Character.digit(b, 16) : -1;
  }
}
