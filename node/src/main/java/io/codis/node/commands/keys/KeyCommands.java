package io.codis.node.commands.keys;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Glob;
import io.codis.node.keyspace.Keyspace;
import io.codis.node.keyspace.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DEL UNLINK EXISTS TOUCH TYPE RENAME RENAMENX COPY MOVE KEYS RANDOMKEY, and the registration of the
 * whole keyspace family.
 */
public final class KeyCommands {
  /** Databases a Redis Cluster node still parses in COPY ... DB (its {@code databases} default). */
  static final int DATABASES = 16;

  static final String COPY_OTHER_DB =
      "ERR Copying to another database is not allowed in cluster mode";
  static final String SAME_OBJECT = "ERR source and destination objects are the same";
  static final String MOVE_REFUSED = "ERR MOVE is not allowed in cluster mode";

  private KeyCommands() {}

  public static void register(CommandRegistry r) {
    r.register("del", KeyCommands::del);
    r.register("unlink", KeyCommands::del);
    r.register("exists", KeyCommands::exists);
    r.register("touch", KeyCommands::exists);
    r.register("type", KeyCommands::type);
    r.register("rename", c -> rename(c, false));
    r.register("renamenx", c -> rename(c, true));
    r.register("copy", KeyCommands::copy);
    r.register("move", KeyCommands::move);
    r.register("keys", KeyCommands::keys);
    r.register("randomkey", KeyCommands::randomKey);
    ScanCommand.register(r);
    ExpireCommands.register(r);
    DumpRestore.register(r);
    ObjectCommand.register(r);
    SortCommand.register(r);
  }

  /* DEL key [key ...], UNLINK key [key ...] (UNLINK frees memory the same way: the GC does it) */
  static void del(Call c) {
    Keyspace ks = c.keyspace();
    long deleted = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (ks.remove(c.arg(i))) {
        ks.modified(c.arg(i));
        deleted++;
      }
    }
    c.reply().integer(deleted);
  }

  /* EXISTS key [key ...], TOUCH key [key ...]: a key named twice counts twice */
  static void exists(Call c) {
    long found = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.keyspace().typeOf(c.arg(i)) != null) {
        found++;
      }
    }
    c.reply().integer(found);
  }

  /* TYPE key */
  static void type(Call c) {
    ValueType type = c.typeOf(c.arg(1));
    c.reply().simple(type == null ? "none" : type.typeName());
  }

  /* RENAME key newkey, RENAMENX key newkey */
  static void rename(Call c, boolean nx) {
    Keyspace ks = c.keyspace();
    byte[] source = c.arg(1);
    byte[] target = c.arg(2);
    Object value = ks.get(source);
    if (value == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    if (Arrays.equals(source, target)) {
      // Redis answers success without touching the key (and without signalling a change).
      if (nx) {
        c.reply().integer(0);
      } else {
        c.reply().ok();
      }
      return;
    }
    long expireAt = ks.expireAt(source);
    if (ks.get(target) != null) {
      if (nx) {
        c.reply().integer(0);
        return;
      }
      ks.remove(target);
    }
    ks.remove(source);
    ks.put(target, value);
    if (expireAt != -1) {
      ks.expireAt(target, expireAt);
    }
    ks.modified(source);
    ks.modified(target);
    if (nx) {
      c.reply().integer(1);
    } else {
      c.reply().ok();
    }
  }

  /*
   * COPY source destination [DB destination-db] [REPLACE]
   * A node of the cluster has one database: DB 0 works, another valid index gets Redis Cluster's
   * refusal, an invalid one the same range errors Redis gives.
   */
  static void copy(Call c) {
    boolean replace = false;
    long db = 0;
    for (int i = 3; i < c.argc(); i++) {
      int additional = c.argc() - i - 1;
      if (c.argIs(i, "replace")) {
        replace = true;
      } else if (c.argIs(i, "db") && additional >= 1) {
        db = c.argLong(i + 1);
        if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
          throw new CommandException(
              "ERR value is out of range, value must between -2147483648 and 2147483647");
        }
        if (db < 0 || db >= DATABASES) {
          throw new CommandException(Errors.DB_INDEX_OUT_OF_RANGE);
        }
        i++;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if (db != 0) {
      throw new CommandException(COPY_OTHER_DB);
    }
    byte[] source = c.arg(1);
    byte[] target = c.arg(2);
    if (Arrays.equals(source, target)) {
      throw new CommandException(SAME_OBJECT);
    }
    Keyspace ks = c.keyspace();
    Object value = ks.get(source);
    if (value == null) {
      c.reply().integer(0);
      return;
    }
    if (ks.get(target) != null) {
      if (!replace) {
        c.reply().integer(0);
        return;
      }
      ks.remove(target);
    }
    long expireAt = ks.expireAt(source);
    ks.put(target, Values.deepCopy(value));
    if (expireAt != -1) {
      ks.expireAt(target, expireAt);
    }
    ks.modified(target);
    c.reply().integer(1);
  }

  /* MOVE key db: a cluster node has one database, so this is Redis Cluster's refusal */
  static void move(Call c) {
    throw new CommandException(MOVE_REFUSED);
  }

  /* KEYS pattern */
  static void keys(Call c) {
    byte[] pattern = c.arg(1);
    boolean all = pattern.length == 1 && pattern[0] == '*';
    List<byte[]> found = new ArrayList<>();
    long cursor = 0;
    do {
      cursor =
          c.keyspace()
              .scan(
                  cursor,
                  1024,
                  (key, value) -> {
                    if (all || Glob.matches(pattern, key)) {
                      found.add(key);
                    }
                  });
    } while (cursor != 0);
    c.reply().arrayHeader(found.size());
    for (byte[] key : found) {
      c.reply().bulk(key);
    }
  }

  /* RANDOMKEY */
  static void randomKey(Call c) {
    c.reply().bulk(c.keyspace().randomKey());
  }
}
