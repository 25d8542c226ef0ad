package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.exec.LongDouble;
import io.codis.node.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;

/**
 * INCR DECR INCRBY DECRBY INCRBYFLOAT. Counters are stored as their decimal bytes, like every
 * string; INCR parses them without boxing, adds, and stores the new digits (one small array).
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
    // A new array rather than the digits rewritten in place: the old one may be the argv of a SET
    // earlier in the same MULTI, which replication may still hold. A few bytes, cheap to allocate.
    keyspace.putKeepTtl(key, StringValues.decimal(result));
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
