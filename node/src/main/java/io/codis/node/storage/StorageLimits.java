package io.codis.node.storage;

/**
 * Named maxima of the durable tier.
 *
 * @param durabilityQueueMax writes waiting for a WAL sync under {@code always}; a commit that finds
 *     the queue full blocks its caller until the sync thread catches up (backpressure, as Redis's
 *     event loop waits for its own fsync)
 * @param syncGroupMax writes whose callbacks one sync releases at most, so one group's callbacks
 *     never hold the sync thread for long
 * @param scanBatchMax keys one {@code scanExpired} or {@code slotKeys} call returns at most
 * @param everysecIntervalMs period of the background WAL sync under {@code everysec}
 * @param metadataCacheMax keys whose stored metadata is kept in memory so a write need not read it
 *     from RocksDB first (about 150 bytes + the key each, outside {@code maxmemory}); 0 turns the
 *     cache off
 */
public record StorageLimits(int durabilityQueueMax, int syncGroupMax, int scanBatchMax, long everysecIntervalMs,
    int metadataCacheMax) {
  /** 131,072, or the JVM property {@code codis.storage.metadataCacheMax} (0 turns the cache off). */
  public static final int METADATA_CACHE_DEFAULT = Integer.getInteger("codis.storage.metadataCacheMax", 131_072);
  public static final StorageLimits DEFAULTS = new StorageLimits(16_384, 4_096, 10_000, 1_000);

  public StorageLimits {
    if (durabilityQueueMax < 1 || syncGroupMax < 1 || scanBatchMax < 1 || everysecIntervalMs < 1
        || metadataCacheMax < 0) {
      throw new IllegalArgumentException("storage limits must be positive: " + this);
    }
  }

  /** The limits with the default metadata cache. */
  public StorageLimits(int durabilityQueueMax, int syncGroupMax, int scanBatchMax, long everysecIntervalMs) {
    this(durabilityQueueMax, syncGroupMax, scanBatchMax, everysecIntervalMs, METADATA_CACHE_DEFAULT);
  }
}
