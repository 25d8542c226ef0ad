package io.codis.node.keyspace;

import java.util.Arrays;

/**
 * A chained hash table keyed by byte arrays (compared by content), with Redis's reverse-binary
 * cursor scan. Used for the keyspace (one per slot) and for hashes, sets and sorted sets.
 *
 * <h2>Why our own table</h2>
 * SCAN must return every element present for the whole iteration at least once, even when the table
 * grows or shrinks between calls, with a cursor that is a plain integer. {@link java.util.HashMap}
 * cannot resume an iteration from an integer. Storing {@code byte[]} keys directly also saves the
 * wrapper object a {@code HashMap<Bytes, V>} would need per key.
 *
 * <h2>The scan cursor</h2>
 * Buckets are visited in reverse-binary order of their index: the cursor's bits are reversed,
 * incremented, and reversed back, over the mask of the current table. When the table doubles, bucket
 * {@code i} splits into {@code i} and {@code i | oldSize}, which have the same low bits, so every
 * bucket already visited maps to buckets whose reversed indexes are all below the cursor: nothing is
 * missed. When it halves, buckets merge and some elements may be returned twice, never skipped.
 * This is the algorithm of Redis's {@code dictScan} (without incremental rehash: a resize here
 * rehashes at once, which is bounded by the size of one slot or one collection).
 *
 * <p>Not thread-safe: the node touches it only from its execution thread.
 */
public final class Dict<V> {
  private static final int INITIAL_CAPACITY = 4;
  private static final int MAX_CAPACITY = 1 << 30;

  /** A chained entry. The key's bytes are never changed after insertion. */
  public static final class Entry<V> {
    final byte[] key;
    final int hash;
    V value;
    Entry<V> next;
    /**
     * The memory tier's clock for this entry (LRU time or LFU counter, see the tier package); fits
     * in the object's alignment padding, so it costs no memory.
     */
    int access;

    Entry(byte[] key, int hash, V value, Entry<V> next) {
      this.key = key;
      this.hash = hash;
      this.value = value;
      this.next = next;
    }

    public byte[] key() {
      return key;
    }

    public V value() {
      return value;
    }

    public void value(V newValue) {
      this.value = newValue;
    }

    public int access() {
      return access;
    }

    public void access(int value) {
      this.access = value;
    }
  }

  /** Receives entries from {@link #scan}. */
  @FunctionalInterface
  public interface EntryVisitor<V> {
    void visit(byte[] key, V value);
  }

  private Entry<V>[] table;
  private int size;

  public Dict() {
    this.table = newTable(INITIAL_CAPACITY);
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public V get(byte[] key) {
    Entry<V> e = entry(key);
    return e == null ? null : e.value;
  }

  public boolean containsKey(byte[] key) {
    return entry(key) != null;
  }

  /** Returns the entry for {@code key}, or null. */
  public Entry<V> entry(byte[] key) {
    int h = hash(key);
    for (Entry<V> e = table[h & (table.length - 1)]; e != null; e = e.next) {
      if (e.hash == h && Arrays.equals(e.key, key)) {
        return e;
      }
    }
    return null;
  }

  /** Inserts or replaces; returns the previous value or null. */
  public V put(byte[] key, V value) {
    int h = hash(key);
    int index = h & (table.length - 1);
    for (Entry<V> e = table[index]; e != null; e = e.next) {
      if (e.hash == h && Arrays.equals(e.key, key)) {
        V old = e.value;
        e.value = value;
        return old;
      }
    }
    table[index] = new Entry<>(key, h, value, table[index]);
    size++;
    if (size > table.length && table.length < MAX_CAPACITY) {
      resize(table.length * 2);
    }
    return null;
  }

  /** Removes {@code key}; returns its value or null. */
  public V remove(byte[] key) {
    int h = hash(key);
    int index = h & (table.length - 1);
    Entry<V> previous = null;
    for (Entry<V> e = table[index]; e != null; previous = e, e = e.next) {
      if (e.hash == h && Arrays.equals(e.key, key)) {
        if (previous == null) {
          table[index] = e.next;
        } else {
          previous.next = e.next;
        }
        size--;
        if (table.length > INITIAL_CAPACITY && size < table.length / 8) {
          resize(Math.max(INITIAL_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 2));
        }
        return e.value;
      }
    }
    return null;
  }

  public void clear() {
    table = newTable(INITIAL_CAPACITY);
    size = 0;
  }

  /**
   * Visits the bucket at {@code cursor} and returns the next cursor, 0 when the scan is complete.
   * Call repeatedly, starting from 0, until it returns 0.
   */
  public long scan(long cursor, EntryVisitor<V> visitor) {
    Entry<V>[] t = table;
    long mask = t.length - 1;
    for (Entry<V> e = t[(int) (cursor & mask)]; e != null; e = e.next) {
      visitor.visit(e.key, e.value);
    }
    long v = cursor | ~mask;
    v = Long.reverse(v);
    v++;
    v = Long.reverse(v);
    return v;
  }

  /** Upper bound (exclusive) of any cursor {@link #scan} returns: the current bucket count. */
  public int buckets() {
    return table.length;
  }

  /** Visits every entry; the visitor must not change the dict. */
  public void forEach(EntryVisitor<V> visitor) {
    for (Entry<V> head : table) {
      for (Entry<V> e = head; e != null; e = e.next) {
        visitor.visit(e.key, e.value);
      }
    }
  }

  /** Returns a uniformly chosen entry, or null when empty. Cost: O(buckets / size) expected. */
  public Entry<V> randomEntry(java.util.random.RandomGenerator random) {
    if (size == 0) {
      return null;
    }
    Entry<V> head;
    do {
      head = table[random.nextInt(table.length)];
    } while (head == null);
    int chain = 0;
    for (Entry<V> e = head; e != null; e = e.next) {
      chain++;
    }
    Entry<V> chosen = head;
    for (int skip = random.nextInt(chain); skip > 0; skip--) {
      chosen = chosen.next;
    }
    return chosen;
  }

  private void resize(int capacity) {
    Entry<V>[] old = table;
    Entry<V>[] fresh = newTable(capacity);
    int mask = capacity - 1;
    for (Entry<V> head : old) {
      Entry<V> e = head;
      while (e != null) {
        Entry<V> next = e.next;
        int index = e.hash & mask;
        e.next = fresh[index];
        fresh[index] = e;
        e = next;
      }
    }
    table = fresh;
  }

  @SuppressWarnings("unchecked")
  private static <V> Entry<V>[] newTable(int capacity) {
    return (Entry<V>[]) new Entry[capacity];
  }

  /** Content hash of a key, spread so the low bits (the bucket index) depend on every byte. */
  public static int hash(byte[] key) {
    int h = Arrays.hashCode(key);
    return h ^ (h >>> 16);
  }
}
