package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;

/**
 * The options of SET and GETEX, parsed as Redis's parseExtendedStringArgumentsOrReply does. The
 * result is packed into one {@code long} (flags in the low half, the argv index of the expire value
 * in the high half) so that SET with options allocates nothing.
 *
 * <p>Which repetitions are legal follows Redis exactly: {@code NX NX}, {@code GET GET} and
 * {@code EX 1 EX 2} (the last wins) are accepted; NX with XX, or two different expire forms, or an
 * expire with KEEPTTL/PERSIST, are a syntax error.
 */
final class SetOptions {
  static final int NX = 1;
  static final int XX = 1 << 1;
  static final int GET = 1 << 2;
  static final int KEEPTTL = 1 << 3;
  static final int PERSIST = 1 << 4;
  static final int EX = 1 << 5;
  static final int PX = 1 << 6;
  static final int EXAT = 1 << 7;
  static final int PXAT = 1 << 8;
  static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

  private SetOptions() {}

  /** Parses SET's options (NX XX GET KEEPTTL EX PX EXAT PXAT) from argv[3] on. */
  static long parseSet(Call c) {
    return parse(c, 3, true);
  }

  /** Parses GETEX's options (EX PX EXAT PXAT PERSIST) from argv[2] on. */
  static long parseGetex(Call c) {
    return parse(c, 2, false);
  }

  static int flags(long parsed) {
    return (int) parsed;
  }

  /** The argv index of the expire value, or 0 when no expire option was given. */
  static int expireIndex(long parsed) {
    return (int) (parsed >>> 32);
  }

  private static long parse(Call c, int from, boolean set) {
    int flags = 0;
    int expireIndex = 0;
    int argc = c.argc();
    for (int j = from; j < argc; j++) {
      byte[] opt = c.arg(j);
      boolean hasNext = j < argc - 1;
      if (set && StringValues.is(opt, "nx") && (flags & XX) == 0) {
        flags |= NX;
      } else if (set && StringValues.is(opt, "xx") && (flags & NX) == 0) {
        flags |= XX;
      } else if (set && StringValues.is(opt, "get")) {
        flags |= GET;
      } else if (set && StringValues.is(opt, "keepttl") && (flags & (PERSIST | ANY_EXPIRE)) == 0) {
        flags |= KEEPTTL;
      } else if (!set && StringValues.is(opt, "persist") && (flags & (KEEPTTL | ANY_EXPIRE)) == 0) {
        flags |= PERSIST;
      } else if (hasNext && (flags & (KEEPTTL | PERSIST)) == 0 && expireOption(opt) != 0
          && (flags & ANY_EXPIRE & ~expireOption(opt)) == 0) {
        flags |= expireOption(opt);
        expireIndex = ++j;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return ((long) expireIndex << 32) | flags;
  }

  private static int expireOption(byte[] opt) {
    if (StringValues.is(opt, "ex")) {
      return EX;
    }
    if (StringValues.is(opt, "px")) {
      return PX;
    }
    if (StringValues.is(opt, "exat")) {
      return EXAT;
    }
    if (StringValues.is(opt, "pxat")) {
      return PXAT;
    }
    return 0;
  }

  /**
   * The absolute expiry in epoch ms for an expire value, as Redis's getExpireMillisecondsOrReply
   * computes it: a positive integer, seconds scaled without overflow, relative forms added to the
   * command's time. Errors name the command ({@code invalid expire time in 'set' command}).
   */
  static long expireAtMs(Call c, int flags, byte[] value) {
    long ms = StringValues.parseLong(value, Errors.NOT_INTEGER);
    boolean seconds = (flags & (EX | EXAT)) != 0;
    if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
      throw new CommandException(Errors.invalidExpire(c.spec().name()));
    }
    if (seconds) {
      ms *= 1000;
    }
    if ((flags & (EX | PX)) != 0) {
      ms += c.now(); // may wrap to negative, which Redis refuses the same way
    }
    if (ms <= 0) {
      throw new CommandException(Errors.invalidExpire(c.spec().name()));
    }
    return ms;
  }
}
