package io.codis.meta.server.raft;

import io.codis.meta.server.MetaConfig;
import io.codis.meta.server.PeerSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Every Ratis option the metaserver relies on, set explicitly (the defaults are wrong for us in
 * several places: reads are not linearizable, snapshots are off and kept forever, the client retries
 * forever without sleeping).
 */
public final class RaftSettings {
  /** One Raft group per cluster; its id is derived from a fixed name so every peer agrees. */
  public static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("codis-metaserver".getBytes(StandardCharsets.UTF_8)));

  private RaftSettings() {}

  public static RaftGroup group(List<PeerSpec> peers) {
    return RaftGroup.valueOf(GROUP_ID, peers.stream().map(RaftSettings::peer).toList());
  }

  public static RaftPeer peer(PeerSpec p) {
    return RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddr()).build();
  }

  public static RaftProperties server(MetaConfig cfg) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, cfg.bindHost());
    GrpcConfigKeys.Server.setPort(p, cfg.self().raftPort());
    RaftServerConfigKeys.setStorageDir(p, List.of(cfg.dir().toFile()));
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(cfg.electionTimeoutMinMs()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(cfg.electionTimeoutMaxMs()));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, ms(cfg.requestTimeoutMs()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, cfg.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setCreationGap(p, Math.min(1024, cfg.snapshotEveryEntries()));
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, cfg.snapshotsRetained());
    // Purge the log up to the snapshot so disk stays bounded; a follower that falls further behind
    // than the retained log receives the snapshot instead.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, cfg.snapshotEveryEntries()));
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
    // By default the leader appends a metadata entry (the new commit index) to the log after every
    // commit: one extra entry per write to append, replicate and fsync on every peer. It only lets
    // a restarted peer apply committed entries before hearing from a leader; without it a restarted
    // peer applies them once the leader of the new term commits. Durability is unchanged: every
    // client entry is still fsynced on a majority before it is acknowledged.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(cfg.logSegmentBytesMax()));
    RaftServerConfigKeys.Log.setPreallocatedSize(p,
        SizeInBytes.valueOf(Math.min(cfg.logSegmentBytesMax(), 4L << 20)));
    return p;
  }

  public static RaftProperties client(long requestTimeoutMs) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(requestTimeoutMs));
    return p;
  }

  /**
   * Bounded retries (redirects to a new leader, elections); the gateway also caps the total wait
   * of one write at twice the request timeout and answers TIMEOUT after it.
   */
  public static RetryPolicy clientRetry() {
    return RetryPolicies.retryUpToMaximumCountWithFixedSleep(20, ms(100));
  }

  public static RaftPeerId id(String id) {
    return RaftPeerId.valueOf(id);
  }

  private static TimeDuration ms(long n) {
    return TimeDuration.valueOf(n, TimeUnit.MILLISECONDS);
  }
}
