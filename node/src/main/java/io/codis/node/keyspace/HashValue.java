package io.codis.node.keyspace;

/** A Redis hash: field to value, in a scannable {@link Dict}. */
public final class HashValue {
  private final Dict<byte[]> fields = new Dict<>();

  public Dict<byte[]> fields() {
    return fields;
  }

  public int size() {
    return fields.size();
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }
}
