package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Keyspace;

/** APPEND, STRLEN, GETRANGE (and its old name SUBSTR), SETRANGE: byte ranges of a string. */
final class Ranges {
  private Ranges() {}

  static void register(CommandRegistry r) {
    r.register("append", Ranges::append);
    r.register("strlen", Ranges::strlen);
    r.register("getrange", Ranges::getrange);
    r.register("substr", Ranges::getrange);
    r.register("setrange", Ranges::setrange);
  }

  /* APPEND key value */
  static void append(Call c) {
    byte[] key = c.arg(1);
    byte[] tail = c.arg(2);
    Keyspace keyspace = c.keyspace();
    byte[] old = c.string(key);
    byte[] value;
    if (old == null) {
      value = tail;
    } else {
      StringValues.checkStringLength(c, old.length, tail.length);
      // Strings are plain arrays without spare capacity, so an append copies; the TTL stays.
      value = java.util.Arrays.copyOf(old, old.length + tail.length);
      System.arraycopy(tail, 0, value, old.length, tail.length);
    }
    keyspace.putKeepTtl(key, value);
    keyspace.modified(key);
    c.reply().integer(value.length);
  }

  /* STRLEN key */
  static void strlen(Call c) {
    byte[] value = c.string(c.arg(1));
    c.reply().integer(value == null ? 0 : value.length);
  }

  /* GETRANGE key start end ; SUBSTR key start end */
  static void getrange(Call c) {
    long start = c.argLong(2);
    long end = c.argLong(3);
    byte[] value = c.string(c.arg(1));
    if (value == null) {
      c.reply().bulk(EMPTY);
      return;
    }
    long length = value.length;
    if (start < 0 && end < 0 && start > end) {
      c.reply().bulk(EMPTY);
      return;
    }
    if (start < 0) {
      start += length;
    }
    if (end < 0) {
      end += length;
    }
    if (start < 0) {
      start = 0;
    }
    if (end < 0) {
      end = 0;
    }
    if (end >= length) {
      end = length - 1;
    }
    if (start > end || length == 0) {
      c.reply().bulk(EMPTY);
    } else {
      c.reply().bulk(value, (int) start, (int) (end - start + 1));
    }
  }

  private static final byte[] EMPTY = new byte[0];

  /* SETRANGE key offset value */
  static void setrange(Call c) {
    byte[] key = c.arg(1);
    byte[] patch = c.arg(3);
    long offset = c.argLong(2);
    if (offset < 0) {
      throw new CommandException("ERR offset is out of range");
    }
    Keyspace keyspace = c.keyspace();
    byte[] old = c.string(key);
    if (old == null) {
      if (patch.length == 0) {
        c.reply().integer(0); // nothing to write on a missing key: it stays missing
        return;
      }
      StringValues.checkStringLength(c, offset, patch.length);
      byte[] value = new byte[(int) (offset + patch.length)];
      System.arraycopy(patch, 0, value, (int) offset, patch.length);
      keyspace.put(key, value);
      keyspace.modified(key);
      c.reply().integer(value.length);
      return;
    }
    if (patch.length == 0) {
      c.reply().integer(old.length);
      return;
    }
    StringValues.checkStringLength(c, offset, patch.length);
    byte[] value = old;
    if (offset + patch.length > old.length) {
      value = java.util.Arrays.copyOf(old, (int) (offset + patch.length));
      keyspace.putKeepTtl(key, value);
    }
    // Within the old length the value is patched in place: the array belongs to this key.
    System.arraycopy(patch, 0, value, (int) offset, patch.length);
    keyspace.modified(key);
    c.reply().integer(value.length);
  }
}
