package io.codis.node.keyspace;

/** The type of a stored value, named as TYPE and SCAN ... TYPE name it. */
public enum ValueType {
  STRING("string"),
  LIST("list"),
  HASH("hash"),
  SET("set"),
  ZSET("zset");

  private final String typeName;

  ValueType(String typeName) {
    this.typeName = typeName;
  }

  /** The name TYPE replies with. */
  public String typeName() {
    return typeName;
  }

  public static ValueType of(Object value) {
    if (value instanceof byte[]) {
      return STRING;
    }
    if (value instanceof ListValue) {
      return LIST;
    }
    if (value instanceof HashValue) {
      return HASH;
    }
    if (value instanceof SetValue) {
      return SET;
    }
    if (value instanceof ZSetValue) {
      return ZSET;
    }
    if (value instanceof ColdValue cold) {
      return cold.type(); // SCAN ... TYPE over keys the memory tier evicted
    }
    throw new IllegalStateException("not a stored value: " + value.getClass().getName());
  }

  /** Parses a TYPE argument (any case); null when unknown. */
  public static ValueType byName(String name) {
    for (ValueType type : values()) {
      if (type.typeName.equalsIgnoreCase(name)) {
        return type;
      }
    }
    return null;
  }
}
