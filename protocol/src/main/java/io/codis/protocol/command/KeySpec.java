package io.codis.protocol.command;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * Where a command's keys are, as positions in its argument vector ({@code argv[0]} is the command
 * name). A row may have several specs (ZUNIONSTORE: a destination, then numkeys keys).
 */
public sealed interface KeySpec {

  /** Calls {@code sink} with the argv index of every key this spec finds; ignores what is out of range. */
  void forEachKey(byte[][] argv, IntConsumer sink);

  /**
   * Keys from {@code first} to {@code last} stepping by {@code step}; a negative {@code last} counts
   * from the end ({@code -1} is the last argument), as in Redis's legacy first/last/step triple.
   */
  record Range(int first, int last, int step) implements KeySpec {
    @Override
    public void forEachKey(byte[][] argv, IntConsumer sink) {
      int end = last >= 0 ? last : argv.length + last;
      for (int i = first; i <= end && i < argv.length; i += step) {
        sink.accept(i);
      }
    }
  }

  /**
   * {@code argv[numkeysIndex]} says how many keys follow, starting at {@code numkeysIndex +
   * firstKeyOffset}, each {@code step} apart (ZUNIONSTORE, LMPOP, EVAL, SINTERCARD).
   */
  record Keynum(int numkeysIndex, int firstKeyOffset, int step) implements KeySpec {
    @Override
    public void forEachKey(byte[][] argv, IntConsumer sink) {
      if (numkeysIndex >= argv.length) {
        return;
      }
      long count = parseCount(argv[numkeysIndex]);
      int start = numkeysIndex + firstKeyOffset;
      for (long k = 0; k < count; k++) {
        long index = start + k * step;
        if (index >= argv.length) {
          return;
        }
        sink.accept((int) index);
      }
    }
  }

  /**
   * Keys follow a keyword: after the last (or first) occurrence of {@code keyword} at or after
   * {@code searchFrom}, {@code count} keys (or, with {@code count == -1}, half the remaining
   * arguments, as XREAD STREAMS does), {@code step} apart (SORT ... STORE dest, MIGRATE ... KEYS).
   */
  record Keyword(String keyword, int searchFrom, boolean lastOccurrence, int count, int step)
      implements KeySpec {
    @Override
    public void forEachKey(byte[][] argv, IntConsumer sink) {
      int found = -1;
      for (int i = searchFrom; i < argv.length; i++) {
        if (keyword.equalsIgnoreCase(new String(argv[i], java.nio.charset.StandardCharsets.ISO_8859_1))) {
          found = i;
          if (!lastOccurrence) {
            break;
          }
        }
      }
      if (found < 0) {
        return;
      }
      int remaining = argv.length - found - 1;
      int keys = count >= 0 ? count : remaining / 2;
      for (int k = 0; k < keys; k++) {
        int index = found + 1 + k * step;
        if (index >= argv.length) {
          return;
        }
        sink.accept(index);
      }
    }
  }

  /**
   * The command may also touch keys named by patterns in its arguments (SORT's BY and GET), which
   * cannot be listed before it runs. Finds nothing; marks the row as having movable keys, as Redis
   * marks SORT and SORT_RO. A router must treat such a command's extra keys as local to its slot.
   */
  record Patterns() implements KeySpec {
    @Override
    public void forEachKey(byte[][] argv, IntConsumer sink) {}
  }

  /** A command without keys. */
  List<KeySpec> NONE = List.of();

  private static long parseCount(byte[] arg) {
    try {
      long n = Long.parseLong(new String(arg, java.nio.charset.StandardCharsets.US_ASCII));
      return Math.max(0, n);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
