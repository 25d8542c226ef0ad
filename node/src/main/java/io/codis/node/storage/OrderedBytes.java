package io.codis.node.storage;

/**
 * Fixed-width encodings whose unsigned byte order equals numeric order, so RocksDB's bytewise
 * comparator sorts them as numbers.
 *
 * <p>A signed long is written big-endian with its sign bit flipped: {@code Long.MIN_VALUE} becomes
 * {@code 00..00} and {@code Long.MAX_VALUE} {@code FF..FF}. A double is written from its raw IEEE-754
 * bits: a positive number (sign bit clear) gets its sign bit set, a negative one has every bit
 * inverted, which reverses the order of negative magnitudes. The raw bits are used, not
 * {@code doubleToLongBits}, so {@code -0.0} ({@code 7F FF..FF}) sorts just below {@code +0.0}
 * ({@code 80 00..00}) and both survive a round trip, as Redis keeps them in a skip list. NaN never
 * reaches here (a sorted set rejects it).
 */
final class OrderedBytes {
  static final int LONG_BYTES = 8;

  private OrderedBytes() {}

  static void putLong(byte[] out, int offset, long value) {
    putRaw(out, offset, value ^ Long.MIN_VALUE);
  }

  static long getLong(byte[] in, int offset) {
    return getRaw(in, offset) ^ Long.MIN_VALUE;
  }

  static void putDouble(byte[] out, int offset, double value) {
    long bits = Double.doubleToRawLongBits(value);
    putRaw(out, offset, bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
  }

  static double getDouble(byte[] in, int offset) {
    long stored = getRaw(in, offset);
    long bits = stored < 0 ? stored ^ Long.MIN_VALUE : ~stored;
    return Double.longBitsToDouble(bits);
  }

  /** Plain big-endian, for values whose sign is never set (versions, epoch milliseconds). */
  static void putRaw(byte[] out, int offset, long value) {
    for (int i = LONG_BYTES - 1; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  static long getRaw(byte[] in, int offset) {
    long value = 0;
    for (int i = 0; i < LONG_BYTES; i++) {
      value = (value << 8) | (in[offset + i] & 0xFF);
    }
    return value;
  }

  static void putInt(byte[] out, int offset, int value) {
    out[offset] = (byte) (value >>> 24);
    out[offset + 1] = (byte) (value >>> 16);
    out[offset + 2] = (byte) (value >>> 8);
    out[offset + 3] = (byte) value;
  }

  static int getInt(byte[] in, int offset) {
    return ((in[offset] & 0xFF) << 24)
        | ((in[offset + 1] & 0xFF) << 16)
        | ((in[offset + 2] & 0xFF) << 8)
        | (in[offset + 3] & 0xFF);
  }
}
