package io.codis.node.replication;

/**
 * Fixed limits of replication (the ones an operator tunes are CONFIG parameters: repl-backlog-size,
 * repl-timeout, min-replicas-*). Listed in docs/limits.md.
 *
 * @param replicasMax replicas a master serves at once; a further PSYNC gets {@code -ERR max number of replicas reached}
 * @param streamChunkBytes bytes of stream copied from the backlog per socket write
 * @param snapshotTaskBytes bytes of full-sync snapshot encoded per event-loop task, so a big keyspace
 *     never stalls commands for long
 * @param socketHighWaterBytes bytes queued on a replica's socket before the master stops copying to
 *     it (the unsent rest stays in the backlog; a replica whose unsent tail leaves the backlog is
 *     disconnected and must full-resync: this pair is the replica output buffer limit)
 * @param recordArgsMax elements of one stream record a replica accepts
 * @param lineBytesMax length of a status line in the handshake
 * @param reconnectDelayMs wait before a replica retries its master after a failure
 * @param ackPeriodMs how often a replica sends REPLCONF ACK even when idle
 * @param cronPeriodMs period of timeouts, pings and acknowledgements checks
 */
public record ReplLimits(
    int replicasMax,
    int streamChunkBytes,
    int snapshotTaskBytes,
    int socketHighWaterBytes,
    int recordArgsMax,
    int lineBytesMax,
    long reconnectDelayMs,
    long ackPeriodMs,
    long cronPeriodMs) {

  public static final ReplLimits DEFAULTS =
      new ReplLimits(64, 64 * 1024, 1024 * 1024, 4 * 1024 * 1024, 16, 4096, 1000, 1000, 100);
}
