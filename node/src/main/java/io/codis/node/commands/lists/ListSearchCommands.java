package io.codis.node.commands.lists;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.ListValue;
import java.util.Arrays;

/** Commands that look for elements by value: LINSERT, LREM, LPOS. All O(n), as in Redis. */
final class ListSearchCommands {
  static final String RANK_ZERO =
      "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use"
          + " negative to start from the end of the list";
  static final String COUNT_NEGATIVE = "ERR COUNT can't be negative";
  static final String MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";

  private ListSearchCommands() {}

  static void register(CommandRegistry r) {
    r.register("linsert", ListSearchCommands::linsert);
    r.register("lrem", ListSearchCommands::lrem);
    r.register("lpos", ListSearchCommands::lpos);
  }

  /* LINSERT key BEFORE|AFTER pivot element */
  static void linsert(Call c) {
    boolean after;
    if (c.argIs(2, "after")) {
      after = true;
    } else if (c.argIs(2, "before")) {
      after = false;
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    byte[] key = c.arg(1);
    ListValue list = ListArgs.list(c, key);
    if (list == null) {
      c.reply().integer(0);
      return;
    }
    byte[] pivot = c.arg(3);
    for (int i = 0; i < list.size(); i++) {
      if (Arrays.equals(list.get(i), pivot)) {
        list.insert(after ? i + 1 : i, c.arg(4));
        c.keyspace().modified(key);
        c.reply().integer(list.size());
        return;
      }
    }
    c.reply().integer(-1);
  }

  /* LREM key count element */
  static void lrem(Call c) {
    long count = c.argLong(2);
    byte[] key = c.arg(1);
    ListValue list = ListArgs.list(c, key);
    if (list == null) {
      c.reply().integer(0);
      return;
    }
    // count < 0 removes from the tail; LONG_MIN has no positive twin, but no list is that long.
    long limit = count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
    long removed = list.removeEqual(c.arg(3), limit, count < 0);
    if (removed > 0) {
      ListArgs.written(c, key, list);
    }
    c.reply().integer(removed);
  }

  /* LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
  static void lpos(Call c) {
    long rank = 1;
    long count = -1; // -1: no COUNT option, reply a single index
    long maxlen = 0;
    for (int i = 3; i < c.argc(); i++) {
      boolean hasValue = i + 1 < c.argc();
      if (c.argIs(i, "rank") && hasValue) {
        rank = c.argLong(++i);
        if (rank == 0) {
          throw new CommandException(RANK_ZERO);
        }
      } else if (c.argIs(i, "count") && hasValue) {
        count = ListArgs.atLeast(c, ++i, 0, COUNT_NEGATIVE);
      } else if (c.argIs(i, "maxlen") && hasValue) {
        maxlen = ListArgs.atLeast(c, ++i, 0, MAXLEN_NEGATIVE);
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    ListValue list = ListArgs.list(c, c.arg(1));
    if (list == null) {
      if (count != -1) {
        c.reply().arrayHeader(0);
      } else {
        c.reply().nullBulk();
      }
      return;
    }
    boolean fromTail = rank < 0;
    if (fromTail) {
      // Wraps for Long.MIN_VALUE, which stays negative: Redis's C code does the same, and then every
      // match qualifies and COUNT never stops the scan. Kept so the replies agree.
      rank = -rank;
    }
    byte[] element = c.arg(2);
    int size = list.size();
    long scanned = maxlen == 0 ? size : Math.min(maxlen, size);
    // Indexes are collected first because the reply's length is known only at the end.
    long[] found = new long[8];
    int foundCount = 0;
    long matches = 0;
    for (int step = 0; step < scanned; step++) {
      int index = fromTail ? size - 1 - step : step;
      if (!Arrays.equals(list.get(index), element)) {
        continue;
      }
      matches++;
      if (matches < rank) {
        continue;
      }
      if (foundCount == found.length) {
        found = Arrays.copyOf(found, found.length * 2);
      }
      found[foundCount++] = index;
      if (count == -1 || (count != 0 && matches - rank + 1 >= count)) {
        break;
      }
    }
    if (count == -1) {
      if (foundCount == 0) {
        c.reply().nullBulk();
      } else {
        c.reply().integer(found[0]);
      }
      return;
    }
    c.reply().arrayHeader(foundCount);
    for (int i = 0; i < foundCount; i++) {
      c.reply().integer(found[i]);
    }
  }
}
