package io.codis.node.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A Redis sorted set: member to score in a {@link Dict} (O(1) ZSCORE), plus a {@link ZSkipList}
 * ordered by (score, member) for ranks and ranges in O(log n + m). Both always hold the same pairs.
 *
 * <h2>The emulated encoding</h2>
 * Redis keeps a small sorted set (at most {@value #LISTPACK_ENTRIES_MAX} members, none longer than
 * {@value #LISTPACK_MEMBER_BYTES_MAX} bytes) in a listpack and converts it to a skip list, never
 * back, when it outgrows that. Clients can observe the difference: a listpack stores integral scores
 * as integers, so {@code -0} becomes {@code 0}; ZSCAN returns a listpack whole with cursor 0 and
 * prints its integral scores as integers; BYLEX searches scan it linearly. We keep only a flag with
 * the same conversion rule (and the same rule for the sets ZUNIONSTORE and friends build) so those
 * answers match, while the structure underneath is always dict + skip list.
 */
public final class ZSetValue extends JournaledValue {
  /** Redis's zset-max-listpack-entries default. */
  public static final int LISTPACK_ENTRIES_MAX = 128;
  /** Redis's zset-max-listpack-value default. */
  public static final int LISTPACK_MEMBER_BYTES_MAX = 64;

  private final Dict<Double> scores = new Dict<>();
  private final ZSkipList order = new ZSkipList(ThreadLocalRandom.current());
  private boolean listpack;


  /** An empty sorted set as ZADD creates it for one member. */
  public ZSetValue() {
    this(1, 0);
  }

  /**
   * An empty sorted set that starts as a skip list when {@code sizeHint} members, or members of
   * {@code maxMemberBytes}, would not fit a listpack (Redis sizes ZRANGESTORE results and checks
   * the first member of a ZADD that creates a key this way).
   */
  public ZSetValue(long sizeHint, long maxMemberBytes) {
    this.listpack = sizeHint <= LISTPACK_ENTRIES_MAX && maxMemberBytes <= LISTPACK_MEMBER_BYTES_MAX;
  }

  /** The member to score table. Read-only for callers: change scores through {@link #put}. */
  public Dict<Double> scores() {
    return scores;
  }

  /** The order index: iterate with {@code first()/next()}, rank and range queries. Read-only. */
  public ZSkipList order() {
    return order;
  }

  public int size() {
    return scores.size();
  }

  public boolean isEmpty() {
    return scores.isEmpty();
  }

  /** True while Redis would still hold this set in a listpack (see the class comment). */
  public boolean listpack() {
    return listpack;
  }

  /** Leaves the listpack encoding for good (a value reloaded from the store that had left it). */
  public void outgrowListpack() {
    listpack = false;
  }

  /** OBJECT ENCODING's answer. */
  public String encodingName() {
    return listpack ? "listpack" : "skiplist";
  }

  /** The score of a member, or null. */
  public Double score(byte[] member) {
    return scores.get(member);
  }

  /**
   * Sets a member's score; returns the previous score or null when the member is new. A score equal
   * (==) to the current one changes nothing, as in Redis (so {@code -0} does not replace {@code 0}).
   */
  public Double put(byte[] member, double score) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("NaN score");
    }
    Dict.Entry<Double> entry = scores.entry(member);
    if (entry == null) {
      if (listpack && (scores.size() + 1 > LISTPACK_ENTRIES_MAX || member.length > LISTPACK_MEMBER_BYTES_MAX)) {
        listpack = false;
      }
      double stored = storedForm(score);
      changed(member, ChangeJournal.ABSENT);
      scores.put(member, stored);
      order.insert(stored, member);
      return null;
    }
    double old = entry.value();
    if (old != score) {
      double stored = storedForm(score);
      changed(entry.key(), old);
      // The skip list node keeps its own reference to the member bytes of the dict entry.
      order.updateScore(old, entry.key(), stored);
      entry.value(stored);
    }
    return old;
  }

  /** Removes a member; returns its score or null when absent. */
  public Double remove(byte[] member) {
    Double old = scores.remove(member);
    if (old != null && !order.delete(old, member)) {
      throw new IllegalStateException("sorted set index lost a member");
    }
    if (old != null) {
      changed(member, old);
    }
    return old;
  }

  /**
   * Converts to the listpack flag when a freshly built result is small enough, as Redis's
   * {@code zsetConvertToListpackIfNeeded} does for ZUNIONSTORE, ZINTERSTORE and ZDIFFSTORE results:
   * the listpack then stores integral scores as integers ({@code -0} becomes {@code 0}).
   */
  public void compactIfSmall() {
    if (listpack || scores.size() > LISTPACK_ENTRIES_MAX) {
      return;
    }
    for (ZSkipList.Node n = order.first(); n != null; n = n.next()) {
      if (n.member().length > LISTPACK_MEMBER_BYTES_MAX) {
        return;
      }
    }
    listpack = true;
    for (ZSkipList.Node n = order.first(); n != null; n = n.next()) {
      if (n.score() == 0 && Double.doubleToRawLongBits(n.score()) != 0) {
        n.score = 0.0;
        scores.put(n.member(), 0.0);
        forgetJournal(); // -0 and 0 are one score to the deltas: write this value whole
      }
    }
  }

  /** A listpack stores an integral score as an integer, which turns -0 into 0. */
  private double storedForm(double score) {
    return listpack && score == 0 ? 0.0 : score;
  }
}
