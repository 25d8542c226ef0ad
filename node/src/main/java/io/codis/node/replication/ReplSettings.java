package io.codis.node.replication;

import io.codis.node.config.ConfigStore;

/**
 * The replication CONFIG parameters, parsed once per CONFIG change (not per command).
 *
 * @param backlogBytes repl-backlog-size
 * @param timeoutMs repl-timeout (seconds in CONFIG)
 * @param pingPeriodMs repl-ping-replica-period (seconds in CONFIG)
 * @param minReplicasToWrite min-replicas-to-write
 * @param minReplicasMaxLagMs min-replicas-max-lag (seconds in CONFIG)
 * @param sync replication-mode is sync
 * @param syncTimeoutMs replication-sync-timeout: how long a sync-mode reply waits for a replica
 * @param masterauth masterauth, or "" for none
 */
record ReplSettings(
    int backlogBytes,
    long timeoutMs,
    long pingPeriodMs,
    int minReplicasToWrite,
    long minReplicasMaxLagMs,
    boolean sync,
    long syncTimeoutMs,
    String masterauth) {

  static ReplSettings from(ConfigStore config) {
    return new ReplSettings(
        (int) Math.min(Integer.MAX_VALUE - 8, Long.parseLong(config.get("repl-backlog-size"))),
        Long.parseLong(config.get("repl-timeout")) * 1000,
        Long.parseLong(config.get("repl-ping-replica-period")) * 1000,
        Integer.parseInt(config.get("min-replicas-to-write")),
        Long.parseLong(config.get("min-replicas-max-lag")) * 1000,
        "sync".equals(config.get("replication-mode")),
        Long.parseLong(config.get("replication-sync-timeout")),
        config.get("masterauth"));
  }
}
