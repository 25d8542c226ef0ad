package io.codis.node.commands.zsets;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.keyspace.ZSkipList;
import io.codis.node.keyspace.ZSkipList.LexRange;
import io.codis.node.keyspace.ZSkipList.Node;
import io.codis.node.keyspace.ZSkipList.ScoreRange;
import java.util.ArrayList;
import java.util.List;

/**
 * ZRANGE with all its options, the legacy forms (ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX),
 * ZRANGESTORE, and ZREMRANGEBYRANK/SCORE/LEX. All range reads share one core, as Redis's
 * {@code zrangeGenericCommand} does, so the option rules cannot drift apart between them.
 */
final class ZRangeCommands {
  private ZRangeCommands() {}

  enum By { AUTO, RANK, SCORE, LEX }

  static void register(CommandRegistry r) {
    r.register("zrange", c -> range(c, 1, false, By.AUTO, null));
    r.register("zrangestore", c -> range(c, 2, true, By.AUTO, null));
    r.register("zrevrange", c -> range(c, 1, false, By.RANK, true));
    r.register("zrangebyscore", c -> range(c, 1, false, By.SCORE, false));
    r.register("zrevrangebyscore", c -> range(c, 1, false, By.SCORE, true));
    r.register("zrangebylex", c -> range(c, 1, false, By.LEX, false));
    r.register("zrevrangebylex", c -> range(c, 1, false, By.LEX, true));
    r.register("zremrangebyrank", c -> removeRange(c, By.RANK));
    r.register("zremrangebyscore", c -> removeRange(c, By.SCORE));
    r.register("zremrangebylex", c -> removeRange(c, By.LEX));
  }

  /*
   * ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
   * ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
   * ZREVRANGE key start stop [WITHSCORES]
   * Z[REV]RANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]   (REV: max min)
   * Z[REV]RANGEBYLEX key min max [LIMIT offset count]                  (REV: max min)
   *
   * keyIndex: where the source key is (2 for ZRANGESTORE); by and reverse: fixed by the legacy
   * commands (null reverse = chosen by REV).
   */
  static void range(Call c, int keyIndex, boolean store, By by, Boolean reverseFixed) {
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    boolean reverse = reverseFixed != null && reverseFixed;
    for (int j = keyIndex + 3; j < c.argc(); j++) {
      int left = c.argc() - j - 1;
      if (!store && c.argIs(j, "withscores")) {
        withScores = true;
      } else if (c.argIs(j, "limit") && left >= 2) {
        offset = c.argLong(j + 1);
        limit = c.argLong(j + 2);
        j += 2;
      } else if (reverseFixed == null && !reverse && c.argIs(j, "rev")) {
        reverse = true;
      } else if (by == By.AUTO && c.argIs(j, "bylex")) {
        by = By.LEX;
      } else if (by == By.AUTO && c.argIs(j, "byscore")) {
        by = By.SCORE;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if (by == By.AUTO) {
      by = By.RANK;
    }
    // Redis tests "limit != -1", so "LIMIT 0 -1" passes with a rank range.
    if (limit != -1 && by == By.RANK) {
      throw new CommandException(
          "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    }
    if (withScores && by == By.LEX) {
      throw new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    }
    int minIndex = keyIndex + 1;
    int maxIndex = keyIndex + 2;
    if (reverse && by != By.RANK) {
      // Reversed score and lex ranges are written max first.
      minIndex = keyIndex + 2;
      maxIndex = keyIndex + 1;
    }
    long start = 0;
    long end = 0;
    ScoreRange scores = null;
    LexRange lex = null;
    switch (by) {
      case SCORE -> scores = ZParse.scoreRange(c.arg(minIndex), c.arg(maxIndex));
      case LEX -> lex = ZParse.lexRange(c.arg(minIndex), c.arg(maxIndex));
      default -> {
        start = c.argLong(minIndex);
        end = c.argLong(maxIndex);
      }
    }
    ZSetValue z = ZSetCommands.zset(c, c.arg(keyIndex));
    List<Node> nodes;
    if (z == null) {
      nodes = List.of();
    } else {
      nodes = switch (by) {
        case SCORE -> ZRanges.byScore(z, scores, reverse, offset, limit);
        case LEX -> ZRanges.byLex(z, lex, reverse, offset, limit);
        default -> ZRanges.byRank(z, start, end, reverse);
      };
    }
    if (store) {
      storeResult(c, c.arg(1), nodes, by == By.RANK ? nodes.size() : -1);
    } else {
      ZReply.elements(c, nodes, withScores);
    }
  }

  /**
   * Writes a ZRANGESTORE result: a new sorted set (sized as Redis sizes it, which decides its
   * encoding), or deletes the destination when the result is empty.
   */
  private static void storeResult(Call c, byte[] destination, List<Node> nodes, long lengthHint) {
    if (nodes.isEmpty()) {
      if (c.keyspace().remove(destination)) {
        c.keyspace().modified(destination);
      }
      c.reply().integer(0);
      return;
    }
    ZSetValue result = new ZSetValue(lengthHint < 0 ? 1 : lengthHint, 0);
    for (Node n : nodes) {
      result.put(n.member(), n.score());
    }
    c.keyspace().put(destination, result);
    c.keyspace().modified(destination);
    c.reply().integer(result.size());
  }

  /* ZREMRANGEBYRANK key start stop, ZREMRANGEBYSCORE key min max, ZREMRANGEBYLEX key min max */
  static void removeRange(Call c, By by) {
    long start = 0;
    long end = 0;
    ScoreRange scores = null;
    LexRange lex = null;
    switch (by) {
      case SCORE -> scores = ZParse.scoreRange(c.arg(2), c.arg(3));
      case LEX -> lex = ZParse.lexRange(c.arg(2), c.arg(3));
      default -> {
        start = c.argLong(2);
        end = c.argLong(3);
      }
    }
    byte[] key = c.arg(1);
    ZSetValue z = ZSetCommands.zset(c, key);
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    List<Node> doomed = switch (by) {
      case SCORE -> ZRanges.byScore(z, scores, false, 0, -1);
      case LEX -> lexToRemove(z, lex);
      default -> ZRanges.byRank(z, start, end, false);
    };
    for (Node n : doomed) {
      z.remove(n.member());
    }
    if (!doomed.isEmpty()) {
      ZSetCommands.written(c, key, z);
    }
    c.reply().integer(doomed.size());
  }

  /**
   * The members ZREMRANGEBYLEX deletes: Redis's skip-list version starts at the first member at or
   * above the minimum without the empty-range test its listpack version makes.
   */
  private static List<Node> lexToRemove(ZSetValue z, LexRange lex) {
    if (z.listpack()) {
      return ZRanges.byLex(z, lex, false, 0, -1);
    }
    List<Node> out = new ArrayList<>();
    for (ZSkipList.Node n = z.order().firstAtOrAboveLexMin(lex); n != null && lex.belowMax(n.member()); n = n.next()) {
      out.add(n);
    }
    return out;
  }
}
