package io.codis.node.commands.common;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.Glob;
import io.codis.protocol.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What SCAN, HSCAN, SSCAN and ZSCAN share, as they share Redis's {@code scanGenericCommand}: the
 * cursor syntax, the COUNT, MATCH (and for SCAN, TYPE) options, the bounded walk over a
 * {@link Dict}, and the reply.
 *
 * <p>The walk stops once it has collected COUNT elements (counted before MATCH filters them, as in
 * Redis, so a selective pattern can return fewer) or after visiting ten times COUNT buckets, so a
 * sparse table cannot make one call slow.
 */
public final class CollectionScan {
  public static final String INVALID_CURSOR = "ERR invalid cursor";
  private static final long UNSIGNED_MAX_DIV_10 = Long.divideUnsigned(-1L, 10);

  private CollectionScan() {}

  /** COUNT (default 10), MATCH (null when absent or {@code *}) and TYPE (SCAN only, else null). */
  public record Options(long count, byte[] pattern, String type) {
    public boolean accepts(byte[] element) {
      return pattern == null || Glob.matches(pattern, element);
    }
  }

  /**
   * Parses a cursor as Redis does with {@code strtoul}: unsigned decimal, a '-' wraps around, the
   * text ends at a NUL byte, an empty text is 0, no leading space, no overflow.
   */
  public static long parseCursor(byte[] arg) {
    int end = 0;
    while (end < arg.length && arg[end] != 0) {
      end++;
    }
    if (end == 0) {
      return 0;
    }
    int i = 0;
    boolean negative = false;
    if (arg[0] == '+' || arg[0] == '-') {
      negative = arg[0] == '-';
      i = 1;
    }
    if (i == end) {
      throw new CommandException(INVALID_CURSOR);
    }
    long value = 0;
    for (; i < end; i++) {
      int d = arg[i] - '0';
      if (d < 0 || d > 9) {
        throw new CommandException(INVALID_CURSOR);
      }
      if (Long.compareUnsigned(value, UNSIGNED_MAX_DIV_10) > 0) {
        throw new CommandException(INVALID_CURSOR);
      }
      long next = value * 10 + d;
      if (Long.compareUnsigned(next, value * 10) < 0) {
        throw new CommandException(INVALID_CURSOR);
      }
      value = next;
    }
    return negative ? -value : value;
  }

  /** Parses {@code [MATCH pattern] [COUNT count]} from argument {@code from} on. */
  public static Options parseOptions(Call c, int from) {
    return parseOptions(c, from, false);
  }

  /**
   * Parses {@code [MATCH pattern] [COUNT count]}, plus {@code [TYPE type]} when {@code typeAllowed}
   * (SCAN over the keyspace; Redis refuses TYPE with a syntax error on the collection scans).
   */
  public static Options parseOptions(Call c, int from, boolean typeAllowed) {
    long count = 10;
    byte[] pattern = null;
    String type = null;
    int i = from;
    while (i < c.argc()) {
      int remaining = c.argc() - i;
      if (c.argIs(i, "count") && remaining >= 2) {
        count = c.argLong(i + 1);
        if (count < 1) {
          throw new CommandException(Errors.SYNTAX);
        }
        i += 2;
      } else if (c.argIs(i, "match") && remaining >= 2) {
        byte[] p = c.arg(i + 1);
        pattern = p.length == 1 && p[0] == '*' ? null : p;
        i += 2;
      } else if (typeAllowed && c.argIs(i, "type") && remaining >= 2) {
        type = c.argString(i + 1);
        i += 2;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return new Options(count, pattern, type);
  }

  /**
   * Walks {@code dict} from {@code cursor} until {@code wanted} elements were visited, the scan
   * completed, or ten times {@code wanted} buckets were visited; returns the next cursor (0 at the
   * end). {@code visited} reports how many elements the visitor has collected so far.
   */
  public static <V> long walk(Dict<V> dict, long cursor, long wanted, Dict.EntryVisitor<V> visitor,
      java.util.function.IntSupplier visited) {
    long bucketsLeft = wanted > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : wanted * 10;
    do {
      cursor = dict.scan(cursor, visitor);
    } while (cursor != 0 && bucketsLeft-- > 0 && visited.getAsInt() < wanted);
    return cursor;
  }

  /** The reply: the next cursor as a bulk string, then the elements. */
  public static void reply(RespWriter out, long cursor, List<byte[]> elements) {
    out.arrayHeader(2);
    out.bulk(Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII));
    out.arrayHeader(elements.size());
    for (byte[] e : elements) {
      out.bulk(e);
    }
  }

  /** The reply for a missing key: cursor 0 and no elements. */
  public static void emptyReply(RespWriter out) {
    reply(out, 0, List.of());
  }
}
