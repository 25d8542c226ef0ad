package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;

/**
 * Helpers shared by the string handlers: Redis's integer rules on {@code byte[]} without boxing (INCR
 * is on the benchmark's hot path), the largest string a command may build, and option words compared
 * the way Redis's {@code strcasecmp} on a C string compares them.
 */
final class StringValues {
  /** Java arrays stop a little below 2^31 bytes, whatever proto-max-bulk-len says. */
  static final long JAVA_ARRAY_BYTES_MAX = Integer.MAX_VALUE - 8;

  private StringValues() {}

  /**
   * The largest string a command may create or grow a value to: {@code proto-max-bulk-len}, as in
   * Redis's checkStringLength, capped by what a Java array can hold.
   */
  static long stringBytesMax(Call c) {
    return Math.min(c.node().config().respLimits().bulkBytesMax(), JAVA_ARRAY_BYTES_MAX);
  }

  /** Refuses a string of {@code size + append} bytes when it would exceed {@link #stringBytesMax}. */
  static void checkStringLength(Call c, long size, long append) {
    long total = size + append;
    if (total > stringBytesMax(c) || total < size || total < append) {
      throw new CommandException(Errors.STRING_TOO_LONG);
    }
  }

  /**
   * Redis's string2ll on the whole array: an optional '-', no leading zeros or '+', no spaces, within
   * 64 bits. Throws {@code errorText} otherwise. Unlike {@code Numbers.parseLong} it does not box.
   */
  static long parseLong(byte[] s, String errorText) {
    int n = s.length;
    if (n == 0 || n > 20) {
      throw new CommandException(errorText);
    }
    if (n == 1 && s[0] == '0') {
      return 0;
    }
    int i = 0;
    boolean negative = s[0] == '-';
    if (negative) {
      i = 1;
      if (n == 1) {
        throw new CommandException(errorText);
      }
    }
    if (s[i] < '1' || s[i] > '9') {
      throw new CommandException(errorText);
    }
    // Accumulate as a negative number so that Long.MIN_VALUE fits.
    long value = 0;
    for (; i < n; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        throw new CommandException(errorText);
      }
      if (value < Long.MIN_VALUE / 10 || (value == Long.MIN_VALUE / 10 && d > 8)) {
        throw new CommandException(errorText);
      }
      value = value * 10 - d;
    }
    if (negative) {
      return value;
    }
    if (value == Long.MIN_VALUE) {
      throw new CommandException(errorText);
    }
    return -value;
  }

  /** Number of bytes of the decimal form of {@code value}. */
  static int decimalLength(long value) {
    if (value == Long.MIN_VALUE) {
      return 20;
    }
    int length = 1;
    if (value < 0) {
      length++;
      value = -value;
    }
    while (value >= 10) {
      value /= 10;
      length++;
    }
    return length;
  }

  /** Writes the decimal form of {@code value} over the whole of {@code into}, whose length must fit. */
  static void writeDecimal(byte[] into, long value) {
    int end = into.length;
    if (value == Long.MIN_VALUE) {
      into[--end] = '8';
      value /= 10;
    }
    boolean negative = value < 0;
    if (negative) {
      value = -value;
    }
    do {
      into[--end] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    if (negative) {
      into[--end] = '-';
    }
  }

  /** The decimal form of {@code value} as a new array. */
  static byte[] decimal(long value) {
    byte[] bytes = new byte[decimalLength(value)];
    writeDecimal(bytes, value);
    return bytes;
  }

  /**
   * True when the argument, read as a C string (up to its first NUL, as Redis's strcasecmp reads
   * argv), equals the lowercase ASCII {@code word} ignoring case.
   */
  static boolean is(byte[] arg, String word) {
    int n = arg.length;
    for (int i = 0; i < n; i++) {
      if (arg[i] == 0) {
        n = i;
        break;
      }
    }
    if (n != word.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      int ch = arg[i] & 0xff;
      if (ch >= 'A' && ch <= 'Z') {
        ch += 32;
      }
      if (ch != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
