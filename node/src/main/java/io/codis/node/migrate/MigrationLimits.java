package io.codis.node.migrate;

/**
 * Named maxima of slot migration (see docs/limits.md).
 *
 * @param batchBytesMax payload bytes of one batch (one {@code SLOTSIMPORT BATCH}); a batch stops
 *     growing after the record that crosses it
 * @param batchKeysMax keys (records) in one batch: bounds the event loop's work per batch
 * @param chunkElementsMax elements of a big collection per chunk record
 * @param bigKeyElements collections with more elements than this are sent in chunks, not whole
 * @param tailKeysMax catch-up ends (writes to the slot are blocked) once at most this many written
 *     keys are waiting to be sent
 * @param catchupBatchesMax catch-up batches after which the block starts whatever is left (a slot
 *     written faster than it can be sent would otherwise never converge)
 * @param readyTimeoutMs how long a READY migration waits for its commit before it gives up (writes
 *     resume on the source, the target drops its copy)
 * @param parallelMax outgoing plus incoming migrations at once on one node
 * @param bytesPerSecDefault default throttle in payload bytes per second (0 = unlimited)
 * @param keysPerSecDefault default throttle in keys per second (0 = unlimited)
 * @param retriesMax attempts to send one batch before the migration fails
 * @param ioTimeoutMs socket connect and read timeout towards the target
 * @param recordArgsMax arguments in one record the target accepts
 */
public record MigrationLimits(int batchBytesMax, int batchKeysMax, int chunkElementsMax, int bigKeyElements,
    int tailKeysMax, int catchupBatchesMax, long readyTimeoutMs, int parallelMax, long bytesPerSecDefault,
    long keysPerSecDefault, int retriesMax, int ioTimeoutMs, int recordArgsMax) {

  public static final MigrationLimits DEFAULTS = new MigrationLimits(
      256 * 1024, 512, 1024, 1024, 64, 100, 15_000, 4, 0, 0, 20, 5_000, 4 * 1024 + 2);
}
