package io.codis.node.tier;

import io.codis.node.keyspace.Dict;
import java.util.SplittableRandom;

/**
 * The per-key access information the tier keeps in the keyspace entry's {@code access} int, as
 * Redis keeps it in the object's 24-bit {@code lru} field.
 *
 * <ul>
 *   <li><b>LRU</b>: a logical clock, incremented on every access. Exact recency order (Redis uses a
 *       seconds clock, which ties every key touched in the same second); compared as an int
 *       difference, so a wrap after 2^31 accesses only misorders keys idle for that long.
 *   <li><b>LFU</b>: Redis's scheme: {@code 1 << 24 | minutes (16) << 8 | counter (8)}. The counter
 *       grows logarithmically ({@code lfu-log-factor} 10: a hit increments it with probability
 *       {@code 1 / ((counter - 5) * 10 + 1)}), starts at 5 for a new key so it is not evicted at
 *       once, and loses one per minute idle ({@code lfu-decay-time} 1). Bit 24 marks an entry that
 *       has been counted, so a fresh entry (0) starts at the initial value.
 * </ul>
 *
 * Switching between LRU and LFU reinterprets the fields, as in Redis: the ranking is approximate
 * until keys are touched again.
 */
final class AccessClock {
  static final int LFU_INIT_VAL = 5;
  static final int LFU_LOG_FACTOR = 10;
  static final int LFU_DECAY_MINUTES = 1;
  private static final int COUNTED = 1 << 24;

  private final SplittableRandom random = new SplittableRandom(0x7ee1);
  private boolean lfu;
  private int lruClock;

  void lfu(boolean value) {
    this.lfu = value;
  }

  void touch(Dict.Entry<Object> entry, long nowMs) {
    if (!lfu) {
      entry.access(++lruClock);
      return;
    }
    int counter = logIncrement(decayedCounter(entry.access(), nowMs));
    entry.access(COUNTED | (minutes(nowMs) << 8) | counter);
  }

  /** A new key: the LRU clock now, or the LFU counter at its initial value (as Redis's createObject). */
  void start(Dict.Entry<Object> entry, long nowMs) {
    if (!lfu) {
      entry.access(++lruClock);
    } else {
      entry.access(COUNTED | (minutes(nowMs) << 8) | LFU_INIT_VAL);
    }
  }

  /** Larger = a better victim: LRU idle clicks, or 255 minus the decayed LFU counter. */
  long evictionScore(Dict.Entry<Object> entry, long nowMs) {
    if (!lfu) {
      return (long) (lruClock - entry.access()) & 0xFFFFFFFFL;
    }
    return 255 - decayedCounter(entry.access(), nowMs);
  }

  /** OBJECT FREQ: the LFU counter after decay. */
  int frequency(int access, long nowMs) {
    return decayedCounter(access, nowMs);
  }

  private static int minutes(long nowMs) {
    return (int) ((nowMs / 60_000) & 0xFFFF);
  }

  private static int decayedCounter(int access, long nowMs) {
    if ((access & COUNTED) == 0) {
      return LFU_INIT_VAL;
    }
    int counter = access & 0xFF;
    int then = (access >>> 8) & 0xFFFF;
    int now = minutes(nowMs);
    int elapsed = now >= then ? now - then : 0xFFFF - then + now;
    int periods = elapsed / LFU_DECAY_MINUTES;
    return periods > counter ? 0 : counter - periods;
  }

  private int logIncrement(int counter) {
    if (counter == 255) {
      return 255;
    }
    double base = Math.max(0, counter - LFU_INIT_VAL);
    double p = 1.0 / (base * LFU_LOG_FACTOR + 1);
    return random.nextDouble() < p ? counter + 1 : counter;
  }
}
