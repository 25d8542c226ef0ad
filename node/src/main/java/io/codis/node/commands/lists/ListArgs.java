package io.codis.node.commands.lists;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;
import io.codis.node.exec.Numbers;
import io.codis.node.keyspace.ListValue;

/** Argument parsing and small pieces shared by the list handlers, with Redis 7.0's error texts. */
final class ListArgs {
  static final String NOT_POSITIVE = "ERR value is out of range, must be positive";

  private ListArgs() {}

  /** LEFT or RIGHT (any case): true for LEFT, else {@code ERR syntax error}. */
  static boolean left(Call c, int index) {
    if (c.argIs(index, "left")) {
      return true;
    }
    if (c.argIs(index, "right")) {
      return false;
    }
    throw new CommandException(Errors.SYNTAX);
  }

  /**
   * An integer in {@code [min, Long.MAX_VALUE]}; anything else (not a number, or too small) is
   * answered with {@code errorText}, as Redis's getRangeLongFromObjectOrReply does.
   */
  static long atLeast(Call c, int index, long min, String errorText) {
    Long value = Numbers.tryParseLong(c.arg(index));
    if (value == null || value < min) {
      throw new CommandException(errorText);
    }
    return value;
  }

  /** The list at {@code key}, or null when absent; WRONGTYPE for another type. */
  static ListValue list(Call c, byte[] key) {
    return c.typed(key, ListValue.class);
  }

  /** The list at {@code key}, creating (and storing) an empty one when absent. */
  static ListValue listOrCreate(Call c, byte[] key, ListValue existing) {
    if (existing != null) {
      return existing;
    }
    ListValue created = new ListValue();
    c.keyspace().put(key, created);
    return created;
  }

  /** After a write: deletes the key if the list became empty (Redis never keeps empty lists). */
  static void written(Call c, byte[] key, ListValue list) {
    if (list.isEmpty()) {
      c.keyspace().remove(key);
    }
    c.keyspace().modified(key);
  }

  /** Pops up to {@code count} elements from one end and replies with them as an array. */
  static void popRangeReply(Call c, ListValue list, boolean left, long count) {
    int n = (int) Math.min(count, list.size());
    c.reply().arrayHeader(n);
    for (int i = 0; i < n; i++) {
      c.reply().bulk(left ? list.removeFirst() : list.removeLast());
    }
  }
}
