package io.codis.node.storage;

import java.util.Arrays;

/**
 * The RocksDB key formats (see docs/storage.md for the table).
 *
 * <pre>
 *   key prefix     = slot (2 bytes BE) | user key length (4 bytes BE) | user key
 *   metadata CF    = key prefix
 *   subkeys CF     = key prefix | version (8) | field, member, or list sequence (8, ordered)
 *   score CF       = key prefix | version (8) | score (8, ordered) | member
 *   expiry CF      = expire-at epoch ms (8 BE) | key prefix
 * </pre>
 *
 * <p>Slot first makes every slot one contiguous range in the metadata, subkeys and score families
 * (migration scans it, a slot flush range-deletes it). The length prefix keeps one key's sub-keys
 * apart from another key that merely starts with the same bytes ({@code a} vs {@code ab}). The
 * version after the prefix makes each incarnation of a collection its own range: overwriting bumps
 * the version and range-deletes {@code [prefix|old, prefix|old+1)}. The expiry family is the one
 * exception to slot-first, on purpose: expiry time first lets one range scan find every expired key.
 */
final class KeyCodec {
  static final int SLOT_BYTES = 2;
  static final int LENGTH_BYTES = 4;
  /**
   * Slots are encoded in two bytes, and {@code slot + 1} must be one too (it is the end of a slot's
   * range); {@code Slots.SLOT_COUNT_MAX} fits with room to spare.
   */
  static final int SLOT_LIMIT = 0xFFFF;

  private KeyCodec() {}

  static byte[] metaKey(int slot, byte[] key) {
    byte[] out = new byte[SLOT_BYTES + LENGTH_BYTES + key.length];
    writePrefix(out, 0, slot, key);
    return out;
  }

  /** Start of one incarnation's sub-key range: {@code prefix | version}. */
  static byte[] versionPrefix(int slot, byte[] key, long version) {
    byte[] out = new byte[SLOT_BYTES + LENGTH_BYTES + key.length + OrderedBytes.LONG_BYTES];
    int at = writePrefix(out, 0, slot, key);
    OrderedBytes.putRaw(out, at, version);
    return out;
  }

  /** First key after every key that starts with {@code prefix} (the prefix is never all 0xFF). */
  static byte[] successor(byte[] prefix) {
    byte[] out = Arrays.copyOf(prefix, prefix.length);
    for (int i = out.length - 1; i >= 0; i--) {
      if (out[i] != (byte) 0xFF) {
        out[i]++;
        return Arrays.copyOf(out, i + 1);
      }
    }
    throw new IllegalArgumentException("prefix of only 0xFF bytes has no successor");
  }

  static byte[] subKey(byte[] versionPrefix, byte[] sub) {
    byte[] out = Arrays.copyOf(versionPrefix, versionPrefix.length + sub.length);
    System.arraycopy(sub, 0, out, versionPrefix.length, sub.length);
    return out;
  }

  static byte[] listKey(byte[] versionPrefix, long sequence) {
    byte[] out = Arrays.copyOf(versionPrefix, versionPrefix.length + OrderedBytes.LONG_BYTES);
    OrderedBytes.putLong(out, versionPrefix.length, sequence);
    return out;
  }

  static byte[] scoreKey(byte[] versionPrefix, double score, byte[] member) {
    int at = versionPrefix.length;
    byte[] out = Arrays.copyOf(versionPrefix, at + OrderedBytes.LONG_BYTES + member.length);
    OrderedBytes.putDouble(out, at, score);
    System.arraycopy(member, 0, out, at + OrderedBytes.LONG_BYTES, member.length);
    return out;
  }

  static byte[] expiryKey(long expireAtMs, int slot, byte[] key) {
    byte[] out = new byte[OrderedBytes.LONG_BYTES + SLOT_BYTES + LENGTH_BYTES + key.length];
    OrderedBytes.putRaw(out, 0, expireAtMs);
    writePrefix(out, OrderedBytes.LONG_BYTES, slot, key);
    return out;
  }

  /** {@code [slot, slot + 1)} as a two-byte range for the slot-first families. */
  static byte[] slotStart(int slot) {
    if (slot < 0 || slot > SLOT_LIMIT) {
      throw new IllegalArgumentException("slot: " + slot + " (expected: <= " + SLOT_LIMIT + ")");
    }
    return new byte[] {(byte) (slot >>> 8), (byte) slot};
  }

  static int slotOfMetaKey(byte[] metaKey) {
    return ((metaKey[0] & 0xFF) << 8) | (metaKey[1] & 0xFF);
  }

  /** The user key inside a metadata key (or inside any key at {@code offset} with that layout). */
  static byte[] userKey(byte[] encoded, int offset) {
    int length = OrderedBytes.getInt(encoded, offset + SLOT_BYTES);
    int start = offset + SLOT_BYTES + LENGTH_BYTES;
    if (length < 0 || start + length > encoded.length) {
      throw new IllegalStateException("malformed key: length " + length + " at " + offset);
    }
    return Arrays.copyOfRange(encoded, start, start + length);
  }

  static int slotAt(byte[] encoded, int offset) {
    return ((encoded[offset] & 0xFF) << 8) | (encoded[offset + 1] & 0xFF);
  }

  private static int writePrefix(byte[] out, int offset, int slot, byte[] key) {
    if (slot < 0 || slot >= SLOT_LIMIT) {
      throw new IllegalArgumentException("slot: " + slot + " (expected: < " + SLOT_LIMIT + ")");
    }
    out[offset] = (byte) (slot >>> 8);
    out[offset + 1] = (byte) slot;
    OrderedBytes.putInt(out, offset + SLOT_BYTES, key.length);
    System.arraycopy(key, 0, out, offset + SLOT_BYTES + LENGTH_BYTES, key.length);
    return offset + SLOT_BYTES + LENGTH_BYTES + key.length;
  }

  /** A key printed for messages: printable ASCII as is, other bytes as {@code \xHH}, capped. */
  static String printable(byte[] key) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(key.length, 128);
    for (int i = 0; i < shown; i++) {
      int b = key[i] & 0xFF;
      if (b >= 0x20 && b < 0x7F && b != '\\' && b != '\'') {
        sb.append((char) b);
      } else {
        sb.append(String.format("\\x%02x", b));
      }
    }
    if (shown < key.length) {
      sb.append("...(").append(key.length).append(" bytes)");
    }
    return sb.toString();
  }
}
