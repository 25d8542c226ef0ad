package io.codis.node.commands.lists;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.ListValue;
import io.codis.protocol.resp.RespWriter;

/**
 * Pushes, pops and indexed access: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LINDEX LSET LRANGE LTRIM.
 * Registers the whole list family.
 */
public final class ListCommands {
  private ListCommands() {}

  public static void register(CommandRegistry r) {
    r.register("lpush", c -> push(c, true, false));
    r.register("rpush", c -> push(c, false, false));
    r.register("lpushx", c -> push(c, true, true));
    r.register("rpushx", c -> push(c, false, true));
    r.register("lpop", c -> pop(c, true));
    r.register("rpop", c -> pop(c, false));
    r.register("llen", ListCommands::llen);
    r.register("lindex", ListCommands::lindex);
    r.register("lset", ListCommands::lset);
    r.register("lrange", ListCommands::lrange);
    r.register("ltrim", ListCommands::ltrim);
    ListSearchCommands.register(r);
    ListMoveCommands.register(r);
    BlockingListCommands.register(r);
  }

  /*
   * LPUSH key element [element ...]
   * RPUSH key element [element ...]
   * LPUSHX key element [element ...]
   * RPUSHX key element [element ...]
   */
  static void push(Call c, boolean left, boolean onlyIfExists) {
    byte[] key = c.arg(1);
    ListValue list = ListArgs.list(c, key);
    if (list == null) {
      if (onlyIfExists) {
        c.reply().integer(0);
        return;
      }
      list = ListArgs.listOrCreate(c, key, null);
    }
    for (int i = 2; i < c.argc(); i++) {
      if (left) {
        list.addFirst(c.arg(i));
      } else {
        list.addLast(c.arg(i));
      }
    }
    c.keyspace().modified(key);
    c.reply().integer(list.size());
  }

  /*
   * LPOP key [count]
   * RPOP key [count]
   */
  static void pop(Call c, boolean left) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.wrongArgs(c.spec().name()));
    }
    boolean hasCount = c.argc() == 3;
    long count = hasCount ? ListArgs.atLeast(c, 2, 0, ListArgs.NOT_POSITIVE) : 0;
    byte[] key = c.arg(1);
    ListValue list = ListArgs.list(c, key);
    if (list == null) {
      if (hasCount) {
        c.reply().nullArray();
      } else {
        c.reply().nullBulk();
      }
      return;
    }
    if (!hasCount) {
      c.reply().bulk(left ? list.removeFirst() : list.removeLast());
    } else if (count == 0) {
      c.reply().arrayHeader(0);
      return;
    } else {
      ListArgs.popRangeReply(c, list, left, count);
    }
    ListArgs.written(c, key, list);
  }

  /* LLEN key */
  static void llen(Call c) {
    ListValue list = ListArgs.list(c, c.arg(1));
    c.reply().integer(list == null ? 0 : list.size());
  }

  /* LINDEX key index */
  static void lindex(Call c) {
    ListValue list = ListArgs.list(c, c.arg(1));
    if (list == null) {
      c.reply().nullBulk();
      return;
    }
    long index = normalize(c.argLong(2), list.size());
    if (index < 0 || index >= list.size()) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(list.get((int) index));
    }
  }

  /* LSET key index element */
  static void lset(Call c) {
    byte[] key = c.arg(1);
    ListValue list = ListArgs.list(c, key);
    if (list == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    long index = normalize(c.argLong(2), list.size());
    if (index < 0 || index >= list.size()) {
      throw new CommandException(Errors.INDEX_OUT_OF_RANGE);
    }
    list.set((int) index, c.arg(3));
    c.keyspace().modified(key);
    c.reply().ok();
  }

  /* LRANGE key start stop */
  static void lrange(Call c) {
    long start = c.argLong(2);
    long stop = c.argLong(3);
    ListValue list = ListArgs.list(c, c.arg(1));
    RespWriter out = c.reply();
    if (list == null) {
      out.arrayHeader(0);
      return;
    }
    int size = list.size();
    start = Math.max(0, normalize(start, size));
    stop = normalize(stop, size);
    if (start > stop || start >= size) {
      out.arrayHeader(0);
      return;
    }
    stop = Math.min(stop, size - 1);
    out.arrayHeader((int) (stop - start + 1));
    for (int i = (int) start; i <= stop; i++) {
      out.bulk(list.get(i));
    }
  }

  /* LTRIM key start stop */
  static void ltrim(Call c) {
    long start = c.argLong(2);
    long stop = c.argLong(3);
    byte[] key = c.arg(1);
    ListValue list = ListArgs.list(c, key);
    if (list == null) {
      c.reply().ok();
      return;
    }
    int size = list.size();
    start = Math.max(0, normalize(start, size));
    stop = normalize(stop, size);
    if (start > stop || start >= size) {
      list.trim(0, -1);
    } else {
      list.trim((int) start, (int) Math.min(stop, size - 1));
    }
    ListArgs.written(c, key, list);
    c.reply().ok();
  }

  /** A negative index counts from the tail ({@code -1} is the last element). */
  static long normalize(long index, int size) {
    return index < 0 ? size + index : index;
  }
}
