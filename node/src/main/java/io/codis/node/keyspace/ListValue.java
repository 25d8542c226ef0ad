package io.codis.node.keyspace;

import java.util.Arrays;

/**
 * A Redis list: a growable ring buffer of elements, O(1) at both ends and O(1) by index. Grows by
 * doubling and shrinks when a quarter full, so memory follows the element count.
 */
public final class ListValue {
  private static final int INITIAL_CAPACITY = 8;

  private byte[][] elements = new byte[INITIAL_CAPACITY][];
  private int head;
  private int size;

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Element at {@code index} (0 is the head); the caller checks bounds. */
  public byte[] get(int index) {
    return elements[(head + index) & (elements.length - 1)];
  }

  public void set(int index, byte[] value) {
    elements[(head + index) & (elements.length - 1)] = value;
  }

  public void addFirst(byte[] value) {
    growIfFull();
    head = (head - 1) & (elements.length - 1);
    elements[head] = value;
    size++;
  }

  public void addLast(byte[] value) {
    growIfFull();
    elements[(head + size) & (elements.length - 1)] = value;
    size++;
  }

  public byte[] removeFirst() {
    byte[] value = elements[head];
    elements[head] = null;
    head = (head + 1) & (elements.length - 1);
    size--;
    shrinkIfSparse();
    return value;
  }

  public byte[] removeLast() {
    int index = (head + size - 1) & (elements.length - 1);
    byte[] value = elements[index];
    elements[index] = null;
    size--;
    shrinkIfSparse();
    return value;
  }

  /** Inserts before position {@code index} (index == size appends). O(n). */
  public void insert(int index, byte[] value) {
    if (index == 0) {
      addFirst(value);
      return;
    }
    addLast(null);
    for (int i = size - 1; i > index; i--) {
      set(i, get(i - 1));
    }
    set(index, value);
  }

  /** Removes the element at {@code index}. O(n). */
  public byte[] removeAt(int index) {
    byte[] value = get(index);
    for (int i = index; i < size - 1; i++) {
      set(i, get(i + 1));
    }
    removeLast();
    return value;
  }

  /** Keeps only [start, end] (inclusive, already clamped). */
  public void trim(int start, int end) {
    byte[][] kept = new byte[Math.max(INITIAL_CAPACITY, Integer.highestOneBit(Math.max(1, end - start + 1)) * 2)][];
    int n = 0;
    for (int i = start; i <= end && i < size; i++) {
      kept[n++] = get(i);
    }
    elements = kept;
    head = 0;
    size = n;
  }

  private void growIfFull() {
    if (size < elements.length) {
      return;
    }
    resize(elements.length * 2);
  }

  private void shrinkIfSparse() {
    if (elements.length > INITIAL_CAPACITY && size < elements.length / 4) {
      resize(elements.length / 2);
    }
  }

  private void resize(int capacity) {
    byte[][] fresh = new byte[capacity][];
    for (int i = 0; i < size; i++) {
      fresh[i] = get(i);
    }
    elements = fresh;
    head = 0;
  }

  @Override
  public String toString() {
    return "ListValue" + Arrays.toString(Arrays.copyOf(elements, 0)) + "[size=" + size + "]";
  }
}
