package io.codis.node.commands.keys;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Keyspace;

/** EXPIRE PEXPIRE EXPIREAT PEXPIREAT (NX XX GT LT), TTL PTTL EXPIRETIME PEXPIRETIME, PERSIST. */
final class ExpireCommands {
  private static final int NX = 1;
  private static final int XX = 2;
  private static final int GT = 4;
  private static final int LT = 8;

  private ExpireCommands() {}

  static void register(CommandRegistry r) {
    r.register("expire", c -> expire(c, c.now(), true));
    r.register("pexpire", c -> expire(c, c.now(), false));
    r.register("expireat", c -> expire(c, 0, true));
    r.register("pexpireat", c -> expire(c, 0, false));
    r.register("ttl", c -> ttl(c, false));
    r.register("pttl", c -> ttl(c, true));
    r.register("expiretime", c -> expireTime(c, false));
    r.register("pexpiretime", c -> expireTime(c, true));
    r.register("persist", ExpireCommands::persist);
  }

  /*
   * EXPIRE key seconds [NX | XX | GT | LT], PEXPIRE key milliseconds [...],
   * EXPIREAT key unix-time-seconds [...], PEXPIREAT key unix-time-milliseconds [...]
   * One core, as Redis's expireGenericCommand: options are checked before the number, the number's
   * overflow before the key's existence. A time already past deletes the key and answers 1.
   */
  static void expire(Call c, long basetimeMs, boolean seconds) {
    int flags = parseFlags(c);
    long when = c.argLong(2);
    String name = c.spec().name();
    if (seconds) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        throw new CommandException(Errors.invalidExpire(name));
      }
      when *= 1000;
    }
    if (when > Long.MAX_VALUE - basetimeMs) {
      throw new CommandException(Errors.invalidExpire(name));
    }
    when += basetimeMs;

    Keyspace ks = c.keyspace();
    byte[] key = c.arg(1);
    if (ks.get(key) == null) {
      c.reply().integer(0);
      return;
    }
    if (flags != 0 && !allowed(flags, ks.expireAt(key), when)) {
      c.reply().integer(0);
      return;
    }
    if (when <= c.now()) {
      ks.remove(key);
    } else {
      ks.expireAt(key, when);
    }
    ks.modified(key);
    c.reply().integer(1);
  }

  private static int parseFlags(Call c) {
    int flags = 0;
    for (int i = 3; i < c.argc(); i++) {
      if (c.argIs(i, "nx")) {
        flags |= NX;
      } else if (c.argIs(i, "xx")) {
        flags |= XX;
      } else if (c.argIs(i, "gt")) {
        flags |= GT;
      } else if (c.argIs(i, "lt")) {
        flags |= LT;
      } else {
        throw new CommandException("ERR Unsupported option " + cString(c.arg(i)));
      }
    }
    if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
      throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if ((flags & GT) != 0 && (flags & LT) != 0) {
      throw new CommandException("ERR GT and LT options at the same time are not compatible");
    }
    return flags;
  }

  /** Whether the NX/XX/GT/LT conditions let {@code when} replace {@code current} (-1: none). */
  private static boolean allowed(int flags, long current, long when) {
    if ((flags & NX) != 0 && current != -1) {
      return false;
    }
    if ((flags & XX) != 0 && current == -1) {
      return false;
    }
    // No expiry counts as an infinite one: GT never beats it, LT always does.
    if ((flags & GT) != 0 && (current == -1 || when <= current)) {
      return false;
    }
    return (flags & LT) == 0 || current == -1 || when < current;
  }

  /* TTL key, PTTL key: -2 when absent, -1 without expiry; TTL rounds to the nearest second */
  static void ttl(Call c, boolean millis) {
    byte[] key = c.arg(1);
    if (c.keyspace().typeOf(key) == null) {
      c.reply().integer(-2);
      return;
    }
    long at = c.keyspace().expireAt(key);
    if (at == -1) {
      c.reply().integer(-1);
      return;
    }
    long ttl = Math.max(0, at - c.now());
    c.reply().integer(millis ? ttl : roundToSeconds(ttl));
  }

  /** Milliseconds to the nearest second, as Redis's {@code (ms + 500) / 1000} but without overflow. */
  static long roundToSeconds(long ms) {
    return ms / 1000 + (ms % 1000 >= 500 ? 1 : 0);
  }

  /* EXPIRETIME key, PEXPIRETIME key (EXPIRETIME rounds like TTL) */
  static void expireTime(Call c, boolean millis) {
    byte[] key = c.arg(1);
    if (c.keyspace().typeOf(key) == null) {
      c.reply().integer(-2);
      return;
    }
    long at = c.keyspace().expireAt(key);
    c.reply().integer(at == -1 ? -1 : millis ? at : roundToSeconds(Math.max(0, at)));
  }

  /* PERSIST key */
  static void persist(Call c) {
    byte[] key = c.arg(1);
    if (c.keyspace().get(key) != null && c.keyspace().persist(key)) {
      c.keyspace().modified(key);
      c.reply().integer(1);
    } else {
      c.reply().integer(0);
    }
  }

  /** The argument as C prints it with %s: up to its first NUL byte. */
  static String cString(byte[] arg) {
    int end = 0;
    while (end < arg.length && arg[end] != 0) {
      end++;
    }
    return new String(arg, 0, end, java.nio.charset.StandardCharsets.UTF_8);
  }
}
