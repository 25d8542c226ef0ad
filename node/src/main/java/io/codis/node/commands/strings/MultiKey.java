package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Keyspace;
import io.codis.protocol.resp.RespWriter;

/** MGET, MSET, MSETNX: the string commands over many keys. */
final class MultiKey {
  private MultiKey() {}

  static void register(CommandRegistry r) {
    r.register("mget", MultiKey::mget);
    r.register("mset", MultiKey::mset);
    r.register("msetnx", MultiKey::msetnx);
  }

  /* MGET key [key ...] */
  static void mget(Call c) {
    Keyspace keyspace = c.keyspace();
    RespWriter out = c.reply();
    int argc = c.argc();
    out.arrayHeader(argc - 1);
    for (int i = 1; i < argc; i++) {
      // A key of another type reads as nil here, not as WRONGTYPE.
      if (keyspace.get(c.arg(i)) instanceof byte[] value) {
        out.bulk(value);
      } else {
        out.nullBulk();
      }
    }
  }

  /* MSET key value [key value ...] */
  static void mset(Call c) {
    checkPairs(c);
    setAll(c);
    c.reply().ok();
  }

  /* MSETNX key value [key value ...] */
  static void msetnx(Call c) {
    checkPairs(c);
    Keyspace keyspace = c.keyspace();
    for (int i = 1; i < c.argc(); i += 2) {
      if (keyspace.get(c.arg(i)) != null) {
        c.reply().integer(0);
        return;
      }
    }
    setAll(c);
    c.reply().integer(1);
  }

  /** The arity check of the row only says "at least 3"; the pairs are checked here, as Redis does. */
  private static void checkPairs(Call c) {
    if (c.argc() % 2 == 0) {
      throw new CommandException(Errors.wrongArgs(c.spec().name()));
    }
  }

  private static void setAll(Call c) {
    Keyspace keyspace = c.keyspace();
    for (int i = 1; i < c.argc(); i += 2) {
      byte[] key = c.arg(i);
      keyspace.put(key, c.arg(i + 1));
      keyspace.modified(key);
    }
  }
}
