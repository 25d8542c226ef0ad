package io.codis.node.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.resps.Tuple;

/**
 * One Jedis client writing until the node dies, remembering what it sent and when each write was
 * acknowledged, and afterwards checking what a restarted node holds against that record.
 *
 * <p>Operation {@code n} of a writer is kind {@code n % 6} with index {@code n / 6}: SET of a new
 * key, INCR of one of the round's shared counters, RPUSH, HSET, SADD and ZADD of a new element of the
 * writer's own list, hash, set and sorted set. Writes go in pipelines of {@code depth} (1 = a plain
 * request/reply client); an operation counts as sent before its pipeline leaves and as acknowledged
 * once its reply was read and checked.
 *
 * <p>One writer's operations are ordered, and the store recovers a prefix of its log, so apart from
 * the counters (shared with other writers) what survives must be exactly a prefix of the writer's
 * operations: every operation acknowledged before the cut-off, nothing after a missing one, nothing
 * never sent, every value exact.
 */
final class CrashWriter implements Runnable {
  static final int KINDS = 6;
  static final int SET = 0;
  static final int INCR = 1;
  static final int RPUSH = 2;
  static final int HSET = 3;
  static final int SADD = 4;
  static final int ZADD = 5;
  static final int COUNTERS = 2;
  private static final int TIMEOUT_MS = 15_000;

  private final String round;
  private final String prefix;
  private final int port;
  private final int depth;
  /** Per counter: INCRs sent by all writers of the round (the upper bound of its value). */
  private final AtomicLongArray counterSent;
  private long[] ackedAt = new long[4096];
  /** Acknowledged INCRs: {time, counter, reply}. */
  private final List<long[]> incrAcks = new ArrayList<>();
  private volatile int sent;
  private volatile int acked;
  private volatile Throwable failure;
  /** Prefix length seen by the first check after the crash; later restarts must show the same. */
  private int recovered = -1;

  CrashWriter(String round, int writer, int port, int depth, AtomicLongArray counterSent) {
    this.round = round;
    this.prefix = round + ":w" + writer;
    this.port = port;
    this.depth = depth;
    this.counterSent = counterSent;
  }

  static String counterKey(String round, int counter) {
    return round + ":ctr:" + counter;
  }

  int acked() {
    return acked;
  }

  int sent() {
    return sent;
  }

  /** Null, or what went wrong other than the node dying (an error reply, a wrong reply). */
  Throwable failure() {
    return failure;
  }

  @Override
  public void run() {
    try (Jedis jedis = new Jedis("127.0.0.1", port, TIMEOUT_MS)) {
      while (true) {
        Pipeline p = jedis.pipelined();
        List<Response<?>> replies = new ArrayList<>(depth);
        int first = sent;
        for (int i = 0; i < depth; i++) {
          replies.add(send(p, first + i));
        }
        sent = first + depth;
        p.sync();
        for (int i = 0; i < depth; i++) {
          check(first + i, replies.get(i).get());
        }
      }
    } catch (JedisConnectionException expected) {
      // the node was killed
    } catch (Throwable t) {
      failure = t;
    }
  }

  private Response<?> send(Pipeline p, int n) {
    int i = n / KINDS;
    return switch (n % KINDS) {
      case SET -> p.set(prefix + ":s:" + i, value(i));
      case INCR -> {
        counterSent.incrementAndGet(i % COUNTERS);
        yield p.incr(counterKey(round, i % COUNTERS));
      }
      case RPUSH -> p.rpush(prefix + ":list", "e" + i);
      case HSET -> p.hset(prefix + ":hash", "f" + i, value(i));
      case SADD -> p.sadd(prefix + ":set", "m" + i);
      default -> p.zadd(prefix + ":zset", i, "m" + i);
    };
  }

  private void check(int n, Object reply) {
    int i = n / KINDS;
    switch (n % KINDS) {
      case SET -> assertEquals("OK", reply);
      case INCR -> incrAcks.add(new long[] {System.currentTimeMillis(), i % COUNTERS, (Long) reply});
      case RPUSH -> assertEquals((long) i + 1, reply, "RPUSH reply");
      default -> assertEquals(1L, reply, "a new member or field");
    }
    if (n == ackedAt.length) {
      ackedAt = Arrays.copyOf(ackedAt, n * 2);
    }
    ackedAt[n] = System.currentTimeMillis();
    acked = n + 1;
  }

  private static String value(int i) {
    return "v" + i;
  }

  /** Operations acknowledged at or before {@code cutoffMs}: a prefix, since acks come in order. */
  int ackedBy(long cutoffMs) {
    int n = 0;
    while (n < acked && ackedAt[n] <= cutoffMs) {
      n++;
    }
    return n;
  }

  /** Highest INCR reply acknowledged at or before {@code cutoffMs} per counter (0 if none). */
  long[] counterFloor(long cutoffMs) {
    long[] floor = new long[COUNTERS];
    for (long[] a : incrAcks) {
      if (a[0] <= cutoffMs) {
        floor[(int) a[1]] = Math.max(floor[(int) a[1]], a[2]);
      }
    }
    return floor;
  }

  /** How many operations of {@code kind} are among the first {@code ops}. */
  static int countOf(int ops, int kind) {
    return ops > kind ? (ops - 1 - kind) / KINDS + 1 : 0;
  }

  /**
   * Checks the restarted node: the surviving non-counter operations are exactly operations {@code
   * [0, m)} for some {@code m >= required} (and {@code m <= sent}), each with its exact value, and
   * {@code m} is the same as at the first check after this writer's crash. Returns how many
   * acknowledged operations are missing (those acked after the cut-off that did not survive).
   */
  int verify(Jedis j, int required) {
    int sentNow = sent;
    boolean[] present = new boolean[sentNow + KINDS];
    // Strings: every key up to and including the first never sent one.
    int strings = countOf(sentNow, SET) + 1;
    String[] keys = new String[strings];
    for (int i = 0; i < strings; i++) {
      keys[i] = prefix + ":s:" + i;
    }
    List<String> values = j.mget(keys);
    for (int i = 0; i < strings; i++) {
      if (values.get(i) != null) {
        assertEquals(value(i), values.get(i), keys[i]);
        present[i * KINDS + SET] = true;
      }
    }
    List<String> list = j.lrange(prefix + ":list", 0, -1);
    for (int i = 0; i < list.size(); i++) {
      assertEquals("e" + i, list.get(i), prefix + ":list element " + i);
      present[op(i, RPUSH, sentNow, prefix + ":list")] = true;
    }
    Map<String, String> hash = j.hgetAll(prefix + ":hash");
    hash.forEach((field, v) -> {
      int i = Integer.parseInt(field.substring(1));
      assertEquals(value(i), v, prefix + ":hash " + field);
      present[op(i, HSET, sentNow, prefix + ":hash")] = true;
    });
    for (String member : j.smembers(prefix + ":set")) {
      present[op(Integer.parseInt(member.substring(1)), SADD, sentNow, prefix + ":set")] = true;
    }
    for (Tuple t : j.zrangeWithScores(prefix + ":zset", 0, -1)) {
      int i = Integer.parseInt(t.getElement().substring(1));
      assertEquals(i, t.getScore(), prefix + ":zset score of " + t.getElement());
      present[op(i, ZADD, sentNow, prefix + ":zset")] = true;
    }
    int m = 0;
    while (m < sentNow && (m % KINDS == INCR || present[m])) {
      m++;
    }
    for (int n = m; n < present.length; n++) {
      if (present[n]) {
        fail(prefix + ": operation " + n + " survived but operation " + m + " (kind " + m % KINDS
            + ") before it did not: not a prefix of the log");
      }
    }
    // m may stop on an INCR slot only at the end; the counters are checked on their own.
    assertTrue(m >= required, prefix + ": acknowledged operations lost: " + m + " of " + required
        + " required survived (sent " + sentNow + ", acked " + acked + ")");
    if (recovered < 0) {
      recovered = m;
    } else {
      assertEquals(recovered, m, prefix + ": a later crash changed what an earlier one left");
    }
    return Math.max(0, acked - m);
  }

  /** The index of operation (i, kind); fails for an element of an operation never sent. */
  private static int op(int i, int kind, int sentNow, String what) {
    int n = i * KINDS + kind;
    assertTrue(n < sentNow, what + " holds element " + i + ", never sent (sent " + sentNow + " operations)");
    return n;
  }

  /** Every counter of a round lies between its acknowledged floor and its sent ceiling. */
  static void verifyCounters(Jedis j, String round, List<CrashWriter> writers, long cutoffMs,
      AtomicLongArray counterSent) {
    long[] floor = new long[COUNTERS];
    for (CrashWriter w : writers) {
      long[] f = w.counterFloor(cutoffMs);
      for (int c = 0; c < COUNTERS; c++) {
        floor[c] = Math.max(floor[c], f[c]);
      }
    }
    for (int c = 0; c < COUNTERS; c++) {
      String v = j.get(counterKey(round, c));
      long value = v == null ? 0 : Long.parseLong(v);
      assertTrue(value >= floor[c], counterKey(round, c) + " = " + value + " but INCR had answered " + floor[c]);
      assertTrue(value <= counterSent.get(c), counterKey(round, c) + " = " + value + ", more than the "
          + counterSent.get(c) + " INCRs ever sent");
    }
  }
}
