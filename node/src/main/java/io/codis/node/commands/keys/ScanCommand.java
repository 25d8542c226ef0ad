package io.codis.node.commands.keys;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Glob;
import io.codis.node.keyspace.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN over the keyspace. The cursor is {@link io.codis.node.keyspace.Keyspace#scan}'s (slot in the
 * low bits, that slot's reverse-binary bucket cursor above), so the guarantee is Redis's: a key
 * present for the whole iteration is returned at least once, whatever the tables do in between.
 */
final class ScanCommand {
  static final String INVALID_CURSOR = "ERR invalid cursor";

  private ScanCommand() {}

  static void register(CommandRegistry r) {
    r.register("scan", ScanCommand::scan);
  }

  /* SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
  static void scan(Call c) {
    long cursor = parseCursor(c.arg(1));
    long count = 10;
    byte[] pattern = null;
    String typeName = null;
    for (int i = 2; i < c.argc(); ) {
      int remaining = c.argc() - i;
      if (c.argIs(i, "count") && remaining >= 2) {
        count = c.argLong(i + 1);
        if (count < 1) {
          throw new CommandException(Errors.SYNTAX);
        }
        i += 2;
      } else if (c.argIs(i, "match") && remaining >= 2) {
        byte[] p = c.arg(i + 1);
        pattern = p.length == 1 && p[0] == '*' ? null : p;
        i += 2;
      } else if (c.argIs(i, "type") && remaining >= 2) {
        typeName = c.argString(i + 1);
        i += 2;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    // Redis 7.0 compares the type's name, so an unknown name simply matches nothing.
    final byte[] match = pattern;
    final String type = typeName;
    List<byte[]> keys = new ArrayList<>();
    long next =
        c.keyspace()
            .scan(
                cursor,
                (int) Math.min(count, Integer.MAX_VALUE),
                (key, value) -> {
                  if (match != null && !Glob.matches(match, key)) {
                    return;
                  }
                  if (type != null && !ValueType.of(value).typeName().equalsIgnoreCase(type)) {
                    return;
                  }
                  keys.add(key);
                });
    c.reply().arrayHeader(2);
    c.reply().bulk(Long.toUnsignedString(next));
    c.reply().arrayHeader(keys.size());
    for (byte[] key : keys) {
      c.reply().bulk(key);
    }
  }

  /**
   * Parses a cursor as Redis does with {@code strtoul}: optional sign, decimal digits, no leading
   * space, nothing after; a negative value wraps around 2^64 and the empty string is 0.
   */
  static long parseCursor(byte[] text) {
    int i = 0;
    boolean negative = false;
    if (i < text.length && (text[i] == '+' || text[i] == '-')) {
      negative = text[i] == '-';
      i++;
    }
    int digitsStart = i;
    long value = 0;
    for (; i < text.length; i++) {
      int d = text[i] - '0';
      if (d < 0 || d > 9) {
        throw new CommandException(INVALID_CURSOR);
      }
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
        throw new CommandException(INVALID_CURSOR);
      }
      long shifted = value * 10;
      long sum = shifted + d;
      if (Long.compareUnsigned(sum, shifted) < 0) {
        throw new CommandException(INVALID_CURSOR);
      }
      value = sum;
    }
    if (i == digitsStart && digitsStart > 0) {
      // A lone sign: strtoul converts nothing and leaves the sign unparsed.
      throw new CommandException(INVALID_CURSOR);
    }
    return negative ? -value : value;
  }
}
