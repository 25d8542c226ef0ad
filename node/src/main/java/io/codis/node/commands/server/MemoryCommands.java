package io.codis.node.commands.server;

import io.codis.node.commands.connection.Help;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import io.codis.protocol.resp.RespWriter;

/**
 * MEMORY USAGE/DOCTOR/STATS/MALLOC-STATS/PURGE/HELP. USAGE estimates a key's footprint in the JVM
 * (object headers, arrays, hash-table entries), sampling large collections as Redis does.
 */
public final class MemoryCommands {
  /** Rough per-key cost in our keyspace: the key array, its table entry, slot bookkeeping. */
  public static final long KEY_OVERHEAD_BYTES = 64;
  /** Per-element cost in a collection: a table entry or list slot plus the element's array header. */
  static final long ELEMENT_OVERHEAD_BYTES = 48;
  public static final long ARRAY_HEADER_BYTES = 16;
  static final int DEFAULT_SAMPLES = 5;

  private MemoryCommands() {}

  static void register(CommandRegistry r) {
    r.register("memory|usage", MemoryCommands::usage);
    r.register("memory|doctor", MemoryCommands::doctor);
    r.register("memory|stats", MemoryCommands::stats);
    r.register("memory|malloc-stats", c -> c.reply().bulk("Stats not supported for the current allocator"));
    r.register("memory|purge", c -> c.reply().ok());
    r.register("memory|help", MemoryCommands::help);
  }

  /* MEMORY USAGE key [SAMPLES count] */
  static void usage(Call c) {
    long samples = DEFAULT_SAMPLES;
    for (int i = 3; i < c.argc(); i++) {
      if (c.argIs(i, "samples") && i + 1 < c.argc()) {
        samples = c.argLong(i + 1);
        if (samples < 0) {
          throw new CommandException(Errors.SYNTAX);
        }
        i++;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    byte[] key = c.arg(2);
    Object value = c.keyspace().get(key);
    if (value == null) {
      c.reply().nullBulk();
      return;
    }
    long limit = samples == 0 ? Long.MAX_VALUE : samples;
    c.reply().integer(KEY_OVERHEAD_BYTES + ARRAY_HEADER_BYTES + key.length + valueBytes(value, limit));
  }

  public static long valueBytes(Object value, long samples) {
    if (value instanceof byte[] s) {
      return ARRAY_HEADER_BYTES + s.length;
    }
    if (value instanceof ListValue list) {
      long n = Math.min(samples, list.size());
      long sampled = 0;
      for (int i = 0; i < n; i++) {
        sampled += list.get(i).length;
      }
      return scale(sampled, n, list.size());
    }
    if (value instanceof HashValue hash) {
      return dictBytes(hash.fields(), samples, true);
    }
    if (value instanceof SetValue set) {
      return dictBytes(set.members(), samples, false);
    }
    if (value instanceof ZSetValue zset) {
      // scores table plus the ordered index, about one more entry per member
      return dictBytes(zset.scores(), samples, false) + zset.size() * ELEMENT_OVERHEAD_BYTES;
    }
    return ARRAY_HEADER_BYTES;
  }

  private static <V> long dictBytes(Dict<V> dict, long samples, boolean byteValues) {
    long[] sampled = {0, 0};
    long cursor = 0;
    do {
      cursor = dict.scan(cursor, (k, v) -> {
        if (sampled[1] < samples) {
          sampled[0] += k.length + (byteValues && v instanceof byte[] b ? b.length + ARRAY_HEADER_BYTES : 0);
          sampled[1]++;
        }
      });
    } while (cursor != 0 && sampled[1] < samples);
    return scale(sampled[0], sampled[1], dict.size());
  }

  /** Extrapolates the sampled element bytes to the whole collection and adds per-element overhead. */
  private static long scale(long sampledBytes, long sampledCount, long size) {
    long average = sampledCount == 0 ? 0 : sampledBytes / sampledCount;
    return ARRAY_HEADER_BYTES + size * (average + ELEMENT_OVERHEAD_BYTES + ARRAY_HEADER_BYTES);
  }

  /* MEMORY DOCTOR */
  static void doctor(Call c) {
    if (c.keyspace().size() == 0) {
      c.reply().verbatim("Hi Sam, this instance is empty or is using very little memory, my issues "
          + "detector can't be used in these conditions. Please, leave for your mission on Earth and "
          + "fill it with some data. The new Sam and I will be back to our programming as soon as I "
          + "finished rebooting.\n");
    } else {
      c.reply().verbatim("Hi Sam, I can't find any memory issue in your instance. I can only account "
          + "for what occurs on this base.\n");
    }
  }

  /* MEMORY STATS: Redis's field names; figures from the JVM and the keyspace. */
  static void stats(Call c) {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    long keys = c.keyspace().size();
    RespWriter out = c.reply();
    out.mapHeader(12);
    out.bulk("peak.allocated");
    out.integer(used);
    out.bulk("total.allocated");
    out.integer(used);
    out.bulk("startup.allocated");
    out.integer(0);
    out.bulk("replication.backlog");
    out.integer(0);
    out.bulk("clients.slaves");
    out.integer(0);
    out.bulk("clients.normal");
    out.integer(0);
    out.bulk("aof.buffer");
    out.integer(0);
    out.bulk("keys.count");
    out.integer(keys);
    out.bulk("keys.bytes-per-key");
    out.integer(keys == 0 ? 0 : used / keys);
    out.bulk("dataset.bytes");
    out.integer(used);
    out.bulk("allocator.allocated");
    out.integer(used);
    out.bulk("allocator.active");
    out.integer(rt.totalMemory());
  }

  static void help(Call c) {
    Help.reply(c.reply(), "MEMORY",
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).");
  }
}
