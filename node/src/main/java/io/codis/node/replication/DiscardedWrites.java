package io.codis.node.replication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs what a full resync throws away: never silently. The case that matters is an old
 * master rejoining as a replica of the master promoted in its place. The new master's history
 * continues ours up to its PSYNC2 switch point ({@code replid2} = our id, up to {@code
 * second_repl_offset}); anything we produced past it the new master never saw, and the full resync
 * replaces it. Those bytes are still in our backlog (usually), so the records (writes) and a few of
 * their keys are counted and logged. A history the new master does not know at all is logged with
 * the number of keys dropped. Execution thread only; read by INFO.
 */
public final class DiscardedWrites {
  private static final Logger LOG = LoggerFactory.getLogger(DiscardedWrites.class);
  /** Keys named in the log line of one discard. */
  static final int KEYS_LOGGED = 10;

  private long writes;
  private long bytes;
  private long events;
  private long keysReplaced;

  /**
   * A full sync from the master's history {@code masterReplid} is about to replace this node's
   * history {@code replid} at {@code offset}; the master's PSYNC2 switch point is ({@code masterReplid2}, {@code masterSecondOffset}), null/-1 if
   * unknown.
   */
  void fullSyncReplaces(String replid, long offset, Backlog backlog, String masterReplid,
      String masterReplid2, long masterSecondOffset, long localKeys) {
    if (replid.equals(masterReplid)) {
      return; // our own history again (a broken stream): the snapshot holds everything we had
    }
    if (masterReplid2 != null && masterReplid2.equals(replid) && masterSecondOffset > 0) {
      long sharedEnd = masterSecondOffset - 1; // the new master continued our history up to here
      long diverged = offset - sharedEnd;
      if (diverged <= 0) {
        return; // behind the switch point: nothing of ours is lost, only a resync
      }
      events++;
      bytes += diverged;
      List<String> keys = new ArrayList<>();
      long records = -1;
      if (backlog != null && backlog.holds(sharedEnd) && backlog.endOffset() == offset) {
        records = countRecords(backlog.copy(sharedEnd, (int) diverged), keys);
        writes += records;
      }
      LOG.warn("DISCARDED WRITES: rejoining as a replica, {} bytes of this node's stream past offset {} "
          + "(history {}) were never seen by the new master and are dropped by the full resync: {} writes{}",
          diverged, sharedEnd, replid, records < 0 ? "(unknown: no longer in the backlog)" : records,
          keys.isEmpty() ? "" : ", keys " + keys);
    } else if (localKeys > 0 && offset > 0) {
      events++;
      keysReplaced += localKeys;
      LOG.warn("DISCARDED DATA: full resync replaces this node's {} keys (history {} at offset {}, "
          + "unknown to the master); writes the master never saw, if any, are lost", localKeys, replid, offset);
    }
  }

  /**
   * Stream records in {@code stream} that are writes (not ping/multi/exec), naming up to
   * {@link #KEYS_LOGGED} keys. The stream is a run of RESP arrays of bulk strings; a cut record at
   * the end is ignored.
   */
  static long countRecords(byte[] stream, List<String> keys) {
    long count = 0;
    int[] pos = {0};
    while (pos[0] < stream.length) {
      List<byte[]> argv = readArray(stream, pos);
      if (argv == null || argv.isEmpty()) {
        break;
      }
      String name = new String(argv.get(0), StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
      if (name.equals("ping") || name.equals("multi") || name.equals("exec")) {
        continue;
      }
      count++;
      if (argv.size() > 1 && keys.size() < KEYS_LOGGED && !name.equals("flushall")) {
        keys.add(new String(argv.get(1), StandardCharsets.UTF_8));
      }
    }
    return count;
  }

  private static List<byte[]> readArray(byte[] s, int[] pos) {
    try {
      if (s[pos[0]] != '*') {
        return null;
      }
      long n = readNumber(s, pos);
      List<byte[]> argv = new ArrayList<>();
      for (long i = 0; i < n; i++) {
        if (s[pos[0]] != '$') {
          return null;
        }
        int len = (int) readNumber(s, pos);
        byte[] arg = new byte[len];
        System.arraycopy(s, pos[0], arg, 0, len);
        pos[0] += len + 2;
        argv.add(arg);
      }
      return argv;
    } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
      return null;
    }
  }

  /** Reads the number after the type byte at pos up to CRLF; leaves pos after the CRLF. */
  private static long readNumber(byte[] s, int[] pos) {
    int start = pos[0] + 1;
    int end = start;
    while (s[end] != '\r') {
      end++;
    }
    pos[0] = end + 2;
    return Long.parseLong(new String(s, start, end - start, StandardCharsets.US_ASCII));
  }

  public long writes() {
    return writes;
  }

  public long bytes() {
    return bytes;
  }

  /** Full resyncs that discarded something. */
  public long events() {
    return events;
  }

  /** Keys dropped by full resyncs from a history the master did not know. */
  public long keysReplaced() {
    return keysReplaced;
  }
}
