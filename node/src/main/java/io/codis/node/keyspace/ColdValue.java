package io.codis.node.keyspace;

/**
 * Stands in the keyspace for a value that lives only in the store (evicted by the memory tier, or
 * not loaded yet after a restart). The key exists, with its expiry, so SCAN, KEYS, DBSIZE,
 * RANDOMKEY, EXISTS, TTL and active expiry see it; {@link MemoryKeyspace#get} replaces it with the
 * decoded value (through the {@link TierHook}) before any command sees a value. One shared instance
 * per type: a cold key costs its dict entry and key bytes only.
 */
public final class ColdValue {
  private static final ColdValue[] BY_TYPE = new ColdValue[ValueType.values().length * 2];

  static {
    for (ValueType type : ValueType.values()) {
      BY_TYPE[type.ordinal() * 2] = new ColdValue(type, false);
      BY_TYPE[type.ordinal() * 2 + 1] = new ColdValue(type, true);
    }
  }

  private final ValueType type;
  private final boolean outgrewSmallEncoding;

  private ColdValue(ValueType type, boolean outgrewSmallEncoding) {
    this.type = type;
    this.outgrewSmallEncoding = outgrewSmallEncoding;
  }

  public static ColdValue of(ValueType type) {
    return BY_TYPE[type.ordinal() * 2];
  }

  /**
   * The cold stand-in for {@code value}, remembering whether a sorted set had left Redis's listpack
   * encoding (the store does not record it; a reloaded small set would otherwise be a listpack
   * again, and a listpack stores {@code -0} as {@code 0}).
   */
  public static ColdValue of(Object value) {
    boolean outgrew = value instanceof ZSetValue z && !z.listpack();
    return BY_TYPE[ValueType.of(value).ordinal() * 2 + (outgrew ? 1 : 0)];
  }

  /** Apply to the value decoded from the store: what the store does not remember. */
  public Object restore(Object loaded) {
    if (outgrewSmallEncoding && loaded instanceof ZSetValue z) {
      z.outgrowListpack();
    }
    return loaded;
  }

  public ValueType type() {
    return type;
  }

  @Override
  public String toString() {
    return "ColdValue[" + type.typeName() + "]";
  }
}
