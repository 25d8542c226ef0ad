package io.codis.node.keyspace;

/**
 * A Redis hash: field to value, in a scannable {@link Dict}.
 *
 * <h2>Why it remembers Redis's encoding</h2>
 * Redis 7.0 keeps a small hash as a listpack (at most {@link #LISTPACK_ENTRIES_MAX} fields, no field
 * or value longer than {@link #LISTPACK_VALUE_BYTES_MAX} bytes) and converts it to a hash table,
 * for good, the first time it stores something larger. That is visible to clients: HSCAN of a
 * listpack returns every field at once with cursor 0, whatever COUNT says, and OBJECT ENCODING
 * names it. So the value records, one-way, whether it ever outgrew a listpack. Write through
 * {@link #put} to keep that record right; {@link #fields()} is for reading and removal.
 */
public final class HashValue extends JournaledValue {
  /** Redis's {@code hash-max-listpack-entries} default. */
  public static final int LISTPACK_ENTRIES_MAX = 128;
  /** Redis's {@code hash-max-listpack-value} default, for fields and values alike. */
  public static final int LISTPACK_VALUE_BYTES_MAX = 64;

  private final Dict<byte[]> fields = new Dict<>();
  private boolean outgrewListpack;


  /**
   * The fields, for reading (writes here bypass the change journal: only a value not yet stored,
   * being built, may be filled this way).
   */
  public Dict<byte[]> fields() {
    return fields;
  }

  public int size() {
    return fields.size();
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  public byte[] get(byte[] field) {
    return fields.get(field);
  }

  /** Sets a field; returns the previous value or null when the field is new. */
  public byte[] put(byte[] field, byte[] value) {
    byte[] previous = fields.put(field, value);
    changed(field, previous == null ? ChangeJournal.ABSENT : ChangeJournal.PRESENT);
    if (!outgrewListpack
        && (fields.size() > LISTPACK_ENTRIES_MAX
            || field.length > LISTPACK_VALUE_BYTES_MAX
            || value.length > LISTPACK_VALUE_BYTES_MAX)) {
      outgrewListpack = true;
    }
    return previous;
  }

  /** Removes a field; returns its value or null. The encoding never goes back to listpack. */
  public byte[] remove(byte[] field) {
    byte[] removed = fields.remove(field);
    if (removed != null) {
      changed(field, ChangeJournal.PRESENT);
    }
    return removed;
  }

  /**
   * True while Redis would still hold this hash as a listpack. Besides the one-way record it
   * re-checks the current contents (at most {@link #LISTPACK_ENTRIES_MAX} entries), so a hash filled
   * through {@link #fields()} directly is never mistaken for a small one.
   */
  public boolean isListpack() {
    if (outgrewListpack || fields.size() > LISTPACK_ENTRIES_MAX) {
      return false;
    }
    boolean[] small = {true};
    fields.forEach((f, v) -> {
      if (f.length > LISTPACK_VALUE_BYTES_MAX || v.length > LISTPACK_VALUE_BYTES_MAX) {
        small[0] = false;
      }
    });
    return small[0];
  }
}
