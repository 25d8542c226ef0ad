package io.codis.node.tier;

import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import java.util.random.RandomGenerator;

/**
 * Estimated heap bytes of one hot key: what dropping it from memory gives back. The figures are
 * the 64-bit JVM's with compressed references (12-byte object headers, 16-byte array headers,
 * 8-byte alignment): a {@code byte[]} of n bytes is {@code 16 + n} rounded up; a {@link Dict} entry
 * is 32 bytes plus its table slot; a sorted-set member also has a boxed score and a skip-list node.
 *
 * <p>A collection is costed as {@code size x (per-element overhead + mean element bytes)}, the mean
 * taken from up to {@link #SAMPLES} random elements (exact for small collections). So estimating a
 * million-element hash costs the same as a ten-element one: the tier re-estimates a key after every
 * write to it and must stay O(1). The price is noise on collections of very uneven elements.
 */
final class SizeEstimator {
  /** Elements sampled for a collection's mean element size. */
  static final int SAMPLES = 8;
  /**
   * Per hot key beyond its value: keyspace entry (32) and table slot (8), the key array header
   * (16), and the tier's own registry entry, table slot and counter (32 + 8 + 24).
   */
  static final long KEY_OVERHEAD = 120;
  private static final long ARRAY = 16;
  private static final long DICT_ENTRY = 32 + 8;
  private static final long COLLECTION = 64;
  private static final long SKIPLIST_NODE = 48 + 16;

  private SizeEstimator() {}

  static long bytes(byte[] key, Object value, RandomGenerator rng) {
    return KEY_OVERHEAD + array(key.length) + valueBytes(value, rng);
  }

  static long valueBytes(Object value, RandomGenerator rng) {
    if (value instanceof byte[] s) {
      return array(s.length);
    }
    if (value instanceof ListValue l) {
      int n = l.size();
      double mean = 0;
      int k = Math.min(n, SAMPLES);
      for (int i = 0; i < k; i++) {
        mean += l.get(n <= SAMPLES ? i : rng.nextInt(n)).length;
      }
      mean = k == 0 ? 0 : mean / k;
      // ring slot (4) + array header, rounded per element
      return COLLECTION + (long) (n * (4 + ARRAY + align(mean)));
    }
    if (value instanceof HashValue h) {
      return COLLECTION + collection(h.fields(), rng, DICT_ENTRY + 2 * ARRAY, true);
    }
    if (value instanceof SetValue s) {
      return COLLECTION + collection(s.members(), rng, DICT_ENTRY + ARRAY, false);
    }
    if (value instanceof ZSetValue z) {
      // member dict entry, boxed score, member array (shared with the skip list) and its node
      return COLLECTION + collection(z.scores(), rng, DICT_ENTRY + 16 + ARRAY + SKIPLIST_NODE, false);
    }
    return 0;
  }

  private static <V> long collection(Dict<V> dict, RandomGenerator rng, long perElement, boolean valued) {
    int n = dict.size();
    if (n == 0) {
      return 0;
    }
    double total = 0;
    if (n <= SAMPLES) {
      double[] sum = {0};
      dict.forEach((k, v) -> sum[0] += align(k.length) + (valued ? align(((byte[]) v).length) : 0));
      total = sum[0];
      return (long) total + n * perElement;
    }
    for (int i = 0; i < SAMPLES; i++) {
      Dict.Entry<V> e = dict.randomEntry(rng);
      total += align(e.key().length) + (valued ? align(((byte[]) e.value()).length) : 0);
    }
    return (long) (n * (total / SAMPLES + perElement));
  }

  private static long array(int length) {
    return ARRAY + align(length);
  }

  private static long align(double bytes) {
    return ((long) Math.ceil(bytes) + 7) & ~7L;
  }
}
