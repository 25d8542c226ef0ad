package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/**
 * Rows of replication: the operator's commands (REPLICAOF/SLAVEOF, ROLE) and the ones replicas send
 * their master (REPLCONF, PSYNC, SYNC). Flags and ACL categories as Redis 7.0's COMMAND INFO. The
 * proxy refuses all of them: replication is between nodes, never through a proxy.
 */
final class ReplicationRows {
  private ReplicationRows() {}

  static void register(CommandTable.Rows t) {
    t.row("replicaof", 3, "server", "5.0.0", "Make the server a replica of another instance, or promote it as master.")
        .flags(ADMIN, NOSCRIPT, STALE, NO_ASYNC_LOADING).policy(ProxyPolicy.REFUSE).add();
    t.row("slaveof", 3, "server", "1.0.0", "Make the server a replica of another instance, or promote it as master.")
        .flags(ADMIN, NOSCRIPT, STALE, NO_ASYNC_LOADING).policy(ProxyPolicy.REFUSE).add();
    t.row("role", 1, "server", "2.8.12", "Return the role of the instance in the context of replication")
        .flags(NOSCRIPT, LOADING, STALE, FAST).acl("admin", "dangerous").policy(ProxyPolicy.REFUSE).add();
    t.row("replconf", -1, "server", "3.0.0", "An internal command for configuring the replication stream")
        .flags(ADMIN, NOSCRIPT, LOADING, STALE, ALLOW_BUSY).policy(ProxyPolicy.REFUSE).add();
    t.row("psync", -3, "server", "2.8.0", "Internal command used for replication")
        .flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI).policy(ProxyPolicy.REFUSE).add();
    t.row("sync", 1, "server", "1.0.0", "Internal command used for replication")
        .flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI).policy(ProxyPolicy.REFUSE).add();
    // Ours (docs/failover.md): the metaserver's switchover fence; never through a proxy.
    t.row("masterfence", -2, "server", "codis", "Stop serving keyed commands for a switchover at an epoch, or lift it")
        .flags(ADMIN, NOSCRIPT, LOADING, STALE, FAST, NO_MULTI).policy(ProxyPolicy.REFUSE).add();
  }
}
