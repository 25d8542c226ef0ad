package io.codis.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} requests slower than the threshold, newest first, as SLOWLOG keeps
 * them. Only slow requests reach it, so its lock costs the fast path nothing.
 */
public final class SlowRing {
  /** Arguments kept per entry, and bytes kept per argument (as Redis's slowlog). */
  static final int ARGS_MAX = 32;
  static final int ARG_BYTES_MAX = 128;

  /** One slow request. */
  public record Entry(long id, long timeMs, long micros, List<String> args, String client) {}

  private final Entry[] ring;
  private long next;

  public SlowRing(int capacity) {
    this.ring = new Entry[capacity];
  }

  synchronized void add(long micros, byte[][] argv, String client) {
    List<String> args = new ArrayList<>();
    int n = Math.min(argv.length, ARGS_MAX);
    for (int i = 0; i < n; i++) {
      if (i == ARGS_MAX - 1 && argv.length > ARGS_MAX) {
        args.add("... (" + (argv.length - ARGS_MAX + 1) + " more arguments)");
        break;
      }
      int len = Math.min(argv[i].length, ARG_BYTES_MAX);
      String a = new String(argv[i], 0, len, StandardCharsets.UTF_8);
      args.add(argv[i].length > len ? a + "... (" + (argv[i].length - len) + " more bytes)" : a);
    }
    ring[(int) (next % ring.length)] = new Entry(next, System.currentTimeMillis(), micros, args, client);
    next++;
  }

  /** Entries, newest first. */
  public synchronized List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    for (long id = next - 1; id >= 0 && id >= next - ring.length; id--) {
      out.add(ring[(int) (id % ring.length)]);
    }
    return out;
  }
}
