package io.codis.node.commands.hashes;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;
import io.codis.node.exec.LongDouble;
import io.codis.node.exec.Numbers;
import io.codis.node.keyspace.HashValue;
import java.nio.charset.StandardCharsets;

/** HINCRBY and HINCRBYFLOAT: the increment is parsed before the hash is looked up, as in Redis. */
final class HashIncrements {
  static final String HASH_NOT_INTEGER = "ERR hash value is not an integer";
  static final String HASH_NOT_FLOAT = "ERR hash value is not a float";
  static final String NAN_OR_INFINITY = "ERR value is NaN or Infinity";
  static final String WOULD_BE_NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";

  private HashIncrements() {}

  /* HINCRBY key field increment */
  static void hincrby(Call c) {
    long increment = c.argLong(3);
    byte[] key = c.arg(1);
    byte[] field = c.arg(2);
    HashValue hash = c.typed(key, HashValue.class);
    byte[] current = hash == null ? null : hash.get(field);
    long value = 0;
    if (current != null) {
      Long parsed = Numbers.tryParseLong(current);
      if (parsed == null) {
        throw new CommandException(HASH_NOT_INTEGER);
      }
      value = parsed;
    }
    long result = value + increment;
    // Overflow iff both operands have the same sign and the result's sign differs.
    if (((value ^ result) & (increment ^ result)) < 0) {
      throw new CommandException(Errors.OVERFLOW);
    }
    hash = HashCommands.lookupOrCreate(c, key);
    hash.put(field, Numbers.toBytes(result));
    c.keyspace().modified(key);
    c.reply().integer(result);
  }

  /* HINCRBYFLOAT key field increment  (80-bit long double arithmetic, like Redis) */
  static void hincrbyfloat(Call c) {
    LongDouble increment = LongDouble.parse(c.arg(3));
    if (increment == null) {
      throw new CommandException(Errors.NOT_FLOAT);
    }
    if (increment.isInfinite()) {
      throw new CommandException(NAN_OR_INFINITY);
    }
    byte[] key = c.arg(1);
    byte[] field = c.arg(2);
    HashValue hash = c.typed(key, HashValue.class);
    byte[] current = hash == null ? null : hash.get(field);
    LongDouble value = LongDouble.ZERO;
    if (current != null) {
      value = LongDouble.parse(current);
      if (value == null) {
        throw new CommandException(HASH_NOT_FLOAT);
      }
    }
    LongDouble result = value.add(increment);
    if (result == null) {
      throw new CommandException(WOULD_BE_NAN_OR_INFINITY);
    }
    byte[] text = result.toFixed17().getBytes(StandardCharsets.US_ASCII);
    hash = HashCommands.lookupOrCreate(c, key);
    hash.put(field, text);
    c.keyspace().modified(key);
    c.reply().bulk(text);
  }
}
