package io.codis.node.commands.hashes;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An x87 80-bit {@code long double}, the type Redis uses for HINCRBYFLOAT (and INCRBYFLOAT): a
 * 64-bit significand and a 15-bit exponent. Java has no such type, and computing in {@code double}
 * gives visibly different answers ({@code 10.5 + 0.1} prints {@code 10.59999999999999964} at the
 * 17 decimals Redis prints), so values are kept exactly as {@code mantissa * 2^exponent} with
 * {@code |mantissa| < 2^64}, and every operation rounds to nearest-even at 64 significant bits, as
 * the hardware does.
 *
 * <p>Parsing follows glibc's {@code strtold} as Redis's {@code string2ld} calls it: decimal or
 * hexadecimal ({@code 0x1.8p3}) notation, {@code inf}/{@code infinity}, no leading space, the whole
 * input consumed (up to a NUL byte, where the C string ends), and results that overflow or
 * underflow to zero refused. Formatting is Redis's "human" form: {@code %.17Lf} with trailing
 * zeros removed.
 *
 * <p>Immutable. Inputs are bounded ({@link #INPUT_BYTES_MAX}) and exponents are checked before any
 * big number is built, so no input can make it allocate more than a few kilobytes.
 */
final class LongDouble {
  /** Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are not floats. */
  static final int INPUT_BYTES_MAX = 5 * 1024;

  private static final int SIGNIFICAND_BITS = 64;
  /** The lowest bit a value may have (the smallest subnormal is 2^-16445). */
  private static final int LSB_EXPONENT_MIN = -16445;
  /** Values at or above 2^16384 overflow to infinity. */
  private static final int MAGNITUDE_EXPONENT_LIMIT = 16384;
  /** Decimal exponents beyond these are certainly out of range (the bound has slack). */
  private static final int DECIMAL_EXPONENT_MAX = 4940;
  private static final int DECIMAL_EXPONENT_MIN = -4960;

  static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0, 0);
  static final LongDouble POSITIVE_INFINITY = new LongDouble(null, 0, 1);
  static final LongDouble NEGATIVE_INFINITY = new LongDouble(null, 0, -1);

  /** Signed significand, null for infinities. */
  private final BigInteger mantissa;
  private final int exponent;
  /** For infinities, +1 or -1. */
  private final int infinitySign;

  private LongDouble(BigInteger mantissa, int exponent, int infinitySign) {
    this.mantissa = mantissa;
    this.exponent = exponent;
    this.infinitySign = infinitySign;
  }

  boolean isInfinite() {
    return mantissa == null;
  }

  /** The exact long double of a 64-bit integer (every long fits in 64 significant bits). */
  static LongDouble of(long value) {
    return new LongDouble(BigInteger.valueOf(value), 0, 0);
  }

  /** {@code this + other}, rounded; may be infinite. NaN cannot arise from finite operands. */
  LongDouble add(LongDouble other) {
    if (isInfinite() || other.isInfinite()) {
      if (isInfinite() && other.isInfinite() && infinitySign != other.infinitySign) {
        throw new ArithmeticException("inf - inf");
      }
      return isInfinite() ? this : other;
    }
    int low = Math.min(exponent, other.exponent);
    BigInteger sum = mantissa.shiftLeft(exponent - low).add(other.mantissa.shiftLeft(other.exponent - low));
    return round(sum.signum(), sum.abs(), BigInteger.ONE, low);
  }

  /**
   * Rounds {@code sign * num / den * 2^scale} (num, den positive) to a long double: nearest, ties
   * to even; infinite on overflow, zero (or subnormal) on underflow.
   */
  private static LongDouble round(int sign, BigInteger num, BigInteger den, int scale) {
    if (sign == 0) {
      return ZERO;
    }
    // Choose e so that q = num / den * 2^-e has exactly 64 bits, then correct by one if needed.
    int e = num.bitLength() - den.bitLength() - SIGNIFICAND_BITS;
    BigInteger[] qr = divide(num, den, e);
    if (qr[0].bitLength() > SIGNIFICAND_BITS) {
      e++;
      qr = divide(num, den, e);
    } else if (qr[0].bitLength() < SIGNIFICAND_BITS) {
      e--;
      qr = divide(num, den, e);
    }
    if ((long) e + scale < LSB_EXPONENT_MIN) {
      e = LSB_EXPONENT_MIN - scale;
      qr = divide(num, den, e);
    }
    BigInteger q = qr[0];
    BigInteger divisor = e >= 0 ? den.shiftLeft(e) : den;
    int half = qr[1].shiftLeft(1).compareTo(divisor);
    if (half > 0 || (half == 0 && q.testBit(0))) {
      q = q.add(BigInteger.ONE);
      if (q.bitLength() > SIGNIFICAND_BITS) {
        q = q.shiftRight(1);
        e++;
      }
    }
    long lsb = (long) e + scale;
    if (q.signum() != 0 && lsb + q.bitLength() > MAGNITUDE_EXPONENT_LIMIT) {
      return sign > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
    }
    return new LongDouble(sign < 0 ? q.negate() : q, (int) lsb, 0);
  }

  /** {@code [quotient, remainder]} of {@code num * 2^-e / den} (remainder over the shifted divisor). */
  private static BigInteger[] divide(BigInteger num, BigInteger den, int e) {
    return e >= 0 ? num.divideAndRemainder(den.shiftLeft(e)) : num.shiftLeft(-e).divideAndRemainder(den);
  }

  /**
   * Parses as {@code string2ld} does; null when Redis would answer "not a valid float" (syntax, NaN,
   * overflow, underflow to zero, too long). Infinity parses (callers refuse it themselves).
   */
  static LongDouble parse(byte[] bytes) {
    if (bytes.length == 0 || bytes.length >= INPUT_BYTES_MAX) {
      return null;
    }
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    if (end == 0 || isSpace(bytes[0])) {
      return null;
    }
    int i = 0;
    int sign = 1;
    if (bytes[i] == '+' || bytes[i] == '-') {
      sign = bytes[i] == '-' ? -1 : 1;
      i++;
    }
    String rest = new String(bytes, i, end - i, java.nio.charset.StandardCharsets.ISO_8859_1)
        .toLowerCase(java.util.Locale.ROOT);
    if (rest.equals("inf") || rest.equals("infinity")) {
      return sign > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
    }
    if (rest.startsWith("0x") && rest.length() > 2 && isHexStart(rest.charAt(2), rest)) {
      return parseHex(sign, rest.substring(2));
    }
    return parseDecimal(sign, rest);
  }

  private static boolean isHexStart(char c, String rest) {
    // strtold takes "0x" as a hex prefix only if a hex digit follows (possibly after the point).
    if (Character.digit(c, 16) >= 0) {
      return true;
    }
    return c == '.' && rest.length() > 3 && Character.digit(rest.charAt(3), 16) >= 0;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\u000b' || b == '\f' || b == '\r';
  }

  private static LongDouble parseDecimal(int sign, String s) {
    int i = 0;
    int n = s.length();
    StringBuilder digits = new StringBuilder();
    int fractionDigits = 0;
    boolean sawDigit = false;
    while (i < n && isDigit(s.charAt(i))) {
      digits.append(s.charAt(i++));
      sawDigit = true;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        digits.append(s.charAt(i++));
        fractionDigits++;
        sawDigit = true;
      }
    }
    if (!sawDigit) {
      return null;
    }
    long exp = 0;
    if (i < n && s.charAt(i) == 'e') {
      i++;
      int expSign = 1;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        expSign = s.charAt(i) == '-' ? -1 : 1;
        i++;
      }
      if (i == n || !isDigit(s.charAt(i))) {
        return null; // "1e" leaves "e" unparsed
      }
      while (i < n && isDigit(s.charAt(i))) {
        exp = Math.min(exp * 10 + (s.charAt(i++) - '0'), 1_000_000L);
      }
      exp *= expSign;
    }
    if (i != n) {
      return null;
    }
    BigInteger unscaled = new BigInteger(digits.toString());
    if (unscaled.signum() == 0) {
      return ZERO;
    }
    long decimalExponent = exp - fractionDigits;
    // The value is about 10^(magnitude); refuse what certainly overflows or underflows.
    long magnitude = decimalExponent + unscaled.toString().length();
    if (magnitude > DECIMAL_EXPONENT_MAX) {
      return null;
    }
    if (magnitude < DECIMAL_EXPONENT_MIN) {
      return null;
    }
    BigInteger num = unscaled;
    BigInteger den = BigInteger.ONE;
    if (decimalExponent >= 0) {
      num = num.multiply(BigInteger.TEN.pow((int) decimalExponent));
    } else {
      den = BigInteger.TEN.pow((int) -decimalExponent);
    }
    return checkRange(round(sign, num, den, 0));
  }

  private static LongDouble parseHex(int sign, String s) {
    int i = 0;
    int n = s.length();
    BigInteger mantissa = BigInteger.ZERO;
    int fractionDigits = 0;
    while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
      mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(i++), 16)));
      if (mantissa.bitLength() > 4 * INPUT_BYTES_MAX) {
        return null;
      }
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
        mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(i++), 16)));
        fractionDigits++;
      }
    }
    long exp = 0;
    if (i < n && s.charAt(i) == 'p') {
      int save = i;
      i++;
      int expSign = 1;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        expSign = s.charAt(i) == '-' ? -1 : 1;
        i++;
      }
      if (i == n || !isDigit(s.charAt(i))) {
        i = save; // "0x1p" leaves "p" unparsed
      } else {
        while (i < n && isDigit(s.charAt(i))) {
          exp = Math.min(exp * 10 + (s.charAt(i++) - '0'), 1_000_000L);
        }
        exp *= expSign;
      }
    }
    if (i != n) {
      return null;
    }
    if (mantissa.signum() == 0) {
      return ZERO;
    }
    long binaryExponent = exp - 4L * fractionDigits;
    long magnitude = binaryExponent + mantissa.bitLength();
    if (magnitude > MAGNITUDE_EXPONENT_LIMIT + 1 || magnitude < LSB_EXPONENT_MIN - 2) {
      return null;
    }
    return checkRange(round(sign, mantissa, BigInteger.ONE, (int) binaryExponent));
  }

  /** strtold reports ERANGE for infinities and for results that underflow to zero: not floats. */
  private static LongDouble checkRange(LongDouble value) {
    if (value.isInfinite() || value.mantissa.signum() == 0) {
      return null;
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Redis's {@code ld2string(..., LD_STR_HUMAN)}: {@code %.17Lf}, trailing zeros removed, no "-0". */
  String toHumanString() {
    if (isInfinite()) {
      return infinitySign > 0 ? "inf" : "-inf";
    }
    BigDecimal exact = exponent >= 0
        ? new BigDecimal(mantissa.shiftLeft(exponent))
        : new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
    String text = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
    int length = text.length();
    while (text.charAt(length - 1) == '0') {
      length--;
    }
    if (text.charAt(length - 1) == '.') {
      length--;
    }
    text = text.substring(0, length);
    return text.equals("-0") ? "0" : text;
  }

  @Override
  public String toString() {
    return toHumanString();
  }
}
