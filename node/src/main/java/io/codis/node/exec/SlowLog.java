package io.codis.node.exec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Commands that ran longer than {@code slowlog-log-slower-than} microseconds, newest first, at most
 * {@code slowlog-max-len} of them (SLOWLOG GET/LEN/RESET). Like Redis, an entry keeps at most
 * {@link #ARGS_MAX} arguments of at most {@link #ARG_BYTES_MAX} bytes each, so a huge command cannot
 * make the log huge.
 */
public final class SlowLog {
  /** Redis's SLOWLOG_ENTRY_MAX_ARGC. */
  public static final int ARGS_MAX = 32;
  /** Redis's SLOWLOG_ENTRY_MAX_STRING. */
  public static final int ARG_BYTES_MAX = 128;

  /** One logged command. */
  public record Entry(long id, long timeSeconds, long durationMicros, List<byte[]> args, String peer, String clientName) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long nextId;

  /** Logs a command if it was slower than the threshold; drops the oldest entries past {@code maxLen}. */
  public void record(byte[][] argv, long durationMicros, long nowMs, long slowerThanMicros, int maxLen,
      String peer, String clientName) {
    if (slowerThanMicros < 0 || durationMicros < slowerThanMicros) {
      return;
    }
    entries.addFirst(new Entry(nextId++, nowMs / 1000, durationMicros, trim(argv), peer, clientName));
    trimTo(maxLen);
  }

  public void trimTo(int maxLen) {
    while (entries.size() > maxLen) {
      entries.removeLast();
    }
  }

  private static List<byte[]> trim(byte[][] argv) {
    int kept = Math.min(argv.length, ARGS_MAX);
    List<byte[]> args = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      if (kept < argv.length && i == kept - 1) {
        args.add(("... (" + (argv.length - kept + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII));
      } else if (argv[i].length > ARG_BYTES_MAX) {
        byte[] head = java.util.Arrays.copyOf(argv[i], ARG_BYTES_MAX);
        byte[] tail = ("... (" + (argv[i].length - ARG_BYTES_MAX) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
        byte[] both = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, both, head.length, tail.length);
        args.add(both);
      } else {
        args.add(argv[i].clone());
      }
    }
    return args;
  }

  /** The newest {@code count} entries (all when {@code count} is negative). */
  public List<Entry> newest(long count) {
    List<Entry> out = new ArrayList<>();
    Iterator<Entry> it = entries.iterator();
    while (it.hasNext() && (count < 0 || out.size() < count)) {
      out.add(it.next());
    }
    return out;
  }

  public int size() {
    return entries.size();
  }

  public void reset() {
    entries.clear();
  }
}
