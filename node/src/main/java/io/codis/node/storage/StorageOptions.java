package io.codis.node.storage;

import java.nio.file.Path;

/**
 * How to open a {@link StorageEngine}.
 *
 * @param dir the RocksDB directory (created when missing)
 * @param fsync the initial {@code appendfsync} mode
 * @param slotCount the cluster's slot count, for the slot-first key encoding
 * @param limits named maxima
 */
public record StorageOptions(Path dir, FsyncMode fsync, int slotCount, StorageLimits limits) {
  public StorageOptions {
    if (slotCount < 1 || slotCount > KeyCodec.SLOT_LIMIT) {
      throw new IllegalArgumentException("slotCount: " + slotCount + " (expected: <= " + KeyCodec.SLOT_LIMIT + ")");
    }
  }

  public static StorageOptions of(Path dir, FsyncMode fsync) {
    return new StorageOptions(dir, fsync, io.codis.protocol.Slots.DEFAULT_SLOT_COUNT, StorageLimits.DEFAULTS);
  }
}
