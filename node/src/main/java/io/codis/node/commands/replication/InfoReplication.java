package io.codis.node.commands.replication;

import io.codis.node.exec.NodeServices;
import io.codis.node.replication.Replication;
import io.codis.node.replication.ReplicationView;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code INFO replication}: Redis 7.0's fields, names and order, for a master and for a replica,
 * plus {@code replication_mode} (ours: async or sync). {@code master_repl_offset} on a replica is the
 * offset it applied, comparable with its master's and with other replicas'.
 */
public final class InfoReplication {
  private InfoReplication() {}

  /** (name, value) pairs in order. */
  public static List<String[]> fields(NodeServices node) {
    ReplicationView v = node.replication().view();
    List<String[]> f = new ArrayList<>();
    if (v.replica()) {
      put(f, "role", "slave");
      put(f, "master_host", v.masterHost());
      put(f, "master_port", v.masterPort());
      put(f, "master_link_status", v.linkUp() ? "up" : "down");
      put(f, "master_last_io_seconds_ago", v.lastIoSecondsAgo());
      put(f, "master_sync_in_progress", v.syncInProgress() ? 1 : 0);
      put(f, "slave_read_repl_offset", v.offset());
      put(f, "slave_repl_offset", v.offset());
      if (v.syncInProgress()) {
        // the snapshot is streamed, so its total size is not known in advance (Redis: -1 for diskless)
        put(f, "master_sync_total_bytes", -1);
        put(f, "master_sync_read_bytes", v.syncBytes());
        put(f, "master_sync_left_bytes", -1);
        put(f, "master_sync_perc", "0.00");
        put(f, "master_sync_last_io_seconds_ago", v.lastIoSecondsAgo());
      }
      if (!v.linkUp()) {
        put(f, "master_link_down_since_seconds", v.downSinceSeconds());
      }
      put(f, "slave_priority", 100);
      put(f, "slave_read_only", 1);
      put(f, "replica_announced", 1);
    } else {
      put(f, "role", "master");
    }
    List<ReplicationView.ReplicaInfo> replicas = v.replicas();
    put(f, "connected_slaves", replicas.size());
    if (v.minReplicasToWrite() > 0) {
      put(f, "min_slaves_good_slaves", v.goodReplicas());
    }
    for (int i = 0; i < replicas.size(); i++) {
      ReplicationView.ReplicaInfo r = replicas.get(i);
      put(f, "slave" + i, "ip=" + r.ip() + ",port=" + r.port() + ",state=" + r.state() + ",offset=" + r.offset()
          + ",lag=" + r.lagSeconds());
    }
    put(f, "master_failover_state", "no-failover");
    put(f, "master_replid", v.replid());
    put(f, "master_replid2", v.replid2());
    put(f, "master_repl_offset", v.offset());
    put(f, "second_repl_offset", v.secondOffset());
    put(f, "repl_backlog_active", v.backlogActive() ? 1 : 0);
    put(f, "repl_backlog_size", v.backlogSize());
    put(f, "repl_backlog_first_byte_offset", v.backlogFirstByte());
    put(f, "repl_backlog_histlen", v.backlogHistlen());
    put(f, "replication_mode", v.mode());
    return f;
  }

  private static void put(List<String[]> f, String name, Object value) {
    f.add(new String[] {name, String.valueOf(value)});
  }
}
