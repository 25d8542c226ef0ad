package io.codis.node.keyspace;

import java.util.Arrays;

/**
 * A Redis list: a growable ring buffer of elements, O(1) at both ends and O(1) by index.
 *
 * <p>The capacity is always a power of two so a logical index maps to a slot with a mask
 * ({@code (head + i) & (capacity - 1)}). It doubles when full and halves when a quarter full (never
 * below {@link #INITIAL_CAPACITY}), so memory follows the element count after large pops or trims.
 * Removing from the middle (LREM, LINSERT) shifts the shorter side or compacts in one pass: O(n),
 * as in Redis's quicklist for those commands.
 */
public final class ListValue {
  private static final int INITIAL_CAPACITY = 8;
  /** Largest power-of-two capacity a Java array can have. */
  private static final int CAPACITY_MAX = 1 << 30;

  private byte[][] elements = new byte[INITIAL_CAPACITY][];
  private int head;
  private int size;
  private ListJournal journal;

  /**
   * Persistence: this list was just written whole (or loaded, or its deltas written) as {@code
   * key}; from now on its pushes, pops and sets are journaled until the next write.
   */
  public void markStored(byte[] key) {
    journal = new ListJournal(key, size);
  }

  /** Changes since the list was last written, or null when it must be written whole. */
  public ListJournal journal() {
    return journal;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  private int slot(int index) {
    return (head + index) & (elements.length - 1);
  }

  /** Element at {@code index} (0 is the head); the caller checks {@code 0 <= index < size}. */
  public byte[] get(int index) {
    return elements[slot(index)];
  }

  /** Replaces the element at {@code index}; the caller checks bounds. */
  public void set(int index, byte[] value) {
    if (journal != null && !journal.set(index)) {
      journal = null;
    }
    put(index, value);
  }

  /** Writes a slot without journaling (moves inside one operation that journals itself). */
  private void put(int index, byte[] value) {
    elements[slot(index)] = value;
  }

  public void addFirst(byte[] value) {
    growIfFull();
    head = (head - 1) & (elements.length - 1);
    elements[head] = value;
    size++;
    if (journal != null) {
      journal.pushed(true);
    }
  }

  public void addLast(byte[] value) {
    growIfFull();
    elements[slot(size)] = value;
    size++;
    if (journal != null) {
      journal.pushed(false);
    }
  }

  /** Removes and returns the head; the caller checks the list is not empty. */
  public byte[] removeFirst() {
    byte[] value = elements[head];
    elements[head] = null;
    head = (head + 1) & (elements.length - 1);
    size--;
    if (journal != null) {
      journal.popped(true, 1);
    }
    shrinkIfSparse();
    return value;
  }

  /** Removes and returns the tail; the caller checks the list is not empty. */
  public byte[] removeLast() {
    int index = slot(size - 1);
    byte[] value = elements[index];
    elements[index] = null;
    size--;
    if (journal != null) {
      journal.popped(false, 1);
    }
    shrinkIfSparse();
    return value;
  }

  /** Inserts before position {@code index} ({@code index == size} appends), shifting the shorter side. */
  public void insert(int index, byte[] value) {
    journal = null; // a middle insert shifts sequence numbers: the next write is whole
    if (index < size / 2) {
      addFirst(null);
      // Everything that was before index moved one step towards the head.
      for (int i = 0; i < index; i++) {
        put(i, get(i + 1));
      }
    } else {
      addLast(null);
      for (int i = size - 1; i > index; i--) {
        put(i, get(i - 1));
      }
    }
    put(index, value);
  }

  /**
   * Removes up to {@code limit} elements equal to {@code element} (all of them when {@code limit}
   * is not positive), scanning from the tail when {@code fromTail}; returns how many went. One
   * compaction pass, O(n).
   */
  public long removeEqual(byte[] element, long limit, boolean fromTail) {
    long removed = 0;
    if (!fromTail) {
      int write = 0;
      for (int read = 0; read < size; read++) {
        byte[] e = get(read);
        if ((limit <= 0 || removed < limit) && Arrays.equals(e, element)) {
          removed++;
        } else {
          put(write++, e);
        }
      }
      for (int i = write; i < size; i++) {
        put(i, null);
      }
    } else {
      int write = size - 1;
      for (int read = size - 1; read >= 0; read--) {
        byte[] e = get(read);
        if ((limit <= 0 || removed < limit) && Arrays.equals(e, element)) {
          removed++;
        } else {
          put(write--, e);
        }
      }
      for (int i = 0; i <= write; i++) {
        put(i, null);
      }
      head = slot(write + 1);
    }
    size -= (int) removed;
    if (removed > 0) {
      journal = null; // elements left the middle: the next write is whole
    }
    shrinkIfSparse();
    return removed;
  }

  /**
   * Keeps only positions {@code [start, end]} (inclusive, {@code 0 <= start}, {@code end < size});
   * {@code end == start - 1} keeps nothing.
   */
  public void trim(int start, int end) {
    int dropTail = size - 1 - end;
    for (int i = 0; i < start; i++) {
      put(i, null);
    }
    for (int i = end + 1; i < size; i++) {
      put(i, null);
    }
    head = slot(start);
    size = size - start - dropTail;
    if (journal != null) {
      // LTRIM is pops at both ends: O(1) to journal and two range deletes to store.
      journal.popped(true, start);
      journal.popped(false, dropTail);
    }
    shrinkIfSparse();
  }

  private void growIfFull() {
    if (size < elements.length) {
      return;
    }
    if (elements.length >= CAPACITY_MAX) {
      throw new IllegalStateException("list length: " + size + " (expected: < " + CAPACITY_MAX + ")");
    }
    resize(elements.length * 2);
  }

  private void shrinkIfSparse() {
    int capacity = elements.length;
    if (capacity <= INITIAL_CAPACITY || size >= capacity / 4) {
      return;
    }
    while (capacity > INITIAL_CAPACITY && size < capacity / 4) {
      capacity /= 2;
    }
    resize(capacity);
  }

  private void resize(int capacity) {
    byte[][] fresh = new byte[capacity][];
    int first = Math.min(size, elements.length - head);
    System.arraycopy(elements, head, fresh, 0, first);
    System.arraycopy(elements, 0, fresh, first, size - first);
    elements = fresh;
    head = 0;
  }

  /** Capacity of the ring, for tests of the grow/shrink policy. */
  int capacity() {
    return elements.length;
  }

  @Override
  public String toString() {
    return "ListValue[size=" + size + "]";
  }
}
