package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;

/**
 * INCR DECR INCRBY DECRBY INCRBYFLOAT. Counters are stored as their decimal bytes, like every
 * string; INCR parses them, adds, and writes the digits back, into the same array when the length
 * did not change (the usual case), so a counter update allocates nothing.
 */
final class Counters {
  private static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";

  private Counters() {}

  static void register(CommandRegistry r) {
    r.register("incr", c -> incrDecr(c, 1));
    r.register("decr", c -> incrDecr(c, -1));
    r.register("incrby", Counters::incrby);
    r.register("decrby", Counters::decrby);
    r.register("incrbyfloat", Counters::incrbyfloat);
  }

  /* INCRBY key increment */
  static void incrby(Call c) {
    incrDecr(c, StringValues.parseLong(c.arg(2), Errors.NOT_INTEGER));
  }

  /* DECRBY key decrement */
  static void decrby(Call c) {
    long decrement = StringValues.parseLong(c.arg(2), Errors.NOT_INTEGER);
    if (decrement == Long.MIN_VALUE) {
      throw new CommandException("ERR decrement would overflow"); // its negation does not exist
    }
    incrDecr(c, -decrement);
  }

  /* INCR key ; DECR key (and the core of INCRBY, DECRBY) */
  static void incrDecr(Call c, long increment) {
    byte[] key = c.arg(1);
    Keyspace keyspace = c.keyspace();
    byte[] old = c.string(key);
    long value = old == null ? 0 : StringValues.parseLong(old, Errors.NOT_INTEGER);
    if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
        || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
      throw new CommandException(Errors.OVERFLOW);
    }
    long result = value + increment;
    int length = StringValues.decimalLength(result);
    if (old != null && old.length == length) {
      StringValues.writeDecimal(old, result); // same key, same array, TTL untouched
    } else {
      byte[] digits = new byte[length];
      StringValues.writeDecimal(digits, result);
      keyspace.putKeepTtl(key, digits);
    }
    keyspace.modified(key);
    c.reply().integer(result);
  }

  /* INCRBYFLOAT key increment */
  static void incrbyfloat(Call c) {
    byte[] key = c.arg(1);
    Keyspace keyspace = c.keyspace();
    byte[] old = c.string(key);
    // Redis computes in the C long double (x87 80-bit on x86-64) and prints with "%.17Lf", so
    // 10.5 + 0.1 is "10.6"; LongDouble reproduces both exactly.
    LongDouble value = old == null ? LongDouble.ZERO : LongDouble.parse(old);
    LongDouble increment = LongDouble.parse(c.arg(2));
    if (value == null || increment == null) {
      throw new CommandException(Errors.NOT_FLOAT);
    }
    LongDouble sum = value.add(increment);
    if (sum == null) {
      throw new CommandException(NAN_OR_INFINITY);
    }
    byte[] text = sum.toFixed17().getBytes(StandardCharsets.US_ASCII);
    keyspace.putKeepTtl(key, text);
    keyspace.modified(key);
    c.reply().bulk(text);
  }
}
