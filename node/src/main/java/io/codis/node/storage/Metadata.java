package io.codis.node.storage;

import io.codis.node.keyspace.ValueType;
import java.util.Arrays;

/**
 * The metadata record of one key, decoded. Payload layout (after the record checksum):
 *
 * <pre>
 *   type (1) | encoding version (1) | expire-at ms (8, 0 = none) | version (8) | size (8)
 *   list only:   head sequence (8, ordered) | tail sequence (8, ordered)   head inclusive, tail exclusive
 *   string only: the value bytes, to the end
 * </pre>
 *
 * <p>Mutable on purpose: a {@link StoreBatch} reads it once per key and updates it as its
 * operations run, so several operations on one key in one batch see each other.
 */
final class Metadata {
  /** Bumped when the payload layout changes; a reader refuses versions it does not know. */
  static final byte ENCODING_VERSION = 1;
  private static final int HEADER_BYTES = 1 + 1 + 8 + 8 + 8;
  private static final int LIST_BYTES = 16;

  final ValueType type;
  long expireAtMs;
  final long version;
  long size;
  long head;
  long tail;
  byte[] string;

  Metadata(ValueType type, long version, long expireAtMs) {
    this.type = type;
    this.version = version;
    this.expireAtMs = expireAtMs;
  }

  /**
   * A copy without a string's bytes ({@link #string} null: only its shape is known; {@link
   * StoreBatch} reads the record again before writing a string's metadata back unchanged).
   */
  Metadata copyShape() {
    Metadata m = new Metadata(type, version, expireAtMs);
    m.size = size;
    m.head = head;
    m.tail = tail;
    return m;
  }

  /** A string whose bytes this object does not hold (a cached shape). */
  boolean stringBytesUnknown() {
    return type == ValueType.STRING && string == null;
  }

  boolean isCollection() {
    return type != ValueType.STRING;
  }

  byte[] encode() {
    int extra = type == ValueType.LIST ? LIST_BYTES : type == ValueType.STRING ? string.length : 0;
    byte[] out = new byte[HEADER_BYTES + extra];
    out[0] = typeCode(type);
    out[1] = ENCODING_VERSION;
    OrderedBytes.putRaw(out, 2, expireAtMs);
    OrderedBytes.putRaw(out, 10, version);
    OrderedBytes.putRaw(out, 18, size);
    if (type == ValueType.LIST) {
      OrderedBytes.putLong(out, HEADER_BYTES, head);
      OrderedBytes.putLong(out, HEADER_BYTES + 8, tail);
    } else if (type == ValueType.STRING) {
      System.arraycopy(string, 0, out, HEADER_BYTES, string.length);
    }
    return out;
  }

  static Metadata decode(byte[] userKey, byte[] payload) {
    if (payload.length < HEADER_BYTES) {
      throw corrupt(userKey, "metadata of " + payload.length + " bytes is truncated");
    }
    if (payload[1] != ENCODING_VERSION) {
      throw corrupt(userKey, "unknown encoding version " + payload[1]);
    }
    ValueType type = typeOf(userKey, payload[0]);
    Metadata m = new Metadata(type, OrderedBytes.getRaw(payload, 10), OrderedBytes.getRaw(payload, 2));
    m.size = OrderedBytes.getRaw(payload, 18);
    if (type == ValueType.LIST) {
      if (payload.length != HEADER_BYTES + LIST_BYTES) {
        throw corrupt(userKey, "list metadata of " + payload.length + " bytes");
      }
      m.head = OrderedBytes.getLong(payload, HEADER_BYTES);
      m.tail = OrderedBytes.getLong(payload, HEADER_BYTES + 8);
      if (m.tail - m.head != m.size) {
        throw corrupt(userKey, "list head/tail do not match size " + m.size);
      }
    } else if (type == ValueType.STRING) {
      m.string = Arrays.copyOfRange(payload, HEADER_BYTES, payload.length);
      if (m.string.length != m.size) {
        throw corrupt(userKey, "string of " + m.string.length + " bytes, size says " + m.size);
      }
    } else if (payload.length != HEADER_BYTES) {
      throw corrupt(userKey, "collection metadata of " + payload.length + " bytes");
    }
    return m;
  }

  private static byte typeCode(ValueType type) {
    switch (type) {
      case STRING: return 0;
      case HASH: return 1;
      case SET: return 2;
      case ZSET: return 3;
      case LIST: return 4;
      default: throw new IllegalStateException("no type code for " + type);
    }
  }

  private static ValueType typeOf(byte[] userKey, byte code) {
    switch (code) {
      case 0: return ValueType.STRING;
      case 1: return ValueType.HASH;
      case 2: return ValueType.SET;
      case 3: return ValueType.ZSET;
      case 4: return ValueType.LIST;
      default: throw corrupt(userKey, "unknown type code " + code);
    }
  }

  private static StorageCorruptionException corrupt(byte[] userKey, String what) {
    return new StorageCorruptionException(userKey, Column.METADATA.cfName(), what);
  }
}
