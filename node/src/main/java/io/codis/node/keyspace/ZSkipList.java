package io.codis.node.keyspace;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The order index of a sorted set: members sorted by (score, member bytes compared unsigned), with
 * ranks. This is the skip list of William Pugh as Redis's {@code t_zset.c} extends it.
 *
 * <h2>How it works</h2>
 * Every node is on level 0, a doubly linked list in order. A node is also on levels 1..k-1 with
 * probability 1/4 per extra level, so the upper levels are sparser and sparser "express lanes": a
 * search starts on the highest level of the header and walks forward while the next node is still
 * before the target, then drops one level. That costs O(log n) expected.
 *
 * <h2>Spans: ranks in O(log n)</h2>
 * Each forward link also records its <em>span</em>: how many level-0 steps it jumps. Summing the
 * spans of the links taken during a search gives the rank of the node reached; descending by spans
 * finds the node at a given rank. Insertion and deletion fix the spans of the links they pass over
 * (the {@code update[]} and {@code rank[]} arrays below hold, per level, the last node before the
 * change and its rank).
 *
 * <p>Ranks are 1-based here, as in Redis's {@code zslGetRank}; commands convert to 0-based.
 * Duplicate (score, member) pairs are never inserted: the member dict in {@link ZSetValue} guarantees
 * a member appears once. NaN scores are never stored (commands refuse them).
 *
 * <p>Level choice takes a {@link RandomGenerator} so tests can seed it; the shape only affects
 * speed, never results.
 */
public final class ZSkipList {
  /** Enough for 4^32 elements: far beyond what fits in memory. */
  static final int MAX_LEVEL = 32;
  /** Probability (as 1/n) that a node reaches the next level; Redis uses 0.25. */
  private static final int LEVEL_ODDS = 4;

  /** One member with its score and its forward links per level. */
  public static final class Node {
    final byte[] member;
    double score;
    Node backward;
    final Node[] forward;
    /** {@code span[i]}: the number of level-0 steps {@code forward[i]} jumps. */
    final long[] span;

    Node(int level, double score, byte[] member) {
      this.member = member;
      this.score = score;
      this.forward = new Node[level];
      this.span = new long[level];
    }

    public byte[] member() {
      return member;
    }

    public double score() {
      return score;
    }

    /** The next node in order, or null after the last. */
    public Node next() {
      return forward[0];
    }

    /** The previous node in order, or null before the first. */
    public Node previous() {
      return backward;
    }
  }

  private final Node header = new Node(MAX_LEVEL, 0, null);
  /** Search paths, reused: the list is used from one thread and no method re-enters another. */
  private final Node[] scratchUpdate = new Node[MAX_LEVEL];
  private final long[] scratchRank = new long[MAX_LEVEL];
  private final RandomGenerator random;
  private Node tail;
  private int level = 1;
  private long length;

  public ZSkipList(RandomGenerator random) {
    this.random = random;
  }

  public long length() {
    return length;
  }

  /** The first node in order, or null when empty. */
  public Node first() {
    return header.forward[0];
  }

  /** The last node in order, or null when empty. */
  public Node last() {
    return tail;
  }

  /** Order of (score, member): score first, then member bytes compared unsigned. */
  static int compare(double scoreA, byte[] memberA, double scoreB, byte[] memberB) {
    if (scoreA < scoreB) {
      return -1;
    }
    if (scoreA > scoreB) {
      return 1;
    }
    return Arrays.compareUnsigned(memberA, memberB);
  }

  private static boolean before(Node node, double score, byte[] member) {
    return compare(node.score, node.member, score, member) < 0;
  }

  private int randomLevel() {
    int result = 1;
    while (result < MAX_LEVEL && random.nextInt(LEVEL_ODDS) == 0) {
      result++;
    }
    return result;
  }

  /** Inserts a member that is not in the list yet; returns its node. */
  public Node insert(double score, byte[] member) {
    Node node = new Node(randomLevel(), score, member);
    link(node);
    return node;
  }

  /**
   * Links a node that is not in the list at the place its (score, member) belongs, keeping the
   * height it was given when created (a random height stays random when a node moves).
   */
  private void link(Node node) {
    double score = node.score;
    byte[] member = node.member;
    Node[] update = scratchUpdate;
    long[] rank = scratchRank;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      // rank[i]: the rank of update[i], the last node on level i before the new one.
      rank[i] = i == level - 1 ? 0 : rank[i + 1];
      while (x.forward[i] != null && before(x.forward[i], score, member)) {
        rank[i] += x.span[i];
        x = x.forward[i];
      }
      update[i] = x;
    }
    int newLevel = node.forward.length;
    if (newLevel > level) {
      // The new levels start at the header, whose link there spans the whole list.
      for (int i = level; i < newLevel; i++) {
        rank[i] = 0;
        update[i] = header;
        header.span[i] = length;
      }
      level = newLevel;
    }
    for (int i = 0; i < newLevel; i++) {
      node.forward[i] = update[i].forward[i];
      update[i].forward[i] = node;
      // update[i] jumped span[i] steps; the new node sits (rank[0] - rank[i]) steps after it.
      node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = (rank[0] - rank[i]) + 1;
    }
    // Links above the new node's height now jump over one more node.
    for (int i = newLevel; i < level; i++) {
      update[i].span[i]++;
    }
    node.backward = update[0] == header ? null : update[0];
    if (node.forward[0] != null) {
      node.forward[0].backward = node;
    } else {
      tail = node;
    }
    length++;
  }

  /** Removes the node of (score, member); false when it is not in the list. */
  public boolean delete(double score, byte[] member) {
    Node[] update = new Node[MAX_LEVEL];
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && before(x.forward[i], score, member)) {
        x = x.forward[i];
      }
      update[i] = x;
    }
    x = x.forward[0];
    if (x == null || x.score != score || !Arrays.equals(x.member, member)) {
      return false;
    }
    unlink(x, update);
    return true;
  }

  /** Unlinks {@code x} given the last node before it on every level. */
  private void unlink(Node x, Node[] update) {
    for (int i = 0; i < level; i++) {
      if (update[i].forward[i] == x) {
        update[i].span[i] += x.span[i] - 1;
        update[i].forward[i] = x.forward[i];
      } else {
        update[i].span[i]--;
      }
    }
    if (x.forward[0] != null) {
      x.forward[0].backward = x.backward;
    } else {
      tail = x.backward;
    }
    while (level > 1 && header.forward[level - 1] == null) {
      level--;
    }
    length--;
  }

  /**
   * Changes a member's score. When the node stays between its neighbours it is updated in place
   * (the common case of ZINCRBY by small steps), else removed and re-inserted.
   */
  public void updateScore(double oldScore, byte[] member, double newScore) {
    Node[] update = new Node[MAX_LEVEL];  // not the scratch array: link() below uses that one
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && before(x.forward[i], oldScore, member)) {
        x = x.forward[i];
      }
      update[i] = x;
    }
    x = x.forward[0];
    if (x == null || x.score != oldScore || !Arrays.equals(x.member, member)) {
      throw new IllegalStateException("sorted set index lost a member");
    }
    boolean afterPrevious = x.backward == null || compare(x.backward.score, x.backward.member, newScore, member) < 0;
    boolean beforeNext = x.forward[0] == null || compare(x.forward[0].score, x.forward[0].member, newScore, member) > 0;
    if (afterPrevious && beforeNext) {
      x.score = newScore;
      return;
    }
    unlink(x, update);
    // Moved, not reallocated: no garbage per score change (ZADD on a big set changes many).
    x.score = newScore;
    link(x);
  }

  /** 1-based rank of (score, member), or 0 when absent. */
  public long rank(double score, byte[] member) {
    long rank = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) <= 0) {
        rank += x.span[i];
        x = x.forward[i];
      }
      if (x != header && x.score == score && Arrays.equals(x.member, member)) {
        return rank;
      }
    }
    return 0;
  }

  /** The node at 1-based {@code rank}, or null when out of range. */
  public Node byRank(long rank) {
    if (rank < 1 || rank > length) {
      return null;
    }
    long traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && traversed + x.span[i] <= rank) {
        traversed += x.span[i];
        x = x.forward[i];
      }
      if (traversed == rank) {
        return x;
      }
    }
    return null;
  }

  /** A score interval with optionally exclusive ends ({@code (1.5}). */
  public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    public boolean aboveMin(double value) {
      return minExclusive ? value > min : value >= min;
    }

    public boolean belowMax(double value) {
      return maxExclusive ? value < max : value <= max;
    }

    /** False for ranges that can hold nothing (min above max, or equal with an exclusive end). */
    public boolean possible() {
      return !(min > max || (min == max && (minExclusive || maxExclusive)));
    }
  }

  /**
   * A member interval for the BYLEX commands. A null bound with its flag is {@code -} (lowest) or
   * {@code +} (highest); otherwise {@code [x} includes and {@code (x} excludes x.
   */
  public record LexRange(byte[] min, boolean minExclusive, boolean minIsMinusInf,
      byte[] max, boolean maxExclusive, boolean maxIsPlusInf) {
    public boolean aboveMin(byte[] value) {
      if (minIsMinusInf) {
        return true;
      }
      if (min == null) {
        return false; // "+" as the minimum: nothing is above it.
      }
      int c = Arrays.compareUnsigned(value, min);
      return minExclusive ? c > 0 : c >= 0;
    }

    public boolean belowMax(byte[] value) {
      if (maxIsPlusInf) {
        return true;
      }
      if (max == null) {
        return false; // "-" as the maximum.
      }
      int c = Arrays.compareUnsigned(value, max);
      return maxExclusive ? c < 0 : c <= 0;
    }

    /** Redis's zslIsInLexRange empty-range test, where "-" and "+" compare below/above everything. */
    public boolean possible() {
      int c = compareBounds();
      return !(c > 0 || (c == 0 && (minExclusive || maxExclusive)));
    }

    private int compareBounds() {
      boolean minIsPlus = min == null && !minIsMinusInf;
      boolean maxIsMinus = max == null && !maxIsPlusInf;
      if ((minIsMinusInf && maxIsMinus) || (minIsPlus && maxIsPlusInf)) {
        return 0; // the same shared bound on both sides
      }
      if (minIsMinusInf || maxIsPlusInf) {
        return -1;
      }
      if (minIsPlus || maxIsMinus) {
        return 1;
      }
      return Arrays.compareUnsigned(min, max);
    }
  }

  /** The first node with a score in range, or null. */
  public Node firstInRange(ScoreRange range) {
    if (!range.possible() || tail == null || !range.aboveMin(tail.score)
        || !range.belowMax(header.forward[0].score)) {
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && !range.aboveMin(x.forward[i].score)) {
        x = x.forward[i];
      }
    }
    x = x.forward[0];
    return x != null && range.belowMax(x.score) ? x : null;
  }

  /** The last node with a score in range, or null. */
  public Node lastInRange(ScoreRange range) {
    if (!range.possible() || tail == null || !range.aboveMin(tail.score)
        || !range.belowMax(header.forward[0].score)) {
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && range.belowMax(x.forward[i].score)) {
        x = x.forward[i];
      }
    }
    return x != header && range.aboveMin(x.score) ? x : null;
  }

  /**
   * The first node whose member is in range, searching as Redis's skip list does (assuming all
   * scores are equal; with mixed scores the answer is as unspecified as Redis's).
   */
  public Node firstInLexRange(LexRange range) {
    if (!lexPossible(range)) {
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && !range.aboveMin(x.forward[i].member)) {
        x = x.forward[i];
      }
    }
    x = x.forward[0];
    return x != null && range.belowMax(x.member) ? x : null;
  }

  /** The last node whose member is in range (see {@link #firstInLexRange}). */
  public Node lastInLexRange(LexRange range) {
    if (!lexPossible(range)) {
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && range.belowMax(x.forward[i].member)) {
        x = x.forward[i];
      }
    }
    return x != header && range.aboveMin(x.member) ? x : null;
  }

  /**
   * The first node whose member is at or above the range's minimum, searching as Redis's
   * {@code zslDeleteRangeByLex} does: without first testing whether the range is empty.
   */
  public Node firstAtOrAboveLexMin(LexRange range) {
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && !range.aboveMin(x.forward[i].member)) {
        x = x.forward[i];
      }
    }
    return x.forward[0];
  }

  private boolean lexPossible(LexRange range) {
    return range.possible() && tail != null && range.aboveMin(tail.member)
        && range.belowMax(header.forward[0].member);
  }

  /** 1-based rank of a node known to be in the list. */
  public long rankOf(Node node) {
    return rank(node.score, node.member);
  }

  /** Checks every invariant (order, spans, backward links, length); for tests. */
  void verify() {
    long count = 0;
    Node previous = null;
    for (Node x = header.forward[0]; x != null; x = x.forward[0]) {
      count++;
      if (x.backward != previous) {
        throw new IllegalStateException("backward link broken at rank " + count);
      }
      if (previous != null && compare(previous.score, previous.member, x.score, x.member) >= 0) {
        throw new IllegalStateException("order broken at rank " + count);
      }
      previous = x;
    }
    if (count != length || tail != previous) {
      throw new IllegalStateException("length or tail broken");
    }
    for (int i = 0; i < level; i++) {
      long position = 0;
      Node x = header;
      while (x.forward[i] != null) {
        Node next = x.forward[i];
        long expected = 0;
        for (Node y = x; y != next; y = y.forward[0]) {
          expected++;
        }
        if (x.span[i] != expected) {
          throw new IllegalStateException("span broken on level " + i + " at rank " + position);
        }
        position += expected;
        x = next;
      }
    }
  }
}
