package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Keyspace;

/** BITOP: AND, OR, XOR, NOT of whole strings into a destination key. */
final class BitOp {
  private static final int AND = 0;
  private static final int OR = 1;
  private static final int XOR = 2;
  private static final int NOT = 3;

  private BitOp() {}

  static void register(CommandRegistry r) {
    r.register("bitop", BitOp::bitop);
  }

  /* BITOP <AND | OR | XOR | NOT> destkey key [key ...] */
  static void bitop(Call c) {
    int op = operation(c.arg(1));
    if (op == NOT && c.argc() != 4) {
      throw new CommandException("ERR BITOP NOT must be called with a single source key.");
    }
    int sourceCount = c.argc() - 3;
    // Every source is checked before anything is written; missing keys are empty strings.
    byte[][] sources = new byte[sourceCount][];
    int longest = 0;
    for (int i = 0; i < sourceCount; i++) {
      byte[] value = c.string(c.arg(3 + i));
      sources[i] = value == null ? EMPTY : value;
      longest = Math.max(longest, sources[i].length);
    }
    byte[] destination = c.arg(2);
    Keyspace keyspace = c.keyspace();
    if (longest == 0) {
      // An empty result deletes the destination, whatever it held.
      if (keyspace.remove(destination)) {
        keyspace.modified(destination);
      }
      c.reply().integer(0);
      return;
    }
    byte[] result = new byte[longest];
    byte[] first = sources[0];
    System.arraycopy(first, 0, result, 0, first.length); // shorter strings are zero-padded
    if (op == NOT) {
      for (int j = 0; j < longest; j++) {
        result[j] = (byte) ~result[j];
      }
    }
    for (int i = 1; i < sourceCount; i++) {
      combine(op, result, sources[i]);
    }
    keyspace.put(destination, result);
    keyspace.modified(destination);
    c.reply().integer(longest);
  }

  private static void combine(int op, byte[] result, byte[] source) {
    int n = source.length;
    switch (op) {
      case AND -> {
        for (int j = 0; j < n; j++) {
          result[j] &= source[j];
        }
        java.util.Arrays.fill(result, n, result.length, (byte) 0);
      }
      case OR -> {
        for (int j = 0; j < n; j++) {
          result[j] |= source[j];
        }
      }
      case XOR -> {
        for (int j = 0; j < n; j++) {
          result[j] ^= source[j];
        }
      }
      default -> throw new IllegalStateException("BITOP NOT has one source");
    }
  }

  private static int operation(byte[] name) {
    if (StringValues.is(name, "and")) {
      return AND;
    }
    if (StringValues.is(name, "or")) {
      return OR;
    }
    if (StringValues.is(name, "xor")) {
      return XOR;
    }
    if (StringValues.is(name, "not")) {
      return NOT;
    }
    throw new CommandException(Errors.SYNTAX);
  }

  private static final byte[] EMPTY = new byte[0];
}
