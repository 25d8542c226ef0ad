package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.keyspace.Keyspace;

/**
 * What the bit commands share: bit offsets as Redis reads them, and the string a write grows to
 * reach a bit. Bit 0 is the most significant bit of byte 0, as in Redis.
 */
final class Bits {
  static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";

  private Bits() {}

  /**
   * Redis's getBitOffsetFromArgument: a non-negative integer whose byte ({@code offset >> 3}) is
   * below proto-max-bulk-len. With {@code bitsPerHash > 0} (BITFIELD) the form {@code #n} means
   * {@code n * bitsPerHash}.
   */
  static long offset(Call c, byte[] arg, int bitsPerHash) {
    boolean hash = bitsPerHash > 0 && arg.length > 1 && arg[0] == '#';
    long offset;
    if (hash) {
      offset = StringValues.parseLong(java.util.Arrays.copyOfRange(arg, 1, arg.length), BAD_OFFSET);
      offset *= bitsPerHash; // may wrap negative, then refused below, as in Redis
    } else {
      offset = StringValues.parseLong(arg, BAD_OFFSET);
    }
    if (offset < 0 || (offset >> 3) >= StringValues.stringBytesMax(c)) {
      throw new CommandException(BAD_OFFSET);
    }
    return offset;
  }

  /**
   * The string {@code value} of the command's key (null when missing) grown with zero bytes to hold
   * bit {@code highestBit}, creating the key when missing (Redis's lookupStringForBitCommand). The
   * result is the key's own array, so callers write bits into it in place; it is not {@code value}
   * exactly when the key was created or grown.
   */
  static byte[] growForBit(Call c, byte[] value, long highestBit) {
    byte[] key = c.arg(1);
    Keyspace keyspace = c.keyspace();
    int needed = (int) ((highestBit >> 3) + 1);
    if (value == null) {
      value = new byte[needed];
      keyspace.put(key, value);
    } else if (value.length < needed) {
      value = java.util.Arrays.copyOf(value, needed);
      keyspace.putKeepTtl(key, value);
    }
    return value;
  }

  /** Bit {@code offset} of {@code value}, zero beyond its end. */
  static int get(byte[] value, long offset) {
    long index = offset >> 3;
    if (index >= value.length) {
      return 0;
    }
    return (value[(int) index] >> (7 - (int) (offset & 7))) & 1;
  }

  /** Sets bit {@code offset}, which must be inside {@code value}. */
  static void set(byte[] value, long offset, int bit) {
    int index = (int) (offset >> 3);
    int mask = 1 << (7 - (int) (offset & 7));
    value[index] = (byte) (bit != 0 ? value[index] | mask : value[index] & ~mask);
  }
}
