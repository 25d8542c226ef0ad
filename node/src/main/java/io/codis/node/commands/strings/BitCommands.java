package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;

/** SETBIT, GETBIT, BITCOUNT, BITPOS: single bits and bit counting over a string. */
final class BitCommands {
  private static final String BAD_BIT = "ERR bit is not an integer or out of range";

  private BitCommands() {}

  static void register(CommandRegistry r) {
    r.register("setbit", BitCommands::setbit);
    r.register("getbit", BitCommands::getbit);
    r.register("bitcount", BitCommands::bitcount);
    r.register("bitpos", BitCommands::bitpos);
  }

  /* SETBIT key offset value */
  static void setbit(Call c) {
    long offset = Bits.offset(c, c.arg(2), 0);
    long on = StringValues.parseLong(c.arg(3), BAD_BIT);
    if ((on & ~1L) != 0) {
      throw new CommandException(BAD_BIT);
    }
    byte[] existing = c.string(c.arg(1));
    byte[] value = Bits.growForBit(c, existing, offset);
    int old = Bits.get(value, offset);
    // Like Redis, a SETBIT that changes nothing is not a write (WATCH does not see it).
    if (value != existing || old != on) {
      Bits.set(value, offset, (int) on);
      c.keyspace().modified(c.arg(1));
    }
    c.reply().integer(old);
  }

  /* GETBIT key offset */
  static void getbit(Call c) {
    long offset = Bits.offset(c, c.arg(2), 0);
    byte[] value = c.string(c.arg(1));
    c.reply().integer(value == null ? 0 : Bits.get(value, offset));
  }

  /* BITCOUNT key [start end [BYTE | BIT]] */
  static void bitcount(Call c) {
    // Redis 7.0 looks the key up first: a missing key counts 0 whatever the other arguments are.
    byte[] value = c.string(c.arg(1));
    if (value == null) {
      c.reply().integer(0);
      return;
    }
    int argc = c.argc();
    if (argc == 2) {
      c.reply().integer(popcount(value, 0, value.length));
      return;
    }
    if (argc != 4 && argc != 5) {
      throw new CommandException(Errors.SYNTAX);
    }
    long start = c.argLong(2);
    long end = c.argLong(3);
    if (start < 0 && end < 0 && start > end) {
      c.reply().integer(0);
      return;
    }
    boolean bitUnits = argc == 5 && unitIsBit(c.arg(4));
    long total = bitUnits ? (long) value.length << 3 : value.length;
    Range range = Range.of(start, end, total);
    if (range.empty()) {
      c.reply().integer(0);
      return;
    }
    if (!bitUnits) {
      c.reply().integer(popcount(value, (int) range.start, (int) (range.end - range.start + 1)));
      return;
    }
    long count = 0;
    long bit = range.start;
    for (; bit <= range.end && (bit & 7) != 0; bit++) {
      count += Bits.get(value, bit);
    }
    long wholeBytes = (range.end + 1 - bit) >> 3;
    count += popcount(value, (int) (bit >> 3), (int) wholeBytes);
    for (bit += wholeBytes << 3; bit <= range.end; bit++) {
      count += Bits.get(value, bit);
    }
    c.reply().integer(count);
  }

  /* BITPOS key bit [start [end [BYTE | BIT]]] */
  static void bitpos(Call c) {
    long bit = c.argLong(2);
    if (bit != 0 && bit != 1) {
      throw new CommandException("ERR The bit argument must be 1 or 0.");
    }
    byte[] value = c.string(c.arg(1));
    if (value == null) {
      // A missing key is an endless run of zeros.
      c.reply().integer(bit == 1 ? -1 : 0);
      return;
    }
    int argc = c.argc();
    if (argc > 6) {
      throw new CommandException(Errors.SYNTAX);
    }
    long start = 0;
    long end;
    boolean endGiven = false;
    boolean bitUnits = false;
    long totalBits = (long) value.length << 3;
    if (argc >= 4) {
      start = c.argLong(3);
      if (argc == 6) {
        bitUnits = unitIsBit(c.arg(5));
      }
      if (argc >= 5) {
        end = c.argLong(4);
        endGiven = true;
      } else {
        end = bitUnits ? totalBits + 7 : value.length - 1;
      }
    } else {
      end = value.length - 1;
    }
    long total = bitUnits ? totalBits : value.length;
    Range range = argc >= 4 ? Range.of(start, end, total) : new Range(start, end);
    if (range.empty()) {
      c.reply().integer(-1); // an empty range holds neither a 0 nor a 1
      return;
    }
    long firstBit = bitUnits ? range.start : range.start << 3;
    long lastBit = bitUnits ? range.end : (range.end << 3) + 7;
    long found = find(value, (int) bit, firstBit, lastBit);
    if (found >= 0) {
      c.reply().integer(found);
    } else if (bit == 1 || endGiven) {
      c.reply().integer(-1);
    } else {
      // Looking for a clear bit without an explicit end: the string continues with zeros, so the
      // answer is the first bit after the searched bytes.
      c.reply().integer(((lastBit >> 3) + 1) << 3);
    }
  }

  /** The first bit equal to {@code bit} in [firstBit, lastBit], or -1. */
  private static long find(byte[] value, int bit, long firstBit, long lastBit) {
    long position = firstBit;
    for (; position <= lastBit && (position & 7) != 0; position++) {
      if (Bits.get(value, position) == bit) {
        return position;
      }
    }
    int skip = bit == 1 ? 0 : 0xff; // a byte with no candidate bit
    while (position + 7 <= lastBit && (value[(int) (position >> 3)] & 0xff) == skip) {
      position += 8;
    }
    for (; position <= lastBit; position++) {
      if (Bits.get(value, position) == bit) {
        return position;
      }
    }
    return -1;
  }

  private static boolean unitIsBit(byte[] arg) {
    if (StringValues.is(arg, "bit")) {
      return true;
    }
    if (StringValues.is(arg, "byte")) {
      return false;
    }
    throw new CommandException(Errors.SYNTAX);
  }

  static long popcount(byte[] value, int from, int length) {
    long count = 0;
    int i = from;
    int end = from + length;
    for (; i + 8 <= end; i += 8) {
      count += Long.bitCount((long) LONGS.get(value, i));
    }
    for (; i < end; i++) {
      count += Integer.bitCount(value[i] & 0xff);
    }
    return count;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /**
   * An inclusive range over {@code total} units after Redis's index rules: negative indexes count
   * from the end, both ends are clamped to the string, and start > end means empty.
   */
  record Range(long start, long end) {
    static Range of(long start, long end, long total) {
      if (start < 0) {
        start += total;
      }
      if (end < 0) {
        end += total;
      }
      if (start < 0) {
        start = 0;
      }
      if (end < 0) {
        end = 0;
      }
      if (end >= total) {
        end = total - 1;
      }
      return new Range(start, end);
    }

    boolean empty() {
      return start > end;
    }
  }
}
