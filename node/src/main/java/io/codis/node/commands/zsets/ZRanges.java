package io.codis.node.commands.zsets;

import io.codis.node.keyspace.ZSetValue;
import io.codis.node.keyspace.ZSkipList;
import io.codis.node.keyspace.ZSkipList.LexRange;
import io.codis.node.keyspace.ZSkipList.Node;
import io.codis.node.keyspace.ZSkipList.ScoreRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Selecting the elements of a range (by rank, score or member), shared by ZRANGE and its legacy
 * forms, ZRANGESTORE and the ZREMRANGEBY commands. Results are lists of nodes, taken before anything
 * changes; they are bounded by the size of the sorted set, never by a client-supplied count.
 */
final class ZRanges {
  private ZRanges() {}

  /**
   * The first element in a lex range. A listpack-sized set is scanned from the start as Redis
   * scans a listpack, a larger one searched as its skip list is: with mixed scores (where Redis calls
   * the result unspecified) this gives Redis's answer for the same encoding.
   */
  static Node firstInLex(ZSetValue z, LexRange range) {
    if (!z.listpack()) {
      return z.order().firstInLexRange(range);
    }
    if (!lexPossible(z, range)) {
      return null;
    }
    for (Node n = z.order().first(); n != null; n = n.next()) {
      if (range.aboveMin(n.member())) {
        return range.belowMax(n.member()) ? n : null;
      }
    }
    return null;
  }

  /** The last element in a lex range (see {@link #firstInLex}). */
  static Node lastInLex(ZSetValue z, LexRange range) {
    if (!z.listpack()) {
      return z.order().lastInLexRange(range);
    }
    if (!lexPossible(z, range)) {
      return null;
    }
    for (Node n = z.order().last(); n != null; n = n.previous()) {
      if (range.belowMax(n.member())) {
        return range.aboveMin(n.member()) ? n : null;
      }
    }
    return null;
  }

  private static boolean lexPossible(ZSetValue z, LexRange range) {
    ZSkipList order = z.order();
    return range.possible() && order.last() != null && range.aboveMin(order.last().member())
        && range.belowMax(order.first().member());
  }

  /** Elements from rank {@code start} to {@code end} (0-based, negative from the end), as ZRANGE. */
  static List<Node> byRank(ZSetValue z, long start, long end, boolean reverse) {
    long length = z.size();
    if (start < 0) {
      start = length + start;
    }
    if (end < 0) {
      end = length + end;
    }
    if (start < 0) {
      start = 0;
    }
    List<Node> out = new ArrayList<>();
    if (start > end || start >= length) {
      return out;
    }
    if (end >= length) {
      end = length - 1;
    }
    long count = end - start + 1;
    Node n = z.order().byRank(reverse ? length - start : start + 1);
    for (long i = 0; i < count && n != null; i++) {
      out.add(n);
      n = reverse ? n.previous() : n.next();
    }
    return out;
  }

  /**
   * Elements with scores in range, after skipping {@code offset} of them (a negative offset gives
   * nothing, as in Redis), at most {@code limit} (negative: no limit).
   */
  static List<Node> byScore(ZSetValue z, ScoreRange range, boolean reverse, long offset, long limit) {
    ZSkipList order = z.order();
    Node n = reverse ? order.lastInRange(range) : order.firstInRange(range);
    n = skip(order, n, offset, reverse);
    List<Node> out = new ArrayList<>();
    for (; n != null && limit != 0; limit--) {
      if (reverse ? !range.aboveMin(n.score()) : !range.belowMax(n.score())) {
        break;
      }
      out.add(n);
      n = reverse ? n.previous() : n.next();
    }
    return out;
  }

  /** Elements with members in range, with the offset and limit rules of {@link #byScore}. */
  static List<Node> byLex(ZSetValue z, LexRange range, boolean reverse, long offset, long limit) {
    Node n = reverse ? lastInLex(z, range) : firstInLex(z, range);
    n = skip(z.order(), n, offset, reverse);
    List<Node> out = new ArrayList<>();
    for (; n != null && limit != 0; limit--) {
      if (reverse ? !range.aboveMin(n.member()) : !range.belowMax(n.member())) {
        break;
      }
      out.add(n);
      n = reverse ? n.previous() : n.next();
    }
    return out;
  }

  /** Moves {@code offset} places along the order by rank arithmetic instead of walking. */
  private static Node skip(ZSkipList order, Node n, long offset, boolean reverse) {
    if (n == null || offset == 0) {
      return n;
    }
    if (offset < 0) {
      return null;
    }
    long rank = order.rankOf(n);
    long target = reverse ? rank - offset : rank + offset;
    return target < 1 || target > order.length() ? null : order.byRank(target);
  }
}
