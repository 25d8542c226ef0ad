package io.codis.protocol;

import java.util.zip.CRC32;

/**
 * The one slot function: {@code crc32(IEEE)} of the key's hash tag (or of the whole key) modulo the
 * slot count. The hash-tag rule is Redis Cluster's: the tag is the bytes between the first
 * {@code '{'} and the first {@code '}'} after it; if there is no such {@code '}'} or the tag is
 * empty, the whole key is hashed. So {@code {user1000}.following} hashes {@code user1000} and
 * {@code foo{}{bar}} hashes the whole key.
 */
public final class Slots {
  /** Slot count of a cluster created without {@code --slots}. */
  public static final int DEFAULT_SLOT_COUNT = 1024;
  /** Largest slot count a cluster may be created with (the slot table is one entry per slot). */
  public static final int SLOT_COUNT_MAX = 16384;

  private static final ThreadLocal<CRC32> CRC = ThreadLocal.withInitial(CRC32::new);

  private Slots() {}

  /** Returns the slot of {@code key} in a cluster of {@code slotCount} slots. */
  public static int slotOf(byte[] key, int slotCount) {
    return (int) (hash(key) % slotCount);
  }

  /** Returns the unsigned CRC32 of the key's hash tag, or of the whole key when it has none. */
  public static long hash(byte[] key) {
    int start = 0;
    int end = key.length;
    int open = indexOf(key, (byte) '{', 0);
    if (open >= 0) {
      int close = indexOf(key, (byte) '}', open + 1);
      if (close > open + 1) {
        start = open + 1;
        end = close;
      }
    }
    CRC32 crc = CRC.get();
    crc.reset();
    crc.update(key, start, end - start);
    return crc.getValue();
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
