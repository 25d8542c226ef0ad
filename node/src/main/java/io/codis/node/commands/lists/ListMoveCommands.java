package io.codis.node.commands.lists;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.ListValue;

/** LMOVE, RPOPLPUSH and LMPOP, and the cores their blocking forms share. */
final class ListMoveCommands {
  static final String NUMKEYS = "ERR numkeys should be greater than 0";
  static final String COUNT = "ERR count should be greater than 0";

  private ListMoveCommands() {}

  static void register(CommandRegistry r) {
    r.register("lmove", ListMoveCommands::lmove);
    r.register("rpoplpush", c -> move(c, c.arg(1), c.arg(2), false, true));
    r.register("lmpop", c -> lmpop(c, 1, null));
  }

  /* LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
  static void lmove(Call c) {
    boolean fromLeft = ListArgs.left(c, 3);
    boolean toLeft = ListArgs.left(c, 4);
    move(c, c.arg(1), c.arg(2), fromLeft, toLeft);
  }

  /**
   * Moves one element from {@code source} to {@code destination} and replies with it; null bulk when
   * the source is absent. Both types are checked before anything changes.
   */
  static void move(Call c, byte[] source, byte[] destination, boolean fromLeft, boolean toLeft) {
    ListValue from = ListArgs.list(c, source);
    if (from == null) {
      c.reply().nullBulk();
      return;
    }
    moveFrom(c, from, source, destination, fromLeft, toLeft);
  }

  /** The move itself, once the source is known to be a non-empty list. */
  static void moveFrom(
      Call c, ListValue from, byte[] source, byte[] destination, boolean fromLeft, boolean toLeft) {
    ListValue to = ListArgs.list(c, destination);
    byte[] value = fromLeft ? from.removeFirst() : from.removeLast();
    // When source == destination, "to" is the same list, and pushing refills it before the
    // emptiness check below (a one-element rotation keeps the key).
    to = ListArgs.listOrCreate(c, destination, to);
    if (toLeft) {
      to.addFirst(value);
    } else {
      to.addLast(value);
    }
    c.keyspace().modified(destination);
    ListArgs.written(c, source, from);
    c.reply().bulk(value);
  }

  /** What LMPOP/BLMPOP asked for once parsed. */
  record MpopArgs(byte[][] keys, boolean left, long count) {}

  /**
   * Parses {@code numkeys key [key ...] LEFT|RIGHT [COUNT count]} starting at {@code numkeysIndex},
   * in Redis's order: numkeys, the direction, then COUNT.
   */
  static MpopArgs parseMpop(Call c, int numkeysIndex) {
    long numkeys = ListArgs.atLeast(c, numkeysIndex, 1, NUMKEYS);
    long whereIndex = numkeysIndex + numkeys + 1;
    if (numkeys > c.argc() || whereIndex >= c.argc()) {
      throw new CommandException(Errors.SYNTAX);
    }
    boolean left = ListArgs.left(c, (int) whereIndex);
    long count = -1;
    for (int i = (int) whereIndex + 1; i < c.argc(); i++) {
      if (count == -1 && c.argIs(i, "count") && i + 1 < c.argc()) {
        count = ListArgs.atLeast(c, ++i, 1, COUNT);
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    byte[][] keys = new byte[(int) numkeys][];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = c.arg(numkeysIndex + 1 + k);
    }
    return new MpopArgs(keys, left, count == -1 ? 1 : count);
  }

  /* LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] */
  static void lmpop(Call c, int numkeysIndex, MpopArgs parsed) {
    MpopArgs args = parsed != null ? parsed : parseMpop(c, numkeysIndex);
    for (byte[] key : args.keys()) {
      ListValue list = ListArgs.list(c, key);
      if (list != null) {
        popWithKeyReply(c, key, list, args.left(), args.count());
        return;
      }
    }
    c.reply().nullArray();
  }

  /** Replies {@code [key, [elements...]]} after popping up to {@code count} elements. */
  static void popWithKeyReply(Call c, byte[] key, ListValue list, boolean left, long count) {
    c.reply().arrayHeader(2);
    c.reply().bulk(key);
    ListArgs.popRangeReply(c, list, left, count);
    ListArgs.written(c, key, list);
  }
}
