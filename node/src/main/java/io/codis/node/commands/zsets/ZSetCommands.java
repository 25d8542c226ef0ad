package io.codis.node.commands.zsets;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.keyspace.ZSkipList;
import io.codis.node.keyspace.ZSkipList.LexRange;
import io.codis.node.keyspace.ZSkipList.ScoreRange;

/**
 * The sorted-set family: registration, and the single-member commands (ZADD, ZINCRBY, ZREM, ZSCORE,
 * ZMSCORE, ZRANK, ZCARD, ZCOUNT, ZLEXCOUNT). Ranges, pops, set algebra and random/scan commands live
 * in their own classes.
 */
public final class ZSetCommands {
  private ZSetCommands() {}

  public static void register(CommandRegistry r) {
    r.register("zadd", ZSetCommands::zadd);
    r.register("zincrby", ZSetCommands::zincrby);
    r.register("zrem", ZSetCommands::zrem);
    r.register("zcard", ZSetCommands::zcard);
    r.register("zscore", ZSetCommands::zscore);
    r.register("zmscore", ZSetCommands::zmscore);
    r.register("zrank", c -> rank(c, false));
    r.register("zrevrank", c -> rank(c, true));
    r.register("zcount", ZSetCommands::zcount);
    r.register("zlexcount", ZSetCommands::zlexcount);
    ZRangeCommands.register(r);
    ZPopCommands.register(r);
    ZAlgebraCommands.register(r);
    ZRandomScanCommands.register(r);
  }

  /** The sorted set at {@code key}, null when absent, WRONGTYPE for another type. */
  static ZSetValue zset(Call c, byte[] key) {
    return c.typed(key, ZSetValue.class);
  }

  /** After changing a sorted set in place: drop it when empty, then signal the write. */
  static void written(Call c, byte[] key, ZSetValue z) {
    if (z.isEmpty()) {
      c.keyspace().remove(key);
    }
    c.keyspace().modified(key);
  }

  /* ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] */
  static void zadd(Call c) {
    zaddGeneric(c, false);
  }

  /* ZINCRBY key increment member */
  static void zincrby(Call c) {
    zaddGeneric(c, true);
  }

  private static void zaddGeneric(Call c, boolean incr) {
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    boolean ch = false;
    int scoreIndex = 2;
    for (; scoreIndex < c.argc(); scoreIndex++) {
      if (c.argIs(scoreIndex, "nx")) {
        nx = true;
      } else if (c.argIs(scoreIndex, "xx")) {
        xx = true;
      } else if (c.argIs(scoreIndex, "ch")) {
        ch = true;
      } else if (c.argIs(scoreIndex, "incr")) {
        incr = true;
      } else if (c.argIs(scoreIndex, "gt")) {
        gt = true;
      } else if (c.argIs(scoreIndex, "lt")) {
        lt = true;
      } else {
        break;
      }
    }
    int remaining = c.argc() - scoreIndex;
    if (remaining == 0 || remaining % 2 != 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    int pairs = remaining / 2;
    if (nx && xx) {
      throw new CommandException("ERR XX and NX options at the same time are not compatible");
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
    }
    if (incr && pairs > 1) {
      throw new CommandException("ERR INCR option supports a single increment-element pair");
    }
    // Every score is checked before anything changes.
    double[] scores = new double[pairs];
    for (int i = 0; i < pairs; i++) {
      scores[i] = c.argDouble(scoreIndex + 2 * i);
    }
    byte[] key = c.arg(1);
    ZSetValue z = zset(c, key);
    long added = 0;
    long updated = 0;
    long processed = 0;
    double lastScore = 0;
    if (z == null && !xx) {
      // Redis 7.0 starts a new key as a listpack unless its first member is too long for one, and
      // converts while adding: which scores are stored as integers (-0 as 0) depends on it.
      z = new ZSetValue(1, c.arg(scoreIndex + 1).length);
      c.keyspace().put(key, z);
    }
    if (z != null) {
      for (int i = 0; i < pairs; i++) {
        byte[] member = c.arg(scoreIndex + 2 * i + 1);
        double score = scores[i];
        Double current = z.score(member);
        if (current != null) {
          if (nx) {
            continue;
          }
          if (incr) {
            score += current;
            if (Double.isNaN(score)) {
              // Only INCR gets here, with a single pair on an existing member: nothing changed yet.
              throw new CommandException("ERR resulting score is not a number (NaN)");
            }
          }
          if ((lt && score >= current) || (gt && score <= current)) {
            continue;
          }
          processed++;
          lastScore = score;
          if (score != current) {
            z.put(member, score);
            updated++;
          }
        } else if (!xx) {
          z.put(member, score);
          added++;
          processed++;
          lastScore = score;
        }
      }
      if (added + updated > 0) {
        c.keyspace().modified(key);
      }
    }
    if (incr) {
      if (processed > 0) {
        c.reply().doubleValue(lastScore);
      } else {
        c.reply().nullBulk();
      }
    } else {
      c.reply().integer(ch ? added + updated : added);
    }
  }

  /* ZREM key member [member ...] */
  static void zrem(Call c) {
    byte[] key = c.arg(1);
    ZSetValue z = zset(c, key);
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    long removed = 0;
    for (int i = 2; i < c.argc() && !z.isEmpty(); i++) {
      if (z.remove(c.arg(i)) != null) {
        removed++;
      }
    }
    if (removed > 0) {
      written(c, key, z);
    }
    c.reply().integer(removed);
  }

  /* ZCARD key */
  static void zcard(Call c) {
    ZSetValue z = zset(c, c.arg(1));
    c.reply().integer(z == null ? 0 : z.size());
  }

  /* ZSCORE key member */
  static void zscore(Call c) {
    ZSetValue z = zset(c, c.arg(1));
    Double score = z == null ? null : z.score(c.arg(2));
    if (score == null) {
      c.reply().nullBulk();
    } else {
      c.reply().doubleValue(score);
    }
  }

  /* ZMSCORE key member [member ...] */
  static void zmscore(Call c) {
    ZSetValue z = zset(c, c.arg(1));
    c.reply().arrayHeader(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      Double score = z == null ? null : z.score(c.arg(i));
      if (score == null) {
        c.reply().nullBulk();
      } else {
        c.reply().doubleValue(score);
      }
    }
  }

  /* ZRANK key member, ZREVRANK key member */
  static void rank(Call c, boolean reverse) {
    ZSetValue z = zset(c, c.arg(1));
    Double score = z == null ? null : z.score(c.arg(2));
    if (score == null) {
      c.reply().nullBulk();
      return;
    }
    long rank = z.order().rank(score, c.arg(2));
    c.reply().integer(reverse ? z.size() - rank : rank - 1);
  }

  /* ZCOUNT key min max */
  static void zcount(Call c) {
    ScoreRange range = ZParse.scoreRange(c.arg(2), c.arg(3));
    ZSetValue z = zset(c, c.arg(1));
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    ZSkipList order = z.order();
    ZSkipList.Node first = order.firstInRange(range);
    if (first == null) {
      c.reply().integer(0);
      return;
    }
    ZSkipList.Node last = order.lastInRange(range);
    c.reply().integer(order.rankOf(last) - order.rankOf(first) + 1);
  }

  /* ZLEXCOUNT key min max */
  static void zlexcount(Call c) {
    LexRange range = ZParse.lexRange(c.arg(2), c.arg(3));
    ZSetValue z = zset(c, c.arg(1));
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    if (z.listpack()) {
      // A listpack is scanned from the first match while members stay below the maximum.
      long count = 0;
      for (ZSkipList.Node n = ZRanges.firstInLex(z, range); n != null && range.belowMax(n.member()); n = n.next()) {
        count++;
      }
      c.reply().integer(count);
      return;
    }
    ZSkipList order = z.order();
    ZSkipList.Node first = order.firstInLexRange(range);
    long count = 0;
    if (first != null) {
      count = order.length() - (order.rankOf(first) - 1);
      ZSkipList.Node last = order.lastInLexRange(range);
      if (last != null) {
        count -= order.length() - order.rankOf(last);
      }
    }
    c.reply().integer(count);
  }
}
