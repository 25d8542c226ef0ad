package io.codis.node.commands.zsets;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.keyspace.ZSkipList.Node;
import io.codis.protocol.resp.RespWriter;
import java.util.Arrays;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN, BZPOPMAX, BZMPOP. One core pops from
 * the first non-empty key and writes whichever of Redis's four reply shapes the command uses.
 *
 * <p>A blocking command that finds nothing calls {@link Call#block}; when one of its keys is written
 * the dispatcher runs it again ({@link Call#reexecution()}), and clients blocked on a key are re-run in
 * arrival order, so the first to block is the first served. Inside MULTI it answers as if timed out.
 */
final class ZPopCommands {
  private ZPopCommands() {}

  /** How the popped elements are laid out in the reply. */
  enum Shape {
    /** ZPOPMIN/ZPOPMAX: flat m, s, m, s (RESP3 with COUNT: [m, s] pairs). */
    PLAIN,
    /** BZPOPMIN/BZPOPMAX: key, m, s. */
    WITH_KEY,
    /** ZMPOP/BZMPOP: [key, [[m, s], ...]]. */
    NESTED_WITH_KEY
  }

  static void register(CommandRegistry r) {
    r.register("zpopmin", c -> zpop(c, false));
    r.register("zpopmax", c -> zpop(c, true));
    r.register("zmpop", ZPopCommands::zmpop);
    r.register("bzpopmin", c -> bzpop(c, false));
    r.register("bzpopmax", c -> bzpop(c, true));
    r.register("bzmpop", ZPopCommands::bzmpop);
  }

  /* ZPOPMIN key [count], ZPOPMAX key [count] */
  static void zpop(Call c, boolean max) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    long count = c.argc() == 3 ? ZParse.positive(c, 2) : -1;
    byte[] key = c.arg(1);
    ZSetValue z = ZSetCommands.zset(c, key);
    if (z == null || count == 0) {
      c.reply().arrayHeader(0);
      return;
    }
    // RESP3 nests pairs only when a count was given.
    boolean nested = c.reply().resp3() && count != -1;
    pop(c, key, z, max, count == -1 ? 1 : count, Shape.PLAIN, nested);
  }

  /* ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] */
  static void zmpop(Call c) {
    MultiPop request = MultiPop.parse(c, 1);
    for (byte[] key : request.keys) {
      ZSetValue z = ZSetCommands.zset(c, key);
      if (z != null) {
        pop(c, key, z, request.max, request.count, Shape.NESTED_WITH_KEY, true);
        return;
      }
    }
    c.reply().nullArray();
  }

  /* BZPOPMIN key [key ...] timeout, BZPOPMAX key [key ...] timeout */
  static void bzpop(Call c, boolean max) {
    long deadlineMs = c.argDeadlineMs(c.argc() - 1);
    byte[][] keys = Arrays.copyOfRange(c.argv(), 1, c.argc() - 1);
    blockingPop(c, keys, max, 1, Shape.WITH_KEY, false, deadlineMs);
  }

  /* BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] */
  static void bzmpop(Call c) {
    MultiPop request = MultiPop.parse(c, 2);
    long deadlineMs = c.argDeadlineMs(1); // Redis reads the timeout after the other arguments
    blockingPop(c, request.keys, request.max, request.count, Shape.NESTED_WITH_KEY, true, deadlineMs);
  }

  private static void blockingPop(Call c, byte[][] keys, boolean max, long count, Shape shape,
      boolean nested, long deadlineMs) {
    for (byte[] key : keys) {
      ZSetValue z;
      if (c.reexecution()) {
        // Redis serves a blocked client only from sorted sets: a key that became another type is
        // passed over instead of failing the waiting command.
        Object value = c.keyspace().get(key);
        z = value instanceof ZSetValue zs ? zs : null;
      } else {
        z = ZSetCommands.zset(c, key);
      }
      if (z != null && !z.isEmpty()) {
        pop(c, key, z, max, count, shape, nested);
        return;
      }
    }
    if (c.inTransaction()) {
      c.reply().nullArray();
      return;
    }
    c.block(keys, deadlineMs);
  }

  /** Pops up to {@code count} elements from one end of {@code z} and replies in {@code shape}. */
  private static void pop(Call c, byte[] key, ZSetValue z, boolean max, long count, Shape shape,
      boolean nested) {
    long popped = Math.min(count, z.size());
    RespWriter out = c.reply();
    switch (shape) {
      case PLAIN -> out.arrayHeader((int) (nested ? popped : popped * 2));
      case WITH_KEY -> {
        out.arrayHeader((int) (popped * 2 + 1));
        out.bulk(key);
      }
      case NESTED_WITH_KEY -> {
        out.arrayHeader(2);
        out.bulk(key);
        out.arrayHeader((int) popped);
      }
      default -> throw new IllegalStateException("unknown shape " + shape);
    }
    for (long i = 0; i < popped; i++) {
      Node n = max ? z.order().last() : z.order().first();
      z.remove(n.member());
      if (nested) {
        out.arrayHeader(2);
      }
      out.bulk(n.member());
      out.doubleValue(n.score());
    }
    ZSetCommands.written(c, key, z);
  }

  /** The shared arguments of ZMPOP and BZMPOP. */
  private record MultiPop(byte[][] keys, boolean max, long count) {
    static MultiPop parse(Call c, int numkeysIndex) {
      long numkeys = ZParse.atLeastOne(c, numkeysIndex, "ERR numkeys should be greater than 0");
      if (numkeys >= c.argc() - numkeysIndex - 1) {
        throw new CommandException(Errors.SYNTAX);
      }
      int whereIndex = (int) (numkeysIndex + numkeys + 1);
      boolean max;
      if (c.argIs(whereIndex, "min")) {
        max = false;
      } else if (c.argIs(whereIndex, "max")) {
        max = true;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
      long count = -1;
      for (int j = whereIndex + 1; j < c.argc(); j++) {
        if (count == -1 && c.argIs(j, "count") && j + 1 < c.argc()) {
          j++;
          count = ZParse.atLeastOne(c, j, "ERR count should be greater than 0");
        } else {
          throw new CommandException(Errors.SYNTAX);
        }
      }
      byte[][] keys = Arrays.copyOfRange(c.argv(), numkeysIndex + 1, whereIndex);
      return new MultiPop(keys, max, count == -1 ? 1 : count);
    }
  }
}
