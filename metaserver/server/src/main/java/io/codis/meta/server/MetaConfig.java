package io.codis.meta.server;

import java.nio.file.Path;
import java.util.List;

/**
 * Effective configuration of one metaserver. {@code peers} is the initial Raft group (this peer
 * included); a peer started with {@code join} starts with that list but waits to be added by
 * {@code POST /v1/peers} on the current group.
 */
public record MetaConfig(String id, List<PeerSpec> peers, String bindHost, Path dir,
    long electionTimeoutMinMs, long electionTimeoutMaxMs, long snapshotEveryEntries,
    int snapshotsRetained, long requestTimeoutMs, int watchersMax, long watchTimeoutMsMax,
    long logSegmentBytesMax) {

  public static MetaConfig defaults(String id, List<PeerSpec> peers, Path dir) {
    return new MetaConfig(id, peers, "127.0.0.1", dir, 300, 600, 10_000, 2, 3_000, 10_000, 60_000,
        1 << 20);
  }

  public PeerSpec self() {
    return peers.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("id " + id + " is not in peers " + peers));
  }

  public MetaConfig withSnapshotEveryEntries(long n) {
    return new MetaConfig(id, peers, bindHost, dir, electionTimeoutMinMs, electionTimeoutMaxMs, n,
        snapshotsRetained, requestTimeoutMs, watchersMax, watchTimeoutMsMax, logSegmentBytesMax);
  }

  /** Small segments let tests see the log purged after a snapshot (only closed segments go). */
  public MetaConfig withLogSegmentBytesMax(long n) {
    return new MetaConfig(id, peers, bindHost, dir, electionTimeoutMinMs, electionTimeoutMaxMs,
        snapshotEveryEntries, snapshotsRetained, requestTimeoutMs, watchersMax, watchTimeoutMsMax, n);
  }

  public MetaConfig withElectionTimeouts(long minMs, long maxMs) {
    return new MetaConfig(id, peers, bindHost, dir, minMs, maxMs, snapshotEveryEntries,
        snapshotsRetained, requestTimeoutMs, watchersMax, watchTimeoutMsMax, logSegmentBytesMax);
  }

  public MetaConfig withPeers(List<PeerSpec> newPeers) {
    return new MetaConfig(id, newPeers, bindHost, dir, electionTimeoutMinMs, electionTimeoutMaxMs,
        snapshotEveryEntries, snapshotsRetained, requestTimeoutMs, watchersMax, watchTimeoutMsMax, logSegmentBytesMax);
  }
}
