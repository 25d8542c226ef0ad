package io.codis.node.storage;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Every stored value is {@code CRC32C (4 bytes BE) | payload}, where the CRC covers the RocksDB key
 * and then the payload. Covering the key too means a value that ends up under the wrong key (a bug
 * in range arithmetic, a bad restore) fails the check as surely as a flipped bit. The check is
 * paired with the write: {@link #seal} on every put, {@link #open} on every read.
 */
final class RecordChecksum {
  static final int CRC_BYTES = 4;
  private static final byte[] EMPTY = new byte[0];
  private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

  private RecordChecksum() {}

  static byte[] seal(byte[] rocksKey, byte[] payload) {
    byte[] out = new byte[CRC_BYTES + payload.length];
    OrderedBytes.putInt(out, 0, crc(rocksKey, payload, 0, payload.length));
    System.arraycopy(payload, 0, out, CRC_BYTES, payload.length);
    return out;
  }

  static byte[] sealEmpty(byte[] rocksKey) {
    return seal(rocksKey, EMPTY);
  }

  /** The payload of a stored value, or a corruption error naming {@code userKey}. */
  static byte[] open(Column column, byte[] userKey, byte[] rocksKey, byte[] stored) {
    return open(column.cfName(), userKey, rocksKey, stored);
  }

  /** {@link #open(Column, byte[], byte[], byte[])} for a family outside {@link Column} (the default one). */
  static byte[] open(String cfName, byte[] userKey, byte[] rocksKey, byte[] stored) {
    if (stored.length < CRC_BYTES) {
      throw new StorageCorruptionException(userKey, cfName,
          "value of " + stored.length + " bytes is shorter than its checksum");
    }
    int expected = OrderedBytes.getInt(stored, 0);
    int actual = crc(rocksKey, stored, CRC_BYTES, stored.length - CRC_BYTES);
    if (expected != actual) {
      throw new StorageCorruptionException(userKey, cfName, String.format(
          "CRC32C mismatch (stored %08x, computed %08x)", expected, actual));
    }
    return Arrays.copyOfRange(stored, CRC_BYTES, stored.length);
  }

  private static int crc(byte[] rocksKey, byte[] data, int offset, int length) {
    CRC32C crc = CRC.get();
    crc.reset();
    crc.update(rocksKey, 0, rocksKey.length);
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }
}
