package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Keyspace;

/**
 * GET and the SET family (SET SETNX SETEX PSETEX GETSET GETDEL GETEX), and the registration of the
 * whole string group. Every setter goes through {@link #setGeneric}, as Redis's do through
 * setGenericCommand. Values are stored as the {@code byte[]} argument itself (the decoder gave us a
 * fresh array), so a plain SET allocates nothing beyond what the decoder did.
 */
public final class StringCommands {
  private StringCommands() {}

  public static void register(CommandRegistry r) {
    r.register("get", StringCommands::get);
    r.register("set", StringCommands::set);
    r.register("setnx", StringCommands::setnx);
    r.register("setex", StringCommands::setex);
    r.register("psetex", StringCommands::psetex);
    r.register("getset", StringCommands::getset);
    r.register("getdel", StringCommands::getdel);
    r.register("getex", StringCommands::getex);
    MultiKey.register(r);
    Ranges.register(r);
    Counters.register(r);
    BitCommands.register(r);
    BitOp.register(r);
    BitField.register(r);
    Lcs.register(r);
  }

  /* GET key */
  static void get(Call c) {
    c.reply().bulk(c.string(c.arg(1)));
  }

  /* SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
   *   PXAT unix-time-milliseconds | KEEPTTL] */
  static void set(Call c) {
    byte[] key = c.arg(1);
    if (c.argc() == 3) {
      Keyspace keyspace = c.keyspace();
      keyspace.put(key, c.arg(2));
      keyspace.modified(key);
      c.reply().ok();
      return;
    }
    long parsed = SetOptions.parseSet(c);
    int expireIndex = SetOptions.expireIndex(parsed);
    setGeneric(c, SetOptions.flags(parsed), key, c.arg(2), expireIndex == 0 ? null : c.arg(expireIndex), false);
  }

  /* SETNX key value */
  static void setnx(Call c) {
    setGeneric(c, SetOptions.NX, c.arg(1), c.arg(2), null, true);
  }

  /* SETEX key seconds value */
  static void setex(Call c) {
    setGeneric(c, SetOptions.EX, c.arg(1), c.arg(3), c.arg(2), false);
  }

  /* PSETEX key milliseconds value */
  static void psetex(Call c) {
    setGeneric(c, SetOptions.PX, c.arg(1), c.arg(3), c.arg(2), false);
  }

  /**
   * Stores {@code value} at {@code key} under SET's option {@code flags}. Replies OK or a null bulk
   * when NX/XX refused (1 or 0 for SETNX, {@code integerReply}); with GET, the old value instead.
   * Checks everything (expire value, WRONGTYPE for GET) before writing.
   */
  static void setGeneric(Call c, int flags, byte[] key, byte[] value, byte[] expire, boolean integerReply) {
    Keyspace keyspace = c.keyspace();
    long expireAtMs = expire == null ? 0 : SetOptions.expireAtMs(c, flags, expire);
    boolean withGet = (flags & SetOptions.GET) != 0;
    byte[] old = null;
    boolean found = false;
    if (withGet) {
      old = c.string(key);
      found = old != null;
    } else if ((flags & (SetOptions.NX | SetOptions.XX)) != 0) {
      found = keyspace.get(key) != null;
    }
    if (((flags & SetOptions.NX) != 0 && found) || ((flags & SetOptions.XX) != 0 && !found)) {
      if (withGet) {
        c.reply().bulk(old);
      } else if (integerReply) {
        c.reply().integer(0);
      } else {
        c.reply().nullBulk();
      }
      return;
    }
    if ((flags & SetOptions.KEEPTTL) != 0) {
      keyspace.putKeepTtl(key, value);
    } else {
      keyspace.put(key, value);
    }
    if (expire != null) {
      keyspace.expireAt(key, expireAtMs); // a time already past deletes the key, as reading it would
    }
    keyspace.modified(key);
    if (withGet) {
      c.reply().bulk(old);
    } else if (integerReply) {
      c.reply().integer(1);
    } else {
      c.reply().ok();
    }
  }

  /* GETSET key value */
  static void getset(Call c) {
    byte[] key = c.arg(1);
    byte[] old = c.string(key);
    c.keyspace().put(key, c.arg(2));
    c.keyspace().modified(key);
    c.reply().bulk(old);
  }

  /* GETDEL key */
  static void getdel(Call c) {
    byte[] key = c.arg(1);
    byte[] old = c.string(key);
    if (old == null) {
      c.reply().nullBulk();
      return;
    }
    c.keyspace().remove(key);
    c.keyspace().modified(key);
    c.reply().bulk(old);
  }

  /* GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds |
   *   PERSIST] */
  static void getex(Call c) {
    long parsed = SetOptions.parseGetex(c);
    int flags = SetOptions.flags(parsed);
    int expireIndex = SetOptions.expireIndex(parsed);
    byte[] key = c.arg(1);
    // Redis looks the key up before it validates the expire value: a missing key answers nil even
    // with "EX 0".
    byte[] value = c.string(key);
    if (value == null) {
      c.reply().nullBulk();
      return;
    }
    Keyspace keyspace = c.keyspace();
    if (expireIndex != 0) {
      long expireAtMs = SetOptions.expireAtMs(c, flags, c.arg(expireIndex));
      c.reply().bulk(value);
      keyspace.expireAt(key, expireAtMs); // EXAT/PXAT in the past delete the key
      keyspace.modified(key);
      return;
    }
    c.reply().bulk(value);
    if ((flags & SetOptions.PERSIST) != 0 && keyspace.persist(key)) {
      keyspace.modified(key);
    }
  }

  /** WRONGTYPE unless {@code value} is null or a string; returns it as a string. */
  static byte[] asString(Object value) {
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    throw new CommandException(Errors.WRONGTYPE);
  }
}
