package io.codis.node.commands.lists;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.keyspace.ListValue;
import java.util.Arrays;

/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP.
 *
 * <p>Each handler either serves at once (like its non-blocking twin), fails, or blocks the client on
 * its keys. A blocked command is run again by the blocking registry when one of its keys is written;
 * {@link Call#readyKey()} then names that key and the handler looks only at it, which is how Redis
 * 7.0 serves a client blocked on several keys: from the key that got data first, not from the first
 * key in its argument list. If the ready key holds no list (deleted again, or now of another type)
 * the client simply stays blocked and keeps its place in the queue, as in Redis 7.0.
 *
 * <p>Inside MULTI/EXEC nothing may block: an empty source acts as an immediate timeout. Redis
 * answers a null array for the pops but a null bulk for BLMOVE/BRPOPLPUSH there, while a real
 * timeout is a null array for all of them (written by the registry).
 */
final class BlockingListCommands {
  private BlockingListCommands() {}

  static void register(CommandRegistry r) {
    r.register("blpop", c -> bpop(c, true));
    r.register("brpop", c -> bpop(c, false));
    r.register("blmove", BlockingListCommands::blmove);
    r.register("brpoplpush", c -> bmove(c, false, true, 3));
    r.register("blmpop", BlockingListCommands::blmpop);
  }

  /*
   * BLPOP key [key ...] timeout
   * BRPOP key [key ...] timeout
   */
  static void bpop(Call c, boolean left) {
    long deadlineMs = c.argDeadlineMs(c.argc() - 1);
    byte[][] keys = Arrays.copyOfRange(c.argv(), 1, c.argc() - 1);
    if (c.reexecution()) {
      ListValue list = readyList(c);
      if (list == null) {
        c.block(keys, deadlineMs);
      } else {
        popOneReply(c, c.readyKey(), list, left);
      }
      return;
    }
    for (byte[] key : keys) {
      ListValue list = ListArgs.list(c, key);
      if (list != null) {
        popOneReply(c, key, list, left);
        return;
      }
    }
    if (c.inTransaction()) {
      c.reply().nullArray();
      return;
    }
    c.block(keys, deadlineMs);
  }

  private static void popOneReply(Call c, byte[] key, ListValue list, boolean left) {
    byte[] value = left ? list.removeFirst() : list.removeLast();
    ListArgs.written(c, key, list);
    c.reply().arrayHeader(2);
    c.reply().bulk(key);
    c.reply().bulk(value);
  }

  /* BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
  static void blmove(Call c) {
    boolean fromLeft = ListArgs.left(c, 3);
    boolean toLeft = ListArgs.left(c, 4);
    bmove(c, fromLeft, toLeft, 5);
  }

  /* BRPOPLPUSH source destination timeout (also the core of BLMOVE) */
  static void bmove(Call c, boolean fromLeft, boolean toLeft, int timeoutIndex) {
    long deadlineMs = c.argDeadlineMs(timeoutIndex);
    byte[] source = c.arg(1);
    ListValue from = c.reexecution() ? readyList(c) : ListArgs.list(c, source);
    if (from != null) {
      ListMoveCommands.moveFrom(c, from, source, c.arg(2), fromLeft, toLeft);
      return;
    }
    if (c.inTransaction()) {
      c.reply().nullBulk();
      return;
    }
    c.block(new byte[][] {source}, deadlineMs);
  }

  /* BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
  static void blmpop(Call c) {
    ListMoveCommands.MpopArgs args = ListMoveCommands.parseMpop(c, 2);
    long deadlineMs = c.argDeadlineMs(1);
    if (c.reexecution()) {
      ListValue list = readyList(c);
      if (list == null) {
        c.block(args.keys(), deadlineMs);
      } else {
        ListMoveCommands.popWithKeyReply(c, c.readyKey(), list, args.left(), args.count());
      }
      return;
    }
    for (byte[] key : args.keys()) {
      ListValue list = ListArgs.list(c, key);
      if (list != null) {
        ListMoveCommands.popWithKeyReply(c, key, list, args.left(), args.count());
        return;
      }
    }
    if (c.inTransaction()) {
      c.reply().nullArray();
      return;
    }
    c.block(args.keys(), deadlineMs);
  }

  /** The list at the key that woke this re-run, or null when it holds no list (stay blocked). */
  private static ListValue readyList(Call c) {
    byte[] key = c.readyKey();
    if (key == null) {
      return null; // the registry always names the key; without one, waiting on is the safe answer
    }
    return c.keyspace().get(key) instanceof ListValue list ? list : null;
  }
}
