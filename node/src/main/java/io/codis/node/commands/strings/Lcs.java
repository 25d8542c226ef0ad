package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.protocol.resp.RespWriter;

/**
 * LCS: the longest common subsequence of two strings, by the textbook dynamic programme over a
 * (|a|+1) x (|b|+1) table, walked back from the end exactly as Redis walks it, so that among several
 * equally long answers we return Redis's, and the IDX ranges come out in Redis's order (last first).
 */
final class Lcs {
  /**
   * Most table cells one LCS may allocate (4 bytes each, 512 MB): Redis fails the command when its
   * allocation fails; we refuse a request whose table is larger than this, with Redis's error.
   */
  static final long TABLE_CELLS_MAX = 1L << 27;
  private static final String NO_MEMORY =
      "ERR Insufficient memory, failed allocating transient memory for LCS";

  private Lcs() {}

  static void register(CommandRegistry r) {
    r.register("lcs", Lcs::lcs);
  }

  /* LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN] */
  static void lcs(Call c) {
    Object first = c.keyspace().get(c.arg(1));
    Object second = c.keyspace().get(c.arg(2));
    if ((first != null && !(first instanceof byte[])) || (second != null && !(second instanceof byte[]))) {
      throw new CommandException("ERR The specified keys must contain string values");
    }
    byte[] a = first == null ? new byte[0] : (byte[]) first;
    byte[] b = second == null ? new byte[0] : (byte[]) second;
    boolean getLength = false;
    boolean getIndexes = false;
    boolean withMatchLength = false;
    long minMatchLength = 0;
    for (int j = 3; j < c.argc(); j++) {
      byte[] opt = c.arg(j);
      boolean more = j < c.argc() - 1;
      if (StringValues.is(opt, "idx")) {
        getIndexes = true;
      } else if (StringValues.is(opt, "len")) {
        getLength = true;
      } else if (StringValues.is(opt, "withmatchlen")) {
        withMatchLength = true;
      } else if (StringValues.is(opt, "minmatchlen") && more) {
        minMatchLength = Math.max(0, c.argLong(++j));
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if (getIndexes && getLength) {
      throw new CommandException("ERR If you want both the length and indexes, please just use IDX.");
    }
    int columns = b.length + 1;
    if ((long) (a.length + 1) * columns > TABLE_CELLS_MAX) {
      throw new CommandException(NO_MEMORY);
    }
    int[] table = fill(a, b);
    int length = table[a.length * columns + b.length];
    if (getLength) {
      c.reply().integer(length);
      return;
    }
    walkBack(c.reply(), a, b, table, length, getIndexes, withMatchLength, minMatchLength);
  }

  /** table[i * (|b|+1) + j] = LCS length of a[0..i) and b[0..j). */
  private static int[] fill(byte[] a, byte[] b) {
    int columns = b.length + 1;
    int[] table = new int[(a.length + 1) * columns];
    for (int i = 1; i <= a.length; i++) {
      int row = i * columns;
      int above = row - columns;
      byte ai = a[i - 1];
      for (int j = 1; j <= b.length; j++) {
        if (ai == b[j - 1]) {
          table[row + j] = table[above + j - 1] + 1;
        } else {
          table[row + j] = Math.max(table[above + j], table[row + j - 1]);
        }
      }
    }
    return table;
  }

  /**
   * Rebuilds the subsequence from the end and, for IDX, the ranges of contiguous matches: a range is
   * emitted when the walk leaves it (a mismatch step) or reaches the start of either string.
   */
  private static void walkBack(RespWriter out, byte[] a, byte[] b, int[] table, int length,
      boolean getIndexes, boolean withMatchLength, long minMatchLength) {
    int columns = b.length + 1;
    byte[] result = new byte[length];
    java.util.List<long[]> ranges = new java.util.ArrayList<>();
    int idx = length;
    int i = a.length;
    int j = b.length;
    boolean inRange = false;
    int aStart = 0;
    int aEnd = 0;
    int bStart = 0;
    int bEnd = 0;
    while (i > 0 && j > 0) {
      boolean emit = false;
      if (a[i - 1] == b[j - 1]) {
        result[idx - 1] = a[i - 1];
        if (!inRange) {
          inRange = true;
          aStart = aEnd = i - 1;
          bStart = bEnd = j - 1;
        } else {
          // The walk goes diagonally through a run of matches, so the range extends backwards.
          aStart--;
          bStart--;
        }
        if (aStart == 0 || bStart == 0) {
          emit = true;
        }
        idx--;
        i--;
        j--;
      } else {
        int up = table[(i - 1) * columns + j];
        int left = table[i * columns + j - 1];
        if (up > left) {
          i--;
        } else {
          j--;
        }
        emit = inRange;
      }
      if (emit) {
        long matchLength = aEnd - aStart + 1;
        if (getIndexes && (minMatchLength == 0 || matchLength >= minMatchLength)) {
          ranges.add(new long[] {aStart, aEnd, bStart, bEnd, matchLength});
        }
        inRange = false;
      }
    }
    if (!getIndexes) {
      out.bulk(result);
      return;
    }
    out.mapHeader(2);
    out.bulk(MATCHES);
    out.arrayHeader(ranges.size());
    for (long[] range : ranges) {
      out.arrayHeader(withMatchLength ? 3 : 2);
      out.arrayHeader(2);
      out.integer(range[0]);
      out.integer(range[1]);
      out.arrayHeader(2);
      out.integer(range[2]);
      out.integer(range[3]);
      if (withMatchLength) {
        out.integer(range[4]);
      }
    }
    out.bulk(LEN);
    out.integer(length);
  }

  private static final byte[] MATCHES = {'m', 'a', 't', 'c', 'h', 'e', 's'};
  private static final byte[] LEN = {'l', 'e', 'n'};
}
