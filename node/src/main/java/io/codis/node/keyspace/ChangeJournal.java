package io.codis.node.keyspace;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What changed in one collection value since the persistence layer last wrote it as key
 * {@link #storedAs()}: each changed field or member once, with its state before the first change
 * ({@link #ABSENT} when it was not there; for sorted sets the old score, for hashes and sets
 * {@link #PRESENT}). The persistence layer compares each entry with the current contents to write
 * only deltas. Bounded: past {@link #MAX_ENTRIES} entries {@link #record} reports an overflow and the
 * owner drops its journal, so the next commit writes the value whole.
 *
 * <p>Event loop only, like the values themselves.
 */
public final class ChangeJournal {
  /** Changed fields/members kept before a journal gives up (the next write is whole). */
  public static final int MAX_ENTRIES = 1024;
  /** State before: the field or member did not exist. */
  public static final Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "ABSENT";
    }
  };
  /** State before: the hash field or set member existed (hashes keep no old value: not needed). */
  public static final Object PRESENT = Boolean.TRUE;

  private final byte[] storedAs;
  private Map<ByteBuffer, Object> before;

  ChangeJournal(byte[] storedAs) {
    this.storedAs = storedAs;
  }

  /** The key the value was last written as. */
  public byte[] storedAs() {
    return storedAs;
  }

  public boolean storedAs(byte[] key) {
    return Arrays.equals(storedAs, key);
  }

  /**
   * Notes that {@code field} changes (the first note per field wins); false when the journal is
   * full and must be dropped.
   */
  boolean record(byte[] field, Object stateBefore) {
    if (before == null) {
      before = new HashMap<>();
    }
    ByteBuffer k = ByteBuffer.wrap(field);
    if (before.containsKey(k)) {
      return true;
    }
    if (before.size() >= MAX_ENTRIES) {
      before = null;
      return false;
    }
    before.put(k, stateBefore);
    return true;
  }

  /** Changed field or member (wrapped, read only) to its state before the first change. */
  public Map<ByteBuffer, Object> entries() {
    return before == null ? Map.of() : before;
  }

  public int size() {
    return before == null ? 0 : before.size();
  }
}
