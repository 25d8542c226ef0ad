package io.codis.node.keyspace;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * What changed in a list since the persistence layer last wrote it as key {@link #storedAs()},
 * in the terms the store can apply as deltas: elements pushed at either end (counted; their values
 * are read from the list at commit time), stored elements popped from either end (counted), and
 * stored positions overwritten by LSET. Anything else (LINSERT, LREM that removes) drops the journal
 * and the list is written whole.
 *
 * <p>Invariant: {@code list.size() == pushedHead + storedRemaining() + pushedTail}. The list's
 * current element {@code i} is new when {@code i < pushedHead} or {@code i >= pushedHead +
 * storedRemaining()}, and otherwise is stored position {@code poppedHead + i - pushedHead}
 * (positions count from the stored head at the time of the last write).
 *
 * <p>Bounded: at most {@link #SETS_MAX} overwritten positions are kept; past that the journal
 * reports an overflow and the list is written whole. Counters are O(1) whatever the pushes and pops.
 */
public final class ListJournal {
  /** Overwritten stored positions kept before the journal gives up (the next write is whole). */
  public static final int SETS_MAX = ChangeJournal.MAX_ENTRIES;

  private final byte[] storedAs;
  private final long storedSize;
  private long pushedHead;
  private long pushedTail;
  private long poppedHead;
  private long poppedTail;
  private TreeSet<Long> sets;

  ListJournal(byte[] storedAs, long storedSize) {
    this.storedAs = storedAs;
    this.storedSize = storedSize;
  }

  public byte[] storedAs() {
    return storedAs;
  }

  public boolean storedAs(byte[] key) {
    return Arrays.equals(storedAs, key);
  }

  /** Elements at the head that the store does not hold yet. */
  public long pushedHead() {
    return pushedHead;
  }

  public long pushedTail() {
    return pushedTail;
  }

  /** Stored elements removed from the head side. */
  public long poppedHead() {
    return poppedHead;
  }

  public long poppedTail() {
    return poppedTail;
  }

  public long storedRemaining() {
    return storedSize - poppedHead - poppedTail;
  }

  /** Stored positions (from the stored head) overwritten since, ascending; some may be popped since. */
  public Iterable<Long> overwritten() {
    return sets == null ? java.util.List.of() : sets;
  }

  void pushed(boolean head) {
    if (head) {
      pushedHead++;
    } else {
      pushedTail++;
    }
  }

  /**
   * {@code n} elements went from the head ({@code head}) or the tail end: first those pushed at that
   * end, then stored ones, then (the stored part being gone) those pushed at the other end.
   */
  void popped(boolean head, long n) {
    long fromPushed = Math.min(n, head ? pushedHead : pushedTail);
    long fromStored = Math.min(n - fromPushed, storedRemaining());
    long fromOtherEnd = n - fromPushed - fromStored;
    if (head) {
      pushedHead -= fromPushed;
      poppedHead += fromStored;
      pushedTail -= fromOtherEnd;
    } else {
      pushedTail -= fromPushed;
      poppedTail += fromStored;
      pushedHead -= fromOtherEnd;
    }
  }

  /** Element {@code index} of the current list was replaced; false when the journal is full. */
  boolean set(long index) {
    if (index < pushedHead || index >= pushedHead + storedRemaining()) {
      return true; // a new element: written from the list's current value anyway
    }
    if (sets == null) {
      sets = new TreeSet<>();
    }
    if (sets.size() >= SETS_MAX) {
      return false;
    }
    sets.add(poppedHead + index - pushedHead);
    return true;
  }
}
