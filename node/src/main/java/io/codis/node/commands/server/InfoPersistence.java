package io.codis.node.commands.server;

import io.codis.node.commands.server.InfoCommand.Lines;
import io.codis.node.exec.NodeServices;
import io.codis.node.persistence.Checkpoints;
import io.codis.node.persistence.Persistence;

/**
 * INFO persistence, in Redis 7.0's field order. With {@code appendonly yes} the rdb_* fields describe
 * checkpoints (SAVE/BGSAVE), the aof_* fields the RocksDB write-ahead log; without it, the values of
 * a node that never saved.
 */
final class InfoPersistence {
  private InfoPersistence() {}

  static void section(Lines l, NodeServices node) {
    Persistence p = node.persistence();
    Checkpoints cp = p == null ? null : p.checkpoints();
    l.header("Persistence");
    l.put("loading", 0);
    l.put("async_loading", 0);
    l.put("current_cow_peak", 0);
    l.put("current_cow_size", 0);
    l.put("current_cow_size_age", 0);
    l.put("current_fork_perc", "0.00");
    l.put("current_save_keys_processed", 0);
    l.put("current_save_keys_total", 0);
    l.put("rdb_changes_since_last_save", cp == null ? 0 : cp.changesSinceLastSave());
    l.put("rdb_bgsave_in_progress", cp != null && cp.inProgress() ? 1 : 0);
    l.put("rdb_last_save_time", (cp == null ? node.startedAtMs() : cp.lastSaveMs()) / 1000);
    l.put("rdb_last_bgsave_status", cp == null || cp.lastOk() ? "ok" : "err");
    l.put("rdb_last_bgsave_time_sec", cp == null ? -1 : cp.lastDurationSec());
    l.put("rdb_current_bgsave_time_sec", cp == null ? -1 : cp.currentDurationSec());
    l.put("rdb_saves", cp == null ? 0 : cp.saves());
    l.put("rdb_last_cow_size", 0);
    l.put("rdb_last_load_keys_expired", p == null ? 0 : p.loadedExpired());
    l.put("rdb_last_load_keys_loaded", p == null ? 0 : p.loadedKeys());
    l.put("aof_enabled", p == null ? 0 : 1);
    l.put("aof_rewrite_in_progress", 0);
    l.put("aof_rewrite_scheduled", 0);
    l.put("aof_last_rewrite_time_sec", -1);
    l.put("aof_current_rewrite_time_sec", -1);
    l.put("aof_last_bgrewrite_status", "ok");
    l.put("aof_rewrites", 0);
    l.put("aof_rewrites_consecutive_failures", 0);
    l.put("aof_last_write_status", p == null || p.writeError() == null ? "ok" : "err");
    l.put("aof_last_cow_size", 0);
    l.put("module_fork_in_progress", 0);
    l.put("module_fork_last_cow_size", 0);
    if (p != null) {
      // Redis adds these when the AOF is on; the WAL has no rewrite buffer, so they are 0.
      l.put("aof_pending_rewrite", 0);
      l.put("aof_buffer_length", 0);
      l.put("aof_pending_bio_fsync", 0);
      l.put("aof_delayed_fsync", 0);
      // Ours: the fsync mode in force and what the store did.
      l.put("aof_fsync", p.engine().fsyncMode().configName());
      l.put("storage_batches", p.engine().stats().batches());
      l.put("storage_records", p.engine().stats().records());
      l.put("storage_wal_syncs", p.engine().stats().walSyncs());
    }
  }
}
