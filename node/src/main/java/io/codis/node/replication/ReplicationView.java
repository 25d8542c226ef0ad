package io.codis.node.replication;

import java.util.ArrayList;
import java.util.List;

/** What INFO replication, INFO stats and ROLE print about a node's replication (event loop only). */
public final class ReplicationView {
  private final Replication r;

  ReplicationView(Replication r) {
    this.r = r;
  }

  public boolean replica() {
    return r.masterLink() != null;
  }

  public String masterHost() {
    return r.masterLink().host;
  }

  public int masterPort() {
    return r.masterLink().port;
  }

  /** Redis's ROLE state word: connect, connecting, sync, connected. */
  public String linkState() {
    return switch (r.masterLink().state()) {
      case CONNECTING -> "connect";
      case HANDSHAKE -> "connecting";
      case TRANSFER -> "sync";
      case CONNECTED -> "connected";
      case CLOSED -> "none";
    };
  }

  public boolean linkUp() {
    return r.masterLink().state() == MasterLink.State.CONNECTED;
  }

  public long lastIoSecondsAgo() {
    return r.masterLink().lastIoMs == 0 ? -1 : (System.currentTimeMillis() - r.masterLink().lastIoMs) / 1000;
  }

  public boolean syncInProgress() {
    return r.masterLink().state() == MasterLink.State.TRANSFER;
  }

  public long syncBytes() {
    return r.masterLink().syncBytes;
  }

  public long downSinceSeconds() {
    return (System.currentTimeMillis() - r.masterLink().downSinceMs) / 1000;
  }

  public String lastError() {
    return r.masterLink().lastError;
  }

  public String replid() {
    return r.replicationId();
  }

  public String replid2() {
    return r.replid2();
  }

  public long offset() {
    return r.offset();
  }

  public long secondOffset() {
    return r.secondOffset();
  }

  public boolean backlogActive() {
    return r.backlog() != null;
  }

  public long backlogSize() {
    return r.backlog() == null ? r.settings().backlogBytes() : r.backlog().capacityBytes();
  }

  public long backlogFirstByte() {
    return r.backlog() == null ? 0 : r.backlog().startOffset() + 1;
  }

  public long backlogHistlen() {
    return r.backlog() == null ? 0 : r.backlog().length();
  }

  public int goodReplicas() {
    return r.goodReplicas(System.currentTimeMillis());
  }

  public int minReplicasToWrite() {
    return r.settings().minReplicasToWrite();
  }

  public long syncFull() {
    return r.syncCounters()[0];
  }

  public long syncPartialOk() {
    return r.syncCounters()[1];
  }

  public long syncPartialErr() {
    return r.syncCounters()[2];
  }

  public String mode() {
    return r.settings().sync() ? "sync" : "async";
  }

  /** One entry per replica: ip, port, state, offset (acknowledged), lag seconds. */
  public List<ReplicaInfo> replicas() {
    long now = System.currentTimeMillis();
    List<ReplicaInfo> out = new ArrayList<>();
    for (ReplicaLink link : r.replicaLinks()) {
      out.add(new ReplicaInfo(link.ip(), link.listeningPort,
          link.state == ReplicaLink.State.ONLINE ? "online" : "send_bulk",
          Math.max(0, link.ackOffset), (now - link.lastAckMs) / 1000));
    }
    return out;
  }

  /** A replica as INFO's slaveN line shows it. */
  public record ReplicaInfo(String ip, int port, String state, long offset, long lagSeconds) {}
}
