package io.codis.node.commands.hashes;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.HashValue;
import io.codis.protocol.resp.RespWriter;

/**
 * The plain hash commands: setting, reading and deleting fields. Increments, HRANDFIELD and HSCAN
 * live in their own classes.
 */
public final class HashCommands {
  private HashCommands() {}

  public static void register(CommandRegistry r) {
    r.register("hset", c -> hset(c, false));
    r.register("hmset", c -> hset(c, true));
    r.register("hsetnx", HashCommands::hsetnx);
    r.register("hget", HashCommands::hget);
    r.register("hmget", HashCommands::hmget);
    r.register("hdel", HashCommands::hdel);
    r.register("hlen", HashCommands::hlen);
    r.register("hstrlen", HashCommands::hstrlen);
    r.register("hexists", HashCommands::hexists);
    r.register("hkeys", c -> listAll(c, true, false));
    r.register("hvals", c -> listAll(c, false, true));
    r.register("hgetall", c -> listAll(c, true, true));
    r.register("hincrby", HashIncrements::hincrby);
    r.register("hincrbyfloat", HashIncrements::hincrbyfloat);
    r.register("hrandfield", HashRandomField::hrandfield);
    r.register("hscan", HashScan::hscan);
  }

  /** The hash at {@code key}, created (and stored) when absent; WRONGTYPE for another type. */
  static HashValue lookupOrCreate(Call c, byte[] key) {
    HashValue hash = c.typed(key, HashValue.class);
    if (hash == null) {
      hash = new HashValue();
      c.keyspace().put(key, hash);
    }
    return hash;
  }

  /* HSET key field value [field value ...]  (HMSET: same, replies OK) */
  static void hset(Call c, boolean legacyReply) {
    if (c.argc() % 2 != 0) {
      throw new CommandException(Errors.wrongArgs(legacyReply ? "hmset" : "hset"));
    }
    byte[] key = c.arg(1);
    HashValue hash = lookupOrCreate(c, key);
    int created = 0;
    for (int i = 2; i < c.argc(); i += 2) {
      if (hash.put(c.arg(i), c.arg(i + 1)) == null) {
        created++;
      }
    }
    c.keyspace().modified(key);
    if (legacyReply) {
      c.reply().ok();
    } else {
      c.reply().integer(created);
    }
  }

  /* HSETNX key field value */
  static void hsetnx(Call c) {
    byte[] key = c.arg(1);
    HashValue hash = c.typed(key, HashValue.class);
    if (hash != null && hash.get(c.arg(2)) != null) {
      c.reply().integer(0);
      return;
    }
    hash = lookupOrCreate(c, key);
    hash.put(c.arg(2), c.arg(3));
    c.keyspace().modified(key);
    c.reply().integer(1);
  }

  /* HGET key field */
  static void hget(Call c) {
    HashValue hash = c.typed(c.arg(1), HashValue.class);
    c.reply().bulk(hash == null ? null : hash.get(c.arg(2)));
  }

  /* HMGET key field [field ...] */
  static void hmget(Call c) {
    HashValue hash = c.typed(c.arg(1), HashValue.class);
    RespWriter out = c.reply();
    out.arrayHeader(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      out.bulk(hash == null ? null : hash.get(c.arg(i)));
    }
  }

  /* HDEL key field [field ...] */
  static void hdel(Call c) {
    byte[] key = c.arg(1);
    HashValue hash = c.typed(key, HashValue.class);
    if (hash == null) {
      c.reply().integer(0);
      return;
    }
    int deleted = 0;
    for (int i = 2; i < c.argc() && !hash.isEmpty(); i++) {
      if (hash.remove(c.arg(i)) != null) {
        deleted++;
      }
    }
    if (deleted > 0) {
      if (hash.isEmpty()) {
        c.keyspace().remove(key);
      }
      c.keyspace().modified(key);
    }
    c.reply().integer(deleted);
  }

  /* HLEN key */
  static void hlen(Call c) {
    HashValue hash = c.typed(c.arg(1), HashValue.class);
    c.reply().integer(hash == null ? 0 : hash.size());
  }

  /* HSTRLEN key field */
  static void hstrlen(Call c) {
    HashValue hash = c.typed(c.arg(1), HashValue.class);
    byte[] value = hash == null ? null : hash.get(c.arg(2));
    c.reply().integer(value == null ? 0 : value.length);
  }

  /* HEXISTS key field */
  static void hexists(Call c) {
    HashValue hash = c.typed(c.arg(1), HashValue.class);
    c.reply().integer(hash != null && hash.get(c.arg(2)) != null ? 1 : 0);
  }

  /* HKEYS key, HVALS key, HGETALL key (a map in RESP3) */
  static void listAll(Call c, boolean fields, boolean values) {
    HashValue hash = c.typed(c.arg(1), HashValue.class);
    RespWriter out = c.reply();
    int size = hash == null ? 0 : hash.size();
    if (fields && values) {
      out.mapHeader(size);
    } else {
      out.arrayHeader(size);
    }
    if (hash == null) {
      return;
    }
    hash.fields().forEach((field, value) -> {
      if (fields) {
        out.bulk(field);
      }
      if (values) {
        out.bulk(value);
      }
    });
  }
}
