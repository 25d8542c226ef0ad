package io.codis.node.migrate;

import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.replication.Effects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A collection too big to send as one record, sent as {@code del key} and then chunks of at most
 * {@code chunkElementsMax} elements ({@code hset}, {@code sadd}, {@code zadd}, {@code rpush}), and
 * {@code pexpireat} at the end when it has a TTL. One chunk per call, so the event loop never walks
 * more than one chunk at a time.
 *
 * <p>Hashes, sets and sorted sets are walked with their dict's reverse-binary scan cursor, which
 * survives a resize between chunks; lists by index. If the key is written while its chunks are
 * being sent, the owner drops this cursor and sends the key again from the start later (it is in the
 * written-keys set by then), so a walk over a changing value never has to be exact.
 */
final class BigKey {
  private static final byte[] DEL = bytes("del");
  private static final byte[] PEXPIREAT = bytes("pexpireat");

  final byte[] key;
  final Object value;
  private final long expireAtMs;
  private long cursor;
  private boolean started;
  private boolean done;

  BigKey(byte[] key, Object value, long expireAtMs) {
    this.key = key;
    this.value = value;
    this.expireAtMs = expireAtMs;
  }

  static boolean isBig(Object value, int bigKeyElements) {
    return size(value) > bigKeyElements;
  }

  static long size(Object value) {
    if (value instanceof HashValue h) {
      return h.size();
    }
    if (value instanceof SetValue s) {
      return s.size();
    }
    if (value instanceof ZSetValue z) {
      return z.size();
    }
    if (value instanceof ListValue l) {
      return l.size();
    }
    return 1;
  }

  boolean done() {
    return done;
  }

  /** The next record of this key, or null once everything was returned. */
  byte[] next(int chunkElementsMax) {
    if (done) {
      return null;
    }
    if (!started) {
      started = true;
      return Effects.record(DEL, key);
    }
    if (cursor == -1) {
      done = true;
      return expireAtMs >= 0 ? Effects.record(PEXPIREAT, key, bytes(Long.toString(expireAtMs))) : null;
    }
    List<byte[]> args = new ArrayList<>();
    long next;
    if (value instanceof ListValue list) {
      args.add(bytes("rpush"));
      args.add(key);
      int from = (int) cursor;
      int to = Math.min(list.size(), from + chunkElementsMax);
      for (int i = from; i < to; i++) {
        args.add(list.get(i));
      }
      next = to >= list.size() ? 0 : to;
    } else {
      next = scanChunk(args, chunkElementsMax);
    }
    cursor = next == 0 ? -1 : next;
    if (args.size() == 2) {
      return next(chunkElementsMax); // an empty stretch of buckets: nothing to send for it
    }
    return Effects.record(args.toArray(new byte[0][]));
  }

  private long scanChunk(List<byte[]> args, int chunkElementsMax) {
    long c = cursor;
    if (value instanceof HashValue h) {
      args.add(bytes("hset"));
      args.add(key);
      return scan(h.fields(), c, chunkElementsMax, args, (k, v) -> {
        args.add(k);
        args.add(v);
      });
    }
    if (value instanceof SetValue s) {
      args.add(bytes("sadd"));
      args.add(key);
      return scan(s.members(), c, chunkElementsMax, args, (k, v) -> args.add(k));
    }
    ZSetValue z = (ZSetValue) value;
    args.add(bytes("zadd"));
    args.add(key);
    return scan(z.scores(), c, chunkElementsMax, args, (k, v) -> {
      args.add(bytes(score(v)));
      args.add(k);
    });
  }

  private static <V> long scan(Dict<V> dict, long cursor, int max, List<byte[]> args, Dict.EntryVisitor<V> emit) {
    int before = args.size();
    long c = cursor;
    do {
      c = dict.scan(c, emit);
    } while (c != 0 && (args.size() - before) < max * 2);
    return c;
  }

  /** A score as ZADD parses it back to the same double. */
  static String score(double d) {
    if (d == Double.POSITIVE_INFINITY) {
      return "+inf";
    }
    if (d == Double.NEGATIVE_INFINITY) {
      return "-inf";
    }
    return Double.toString(d);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
