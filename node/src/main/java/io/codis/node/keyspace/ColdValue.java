package io.codis.node.keyspace;

/**
 * Stands in the keyspace for a value that lives only in the store (evicted by the memory tier, or
 * not loaded yet after a restart). The key exists, with its expiry, so SCAN, KEYS, DBSIZE,
 * RANDOMKEY, EXISTS, TTL and active expiry see it; {@link MemoryKeyspace#get} replaces it with the
 * decoded value (through the {@link TierHook}) before any command sees a value. One shared instance
 * per type: a cold key costs its dict entry and key bytes only.
 */
public final class ColdValue {
  private static final ColdValue[] BY_TYPE = new ColdValue[ValueType.values().length];

  static {
    for (ValueType type : ValueType.values()) {
      BY_TYPE[type.ordinal()] = new ColdValue(type);
    }
  }

  private final ValueType type;

  private ColdValue(ValueType type) {
    this.type = type;
  }

  public static ColdValue of(ValueType type) {
    return BY_TYPE[type.ordinal()];
  }

  public ValueType type() {
    return type;
  }

  @Override
  public String toString() {
    return "ColdValue[" + type.typeName() + "]";
  }
}
