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
}
