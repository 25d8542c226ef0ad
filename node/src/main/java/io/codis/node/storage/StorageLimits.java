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
 */
public record StorageLimits(int durabilityQueueMax, int syncGroupMax, int scanBatchMax, long everysecIntervalMs) {
  public static final StorageLimits DEFAULTS = new StorageLimits(16_384, 4_096, 10_000, 1_000);

  public StorageLimits {
    if (durabilityQueueMax < 1 || syncGroupMax < 1 || scanBatchMax < 1 || everysecIntervalMs < 1) {
      throw new IllegalArgumentException("storage limits must be positive: " + this);
    }
  }
}
