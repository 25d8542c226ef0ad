package io.codis.node.keyspace;

/**
 * A Redis sorted set: member to score in a {@link Dict}, plus an order by (score, member) for ranges
 * and ranks.
 */
public final class ZSetValue {
  private final Dict<Double> scores = new Dict<>();

  public Dict<Double> scores() {
    return scores;
  }

  public int size() {
    return scores.size();
  }

  public boolean isEmpty() {
    return scores.isEmpty();
  }

  /** Sets a member's score; returns the previous score or null when the member is new. */
  public Double put(byte[] member, double score) {
    return scores.put(member, score);
  }

  /** Removes a member; returns its score or null when absent. */
  public Double remove(byte[] member) {
    return scores.remove(member);
  }
}
