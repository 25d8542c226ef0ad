package io.codis.node.exec;

import java.math.BigInteger;

/**
 * The x87 80-bit extended float that Redis's INCRBYFLOAT computes with on x86-64 (C's {@code long
 * double}): a 64-bit significand with an explicit integer bit and binary exponents from -16382 to
 * 16383, subnormals included. Java has no such type, and {@code double} gives different answers
 * ({@code 10.5 + 0.1} prints as 10.59999999999999964 with 17 decimals, Redis says 10.6), so values are
 * kept exactly as {@code significand * 2^exponent} in big integers and every operation rounds the
 * exact result once, to nearest with ties to even, as the FPU does.
 *
 * <p>Three operations are all INCRBYFLOAT and HINCRBYFLOAT need: {@link #parse} (glibc's strtold under Redis's
 * string2ld rules), {@link #add} and {@link #toFixed17} (printf's {@code "%.17Lf"}, trailing zeros
 * trimmed, as Redis's ld2string in human mode). Slow next to a double, but exact; INCRBYFLOAT is
 * not on a hot path.
 */
public final class LongDouble {
  /** Exponent of the lowest significand bit of the smallest subnormal, 2^-16445. */
  private static final int LSB_EXPONENT_MIN = -16445;
  /** Exponent of the lowest significand bit of the largest finite values, (2^64-1) * 2^16320. */
  private static final int LSB_EXPONENT_MAX = 16320;
  private static final int SIGNIFICAND_BITS = 64;
  /** Redis's string2ld refuses inputs of MAX_LONG_DOUBLE_CHARS (5 KiB) or more. */
  private static final int TEXT_BYTES_MAX = 5 * 1024;
  /** Bounds on exponents read from text, far outside the range, so parsing stays cheap. */
  private static final int TEXT_EXPONENT_LIMIT = 1_000_000;
  private static final BigInteger TEN_POW_17 = BigInteger.TEN.pow(17);

  public static final LongDouble ZERO = new LongDouble(0, BigInteger.ZERO, 0);
  private static final LongDouble POSITIVE_INFINITY = new LongDouble(1, BigInteger.ZERO, 0);
  private static final LongDouble NEGATIVE_INFINITY = new LongDouble(-1, BigInteger.ZERO, 0);

  /** 0 for a finite value, +1 or -1 for an infinity. */
  private final int infinity;
  /** Signed significand, at most 64 bits of magnitude. */
  private final BigInteger significand;
  /** The value is {@code significand * 2^exponent}. */
  private final int exponent;

  /** True for +inf and -inf (which {@link #parse} accepts as text, as strtold does). */
  public boolean isInfinite() {
    return infinity != 0;
  }

  private LongDouble(int infinity, BigInteger significand, int exponent) {
    this.infinity = infinity;
    this.significand = significand;
    this.exponent = exponent;
  }

  /**
   * Reads a number as Redis's string2ld does: the whole input must be what strtold accepts (decimal,
   * hexadecimal with a binary exponent, {@code inf}/{@code infinity}; no spaces, no NUL), NaN is
   * refused, and so is a finite input that overflows to infinity or underflows to zero. Returns null
   * when refused.
   */
  public static LongDouble parse(byte[] text) {
    int n = text.length;
    if (n == 0 || n >= TEXT_BYTES_MAX) {
      return null;
    }
    int i = 0;
    boolean negative = false;
    if (text[0] == '+' || text[0] == '-') {
      negative = text[0] == '-';
      i = 1;
    }
    if (matchesWord(text, i, "inf") || matchesWord(text, i, "infinity")) {
      return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
    }
    if (n - i >= 2 && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
      return parseHex(text, i + 2, negative);
    }
    return parseDecimal(text, i, negative);
  }

  private static boolean matchesWord(byte[] text, int from, String word) {
    if (text.length - from != word.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (Character.toLowerCase((char) (text[from + k] & 0xff)) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static LongDouble parseDecimal(byte[] text, int from, boolean negative) {
    int n = text.length;
    int i = from;
    StringBuilder digits = new StringBuilder(n);
    int fractionDigits = 0;
    boolean point = false;
    for (; i < n; i++) {
      int ch = text[i];
      if (ch >= '0' && ch <= '9') {
        digits.append((char) ch);
        if (point) {
          fractionDigits++;
        }
      } else if (ch == '.' && !point) {
        point = true;
      } else {
        break;
      }
    }
    if (digits.length() == 0) {
      return null;
    }
    long exponent10 = 0;
    if (i < n) {
      if (text[i] != 'e' && text[i] != 'E') {
        return null;
      }
      long[] parsed = parseExponent(text, i + 1);
      if (parsed == null) {
        return null;
      }
      exponent10 = parsed[0];
    }
    exponent10 -= fractionDigits;
    BigInteger mantissa = new BigInteger(digits.toString());
    if (mantissa.signum() == 0) {
      return ZERO;
    }
    // Decide overflow and underflow from the decimal magnitude before building powers of ten: the
    // value lies in [10^(m-1), 10^m). The largest finite value is about 1.19e4932, the smallest
    // subnormal about 3.65e-4951.
    long magnitude = mantissa.toString().length() + exponent10;
    if (magnitude > 4934) {
      return null;
    }
    if (magnitude < -4952) {
      return null;
    }
    BigInteger num = mantissa;
    BigInteger den = BigInteger.ONE;
    if (exponent10 >= 0) {
      num = num.multiply(BigInteger.TEN.pow((int) exponent10));
    } else {
      den = BigInteger.TEN.pow((int) -exponent10);
    }
    return finiteOrNull(round(negative, num, den, 0));
  }

  private static LongDouble parseHex(byte[] text, int from, boolean negative) {
    int n = text.length;
    int i = from;
    BigInteger mantissa = BigInteger.ZERO;
    int hexDigits = 0;
    int fractionDigits = 0;
    boolean point = false;
    for (; i < n; i++) {
      int value = Character.digit(text[i] & 0xff, 16);
      if (value >= 0 && (text[i] & 0xff) < 128) {
        mantissa = mantissa.shiftLeft(4).or(BigInteger.valueOf(value));
        hexDigits++;
        if (point) {
          fractionDigits++;
        }
      } else if (text[i] == '.' && !point) {
        point = true;
      } else {
        break;
      }
    }
    if (hexDigits == 0) {
      return null; // "0x" alone: strtold reads "0" and stops at the 'x'
    }
    long exponent2 = 0;
    if (i < n) {
      if (text[i] != 'p' && text[i] != 'P') {
        return null;
      }
      long[] parsed = parseExponent(text, i + 1);
      if (parsed == null) {
        return null;
      }
      exponent2 = parsed[0];
    }
    exponent2 -= 4L * fractionDigits;
    if (mantissa.signum() == 0) {
      return ZERO;
    }
    long magnitude = mantissa.bitLength() + exponent2;
    if (magnitude > 16385) {
      return null;
    }
    if (magnitude < LSB_EXPONENT_MIN - 2) {
      return null;
    }
    return finiteOrNull(round(negative, mantissa, BigInteger.ONE, exponent2));
  }

  /** An optionally signed run of digits to the end of the text, saturated; null when malformed. */
  private static long[] parseExponent(byte[] text, int from) {
    int n = text.length;
    int i = from;
    boolean negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      negative = text[i] == '-';
      i++;
    }
    if (i >= n) {
      return null;
    }
    long value = 0;
    for (; i < n; i++) {
      int d = text[i] - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      value = Math.min(TEXT_EXPONENT_LIMIT, value * 10 + d);
    }
    return new long[] {negative ? -value : value};
  }

  /** A parsed nonzero input that rounded to zero or to infinity is refused (ERANGE in strtold). */
  private static LongDouble finiteOrNull(LongDouble value) {
    if (value.infinity != 0 || value.significand.signum() == 0) {
      return null;
    }
    return value;
  }

  /**
   * The sum, rounded once; null when it is infinite or NaN (either operand infinite, or overflow),
   * which INCRBYFLOAT refuses.
   */
  public LongDouble add(LongDouble other) {
    if (infinity != 0 || other.infinity != 0) {
      return null;
    }
    if (significand.signum() == 0) {
      return other;
    }
    if (other.significand.signum() == 0) {
      return this;
    }
    int lowest = Math.min(exponent, other.exponent);
    BigInteger sum =
        significand.shiftLeft(exponent - lowest).add(other.significand.shiftLeft(other.exponent - lowest));
    LongDouble result = round(sum.signum() < 0, sum.abs(), BigInteger.ONE, lowest);
    return result.infinity != 0 ? null : result;
  }

  /**
   * {@code (long long)ceill(this * factor)} as C computes it on x86-64: the product rounded once to
   * a long double, then rounded up to an integer; a result outside the 64-bit range (infinities
   * included) becomes Long.MIN_VALUE, the x87 "integer indefinite" value. Redis 7.0 turns blocking
   * timeouts in seconds into milliseconds this way.
   */
  public long multiplyCeil(long factor) {
    if (infinity != 0) {
      return Long.MIN_VALUE;
    }
    if (significand.signum() == 0 || factor == 0) {
      return 0;
    }
    BigInteger exact = significand.multiply(BigInteger.valueOf(factor));
    LongDouble product = round(exact.signum() < 0, exact.abs(), BigInteger.ONE, exponent);
    if (product.infinity != 0) {
      return Long.MIN_VALUE;
    }
    BigInteger magnitude = product.significand.abs();
    if (product.exponent >= 0) {
      if (magnitude.bitLength() + product.exponent > 64) {
        return Long.MIN_VALUE;
      }
      magnitude = magnitude.shiftLeft(product.exponent);
    } else {
      int shift = -product.exponent;
      boolean fraction = magnitude.getLowestSetBit() < shift;
      magnitude = magnitude.shiftRight(shift); // toward zero: the ceiling of a negative value
      if (fraction && product.significand.signum() > 0) {
        magnitude = magnitude.add(BigInteger.ONE);
      }
    }
    BigInteger ceiling = product.significand.signum() < 0 ? magnitude.negate() : magnitude;
    return ceiling.bitLength() <= 63 ? ceiling.longValue() : Long.MIN_VALUE;
  }

  /**
   * Rounds {@code num / den * 2^binaryExponent} ({@code num >= 0}, {@code den > 0}) to the nearest
   * extended value, ties to even; an infinity when it is too large.
   */
  private static LongDouble round(boolean negative, BigInteger num, BigInteger den, long binaryExponent) {
    if (num.signum() == 0) {
      return ZERO;
    }
    // Choose the exponent of the lowest significand bit so that the quotient has exactly 64 bits,
    // or fewer only for subnormals (where the exponent is pinned at its minimum).
    long e = binaryExponent + num.bitLength() - den.bitLength() - SIGNIFICAND_BITS;
    BigInteger quotient;
    BigInteger remainder;
    BigInteger divisor;
    while (true) {
      if (e < LSB_EXPONENT_MIN) {
        e = LSB_EXPONENT_MIN;
      }
      long shift = binaryExponent - e;
      BigInteger scaledNum = shift >= 0 ? num.shiftLeft((int) shift) : num;
      divisor = shift >= 0 ? den : den.shiftLeft((int) -shift);
      BigInteger[] qr = scaledNum.divideAndRemainder(divisor);
      quotient = qr[0];
      remainder = qr[1];
      int bits = quotient.bitLength();
      if (bits > SIGNIFICAND_BITS) {
        e += bits - SIGNIFICAND_BITS;
      } else if (bits < SIGNIFICAND_BITS && e > LSB_EXPONENT_MIN) {
        e -= SIGNIFICAND_BITS - bits;
      } else {
        break;
      }
    }
    int half = remainder.shiftLeft(1).compareTo(divisor);
    if (half > 0 || (half == 0 && quotient.testBit(0))) {
      quotient = quotient.add(BigInteger.ONE);
      if (quotient.bitLength() > SIGNIFICAND_BITS) {
        quotient = quotient.shiftRight(1);
        e++;
      }
    }
    if (e > LSB_EXPONENT_MAX) {
      return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
    }
    if (quotient.signum() == 0) {
      return ZERO;
    }
    return new LongDouble(0, negative ? quotient.negate() : quotient, (int) e);
  }

  /**
   * The value as printf's {@code "%.17Lf"} writes it (the exact binary value rounded to 17 decimals,
   * ties to even), with trailing zeros and a trailing point removed and "-0" written "0": Redis's
   * ld2string in human-friendly mode. Only for finite values.
   */
  public String toFixed17() {
    if (infinity != 0) {
      throw new IllegalStateException("toFixed17 of an infinity");
    }
    BigInteger magnitude = significand.abs();
    BigInteger scaled;
    if (exponent >= 0) {
      scaled = magnitude.shiftLeft(exponent).multiply(TEN_POW_17);
    } else {
      BigInteger num = magnitude.multiply(TEN_POW_17);
      int shift = -exponent;
      scaled = num.shiftRight(shift);
      BigInteger rest = num.subtract(scaled.shiftLeft(shift));
      int half = rest.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
      if (half > 0 || (half == 0 && scaled.testBit(0))) {
        scaled = scaled.add(BigInteger.ONE);
      }
    }
    if (scaled.signum() == 0) {
      return "0";
    }
    String digits = scaled.toString();
    if (digits.length() < 18) {
      digits = "0".repeat(18 - digits.length()) + digits;
    }
    int point = digits.length() - 17;
    int end = digits.length();
    while (end > point && digits.charAt(end - 1) == '0') {
      end--;
    }
    StringBuilder out = new StringBuilder(end + 2);
    if (significand.signum() < 0) {
      out.append('-');
    }
    out.append(digits, 0, point);
    if (end > point) {
      out.append('.').append(digits, point, end);
    }
    return out.toString();
  }
}
