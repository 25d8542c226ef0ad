package io.codis.node.commands.common;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.keyspace.Dict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Random picks from a {@link Dict}, shared by HRANDFIELD, SRANDMEMBER, SPOP and ZRANDMEMBER,
 * with the count rules those commands share.
 *
 * <p>Redis serves a negative count (repetitions allowed) by looping {@code |count|} times, so a
 * client can ask for 9e18 elements and exhaust the server. We answer at most
 * {@link #REPEATED_SAMPLES_MAX} and refuse more with Redis's range error: real workloads ask for a
 * handful, and the limit keeps one request from filling memory with its reply.
 */
public final class RandomSampling {
  /** Most elements a negative count may ask for (with repetition). */
  public static final long REPEATED_SAMPLES_MAX = 1L << 24;

  private RandomSampling() {}

  /** The node's source of randomness for commands (the execution thread is the only user). */
  public static RandomGenerator random() {
    return java.util.concurrent.ThreadLocalRandom.current();
  }

  /**
   * Parses a count that may be negative, as Redis's {@code getRangeLongFromObjectOrReply(-LONG_MAX,
   * LONG_MAX)} does, and refuses repetition counts above {@link #REPEATED_SAMPLES_MAX}.
   */
  public static long parseSignedCount(Call c, int index) {
    long count = c.argLong(index);
    if (count == Long.MIN_VALUE) {
      throw new CommandException("ERR value is out of range, value must between "
          + -Long.MAX_VALUE + " and " + Long.MAX_VALUE);
    }
    return count;
  }

  /**
   * With WITHVALUES or WITHSCORES each pick is two elements: Redis refuses counts whose doubled
   * reply length would overflow.
   */
  public static void checkPairedCount(long requested) {
    if (requested < -Long.MAX_VALUE / 2 || requested > Long.MAX_VALUE / 2) {
      throw new CommandException("ERR value is out of range");
    }
  }

  /** Throws when a repeated-sampling reply of {@code count} elements would be too large. */
  public static void checkRepeated(long count) {
    if (count > REPEATED_SAMPLES_MAX) {
      throw new CommandException("ERR value is out of range");
    }
  }

  /**
   * The keys of {@code count} distinct entries chosen at random, {@code 0 < count < dict.size()}.
   * When the count is near the size, a partial shuffle of all keys is cheaper than rejection
   * sampling (Redis switches strategy at the same point, a third of the size).
   */
  public static <V> List<byte[]> distinct(Dict<V> dict, int count, RandomGenerator random) {
    if ((long) count * 3 > dict.size()) {
      List<byte[]> all = new ArrayList<>(dict.size());
      dict.forEach((k, v) -> all.add(k));
      for (int i = 0; i < count; i++) {
        Collections.swap(all, i, i + random.nextInt(all.size() - i));
      }
      return all.subList(0, count);
    }
    // Keys are stored once, so identity tells picks apart without hashing their bytes again.
    Set<byte[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<byte[]> picked = new ArrayList<>(count);
    while (picked.size() < count) {
      byte[] key = dict.randomEntry(random).key();
      if (seen.add(key)) {
        picked.add(key);
      }
    }
    return picked;
  }

  /** Every key of {@code dict}, in table order. */
  public static <V> List<byte[]> keys(Dict<V> dict) {
    List<byte[]> all = new ArrayList<>(dict.size());
    dict.forEach((k, v) -> all.add(k));
    return all;
  }
}
