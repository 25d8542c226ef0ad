package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO: signed and unsigned integers of 1 to 64 bits (unsigned up to 63) at any
 * bit offset, read, written and incremented with WRAP, SAT or FAIL overflow. All operations are
 * parsed and checked first; only then is the string grown (once, to the furthest bit written) and
 * the operations applied in order, as Redis does.
 */
final class BitField {
  private static final String BAD_TYPE =
      "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
  private static final int GET = 0;
  private static final int SET = 1;
  private static final int INCRBY = 2;
  private static final int WRAP = 0;
  private static final int SAT = 1;
  private static final int FAIL = 2;

  private BitField() {}

  static void register(CommandRegistry r) {
    r.register("bitfield", c -> bitfield(c, false));
    r.register("bitfield_ro", c -> bitfield(c, true));
  }

  /** One parsed operation. */
  private record Op(int opcode, boolean signed, int bits, long offset, long operand, int overflow) {}

  /* BITFIELD key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value |
   *   INCRBY encoding offset increment> [GET encoding offset | ...] ...]
   * BITFIELD_RO key [GET encoding offset [GET encoding offset ...]] */
  static void bitfield(Call c, boolean readOnlyCommand) {
    List<Op> ops = new ArrayList<>();
    int overflow = WRAP;
    boolean readOnly = true;
    long highestWrite = 0;
    int argc = c.argc();
    for (int j = 2; j < argc; j++) {
      int remaining = argc - j - 1;
      byte[] word = c.arg(j);
      int opcode;
      if (StringValues.is(word, "get") && remaining >= 2) {
        opcode = GET;
      } else if (StringValues.is(word, "set") && remaining >= 3) {
        opcode = SET;
      } else if (StringValues.is(word, "incrby") && remaining >= 3) {
        opcode = INCRBY;
      } else if (StringValues.is(word, "overflow") && remaining >= 1) {
        overflow = overflowType(c.arg(++j));
        continue;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
      byte[] type = c.arg(j + 1);
      boolean signed = signedness(type);
      int bits = width(type, signed);
      long offset = Bits.offset(c, c.arg(j + 2), bits);
      long operand = 0;
      if (opcode != GET) {
        readOnly = false;
        highestWrite = Math.max(highestWrite, offset + bits - 1);
        operand = c.argLong(j + 3);
      }
      ops.add(new Op(opcode, signed, bits, offset, operand, overflow));
      j += opcode == GET ? 2 : 3;
    }

    if (!readOnly && readOnlyCommand) {
      throw new CommandException("ERR BITFIELD_RO only supports the GET subcommand");
    }
    byte[] value = c.string(c.arg(1));
    if (!readOnly) {
      // Grown (or created) before the operations run, even if every one of them then FAILs.
      value = Bits.growForBit(c, value, highestWrite);
    }

    c.reply().arrayHeader(ops.size());
    for (Op op : ops) {
      if (op.opcode() == GET) {
        long read = value == null ? 0 : read(value, op.offset(), op.bits());
        c.reply().integer(op.signed() ? signExtend(read, op.bits()) : read);
        continue;
      }
      long old = read(value, op.offset(), op.bits());
      long[] outcome = op.signed()
          ? signedUpdate(signExtend(old, op.bits()), op)
          : unsignedUpdate(old, op);
      if (outcome == null) {
        c.reply().nullBulk(); // FAIL: nothing written
      } else {
        write(value, op.offset(), op.bits(), outcome[0]);
        c.reply().integer(outcome[1]);
      }
    }
    if (!readOnly) {
      c.keyspace().modified(c.arg(1));
    }
  }

  /** {new value, reply} for a signed SET or INCRBY; null when it overflows under FAIL. */
  private static long[] signedUpdate(long old, Op op) {
    if (op.opcode() == INCRBY) {
      long[] limited = signedOverflow(old, op.operand(), op.bits(), op.overflow());
      long result = limited == null ? old + op.operand() : limited[0];
      if (limited != null && op.overflow() == FAIL) {
        return null;
      }
      return new long[] {result, result};
    }
    long[] limited = signedOverflow(op.operand(), 0, op.bits(), op.overflow());
    if (limited != null && op.overflow() == FAIL) {
      return null;
    }
    return new long[] {limited == null ? op.operand() : limited[0], old};
  }

  /** {new value, reply} for an unsigned SET or INCRBY; null when it overflows under FAIL. */
  private static long[] unsignedUpdate(long old, Op op) {
    if (op.opcode() == INCRBY) {
      long[] limited = unsignedOverflow(old, op.operand(), op.bits(), op.overflow());
      if (limited != null && op.overflow() == FAIL) {
        return null;
      }
      long result = limited == null ? old + op.operand() : limited[0];
      return new long[] {result, result};
    }
    long[] limited = unsignedOverflow(op.operand(), 0, op.bits(), op.overflow());
    if (limited != null && op.overflow() == FAIL) {
      return null;
    }
    return new long[] {limited == null ? op.operand() : limited[0], old};
  }

  /**
   * Redis's checkSignedBitfieldOverflow: null when {@code value + increment} fits in {@code bits}
   * signed bits, else the wrapped or saturated value ({0} under FAIL, unused).
   */
  static long[] signedOverflow(long value, long increment, int bits, int overflow) {
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    long min = -max - 1;
    // These may wrap; they are only used once value is known to be in range, as in Redis.
    long maxIncrement = max - value;
    long minIncrement = min - value;
    boolean above = value > max || (bits != 64 && increment > maxIncrement)
        || (value >= 0 && increment > 0 && increment > maxIncrement);
    boolean below = !above && (value < min || (bits != 64 && increment < minIncrement)
        || (value < 0 && increment < 0 && increment < minIncrement));
    if (!above && !below) {
      return null;
    }
    if (overflow == SAT) {
      return new long[] {above ? max : min};
    }
    if (overflow == WRAP) {
      long sum = value + increment;
      if (bits < 64) {
        long mask = -1L << bits;
        sum = (sum & (1L << (bits - 1))) != 0 ? sum | mask : sum & ~mask;
      }
      return new long[] {sum};
    }
    return new long[] {0};
  }

  /**
   * Redis's checkUnsignedBitfieldOverflow for {@code bits <= 63}: {@code value} is read as an
   * unsigned 64-bit number (a negative SET value is huge, so it overflows).
   */
  static long[] unsignedOverflow(long value, long increment, int bits, int overflow) {
    long max = (1L << bits) - 1;
    long maxIncrement = max - value;
    long minIncrement = -value;
    boolean above = Long.compareUnsigned(value, max) > 0 || (increment > 0 && increment > maxIncrement);
    boolean below = !above && increment < 0 && increment < minIncrement;
    if (!above && !below) {
      return null;
    }
    if (overflow == SAT) {
      return new long[] {above ? max : 0};
    }
    if (overflow == WRAP) {
      return new long[] {(value + increment) & ~(-1L << bits)};
    }
    return new long[] {0};
  }

  /** The unsigned {@code bits}-bit field at {@code offset}, most significant bit first; zeros past the end. */
  static long read(byte[] value, long offset, int bits) {
    long result = 0;
    for (int k = 0; k < bits; k++) {
      result = (result << 1) | Bits.get(value, offset + k);
    }
    return result;
  }

  private static void write(byte[] value, long offset, int bits, long field) {
    for (int k = 0; k < bits; k++) {
      Bits.set(value, offset + k, (int) ((field >>> (bits - 1 - k)) & 1));
    }
  }

  private static long signExtend(long field, int bits) {
    if (bits < 64 && (field & (1L << (bits - 1))) != 0) {
      return field | (-1L << bits);
    }
    return field;
  }

  private static int overflowType(byte[] word) {
    if (StringValues.is(word, "wrap")) {
      return WRAP;
    }
    if (StringValues.is(word, "sat")) {
      return SAT;
    }
    if (StringValues.is(word, "fail")) {
      return FAIL;
    }
    throw new CommandException("ERR Invalid OVERFLOW type specified");
  }

  private static boolean signedness(byte[] type) {
    // Lowercase only: Redis refuses "I8" and "U8".
    if (type.length > 0 && type[0] == 'i') {
      return true;
    }
    if (type.length > 0 && type[0] == 'u') {
      return false;
    }
    throw new CommandException(BAD_TYPE);
  }

  /** The width after the i/u, read as a C string (Redis uses strlen), 1-64 signed, 1-63 unsigned. */
  private static int width(byte[] type, boolean signed) {
    int end = 1;
    while (end < type.length && type[end] != 0) {
      end++;
    }
    long bits = StringValues.parseLong(java.util.Arrays.copyOfRange(type, 1, end), BAD_TYPE);
    if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
      throw new CommandException(BAD_TYPE);
    }
    return (int) bits;
  }
}
