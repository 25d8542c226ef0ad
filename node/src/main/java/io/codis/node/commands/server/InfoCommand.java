package io.codis.node.commands.server;

import io.codis.node.commands.connection.ConnectionCommands;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandStats;
import io.codis.node.exec.NodeServices;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO [section ...]: Redis 7.0's sections, names and line format ({@code # Server\r\nkey:value\r\n},
 * a blank line between sections). Fields we have no equivalent for (fork, AOF rewrite, replication
 * backlog...) are reported with the value an idle redis-server reports, so parsers find them.
 */
final class InfoCommand {
  /** Sections of plain INFO (Redis's "default"). */
  private static final List<String> DEFAULT = List.of("server", "clients", "memory", "persistence",
      "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");
  /** Every section, in Redis's order ("all" leaves out modules; "everything" has them all). */
  private static final List<String> EVERY = List.of("server", "clients", "memory", "persistence",
      "stats", "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats",
      "cluster", "keyspace");
  /** Stable for the life of the process, like Redis's run_id. */
  private static final String RUN_ID = runId();

  private InfoCommand() {}

  /* INFO [section [section ...]] */
  static void info(Call c) {
    Set<String> wanted = new LinkedHashSet<>();
    if (c.argc() == 1) {
      wanted.addAll(DEFAULT);
    }
    for (int i = 1; i < c.argc(); i++) {
      String s = c.argString(i).toLowerCase(Locale.ROOT);
      switch (s) {
        case "default" -> wanted.addAll(DEFAULT);
        case "all" -> EVERY.stream().filter(x -> !x.equals("modules")).forEach(wanted::add);
        case "everything" -> wanted.addAll(EVERY);
        default -> wanted.add(s);
      }
    }
    StringBuilder out = new StringBuilder(4096);
    for (String section : EVERY) {
      if (!wanted.contains(section)) {
        continue;
      }
      if (out.length() > 0) {
        out.append("\r\n");
      }
      section(out, section, c);
    }
    c.reply().verbatim(out.toString());
  }

  private static void section(StringBuilder out, String name, Call c) {
    NodeServices node = c.node();
    Lines l = new Lines(out);
    switch (name) {
      case "server" -> {
        l.header("Server");
        long uptimeSeconds = (c.now() - node.startedAtMs()) / 1000;
        l.put("redis_version", ConnectionCommands.REDIS_VERSION);
        l.put("redis_git_sha1", "00000000");
        l.put("redis_git_dirty", 0);
        l.put("redis_build_id", "0");
        l.put("redis_mode", "standalone");
        l.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
        l.put("arch_bits", System.getProperty("sun.arch.data.model", "64"));
        l.put("monotonic_clock", "POSIX clock_gettime");
        l.put("multiplexing_api", "epoll");
        l.put("atomicvar_api", "c11-builtin");
        l.put("gcc_version", "0.0.0");
        l.put("process_id", ProcessHandle.current().pid());
        l.put("process_supervised", "no");
        l.put("run_id", RUN_ID);
        l.put("tcp_port", node.config().port() == 0 ? c.session().localAddress().replaceAll(".*:", "")
            : Integer.toString(node.config().port()));
        l.put("server_time_usec", c.now() * 1000);
        l.put("uptime_in_seconds", uptimeSeconds);
        l.put("uptime_in_days", uptimeSeconds / 86400);
        l.put("hz", node.configStore().get("hz"));
        l.put("configured_hz", node.configStore().get("hz"));
        l.put("lru_clock", (c.now() / 1000) & ((1 << 24) - 1));
        l.put("executable", ProcessHandle.current().info().command().orElse(""));
        l.put("config_file", "");
        l.put("io_threads_active", 0);
        l.put("codis_version", "0.1.0");
      }
      case "clients" -> {
        l.header("Clients");
        l.put("connected_clients", node.clients().size());
        l.put("cluster_connections", 0);
        l.put("maxclients", node.configStore().maxclients());
        l.put("client_recent_max_input_buffer", 0);
        l.put("client_recent_max_output_buffer", 0);
        l.put("blocked_clients", node.blocking().blockedClients());
        l.put("tracking_clients", 0);
        l.put("clients_in_timeout_table", node.blocking().blockedClients());
      }
      case "memory" -> InfoMemory.section(l, node);
      case "persistence" -> {
        l.header("Persistence");
        l.put("loading", 0);
        l.put("async_loading", 0);
        l.put("current_cow_peak", 0);
        l.put("current_cow_size", 0);
        l.put("current_cow_size_age", 0);
        l.put("current_fork_perc", "0.00");
        l.put("current_save_keys_processed", 0);
        l.put("current_save_keys_total", 0);
        l.put("rdb_changes_since_last_save", 0);
        l.put("rdb_bgsave_in_progress", 0);
        l.put("rdb_last_save_time", node.startedAtMs() / 1000);
        l.put("rdb_last_bgsave_status", "ok");
        l.put("rdb_last_bgsave_time_sec", -1);
        l.put("rdb_current_bgsave_time_sec", -1);
        l.put("rdb_saves", 0);
        l.put("rdb_last_cow_size", 0);
        l.put("rdb_last_load_keys_expired", 0);
        l.put("rdb_last_load_keys_loaded", 0);
        l.put("aof_enabled", node.configStore().get("appendonly").equals("yes") ? 1 : 0);
        l.put("aof_rewrite_in_progress", 0);
        l.put("aof_rewrite_scheduled", 0);
        l.put("aof_last_rewrite_time_sec", -1);
        l.put("aof_current_rewrite_time_sec", -1);
        l.put("aof_last_bgrewrite_status", "ok");
        l.put("aof_rewrites", 0);
        l.put("aof_rewrites_consecutive_failures", 0);
        l.put("aof_last_write_status", "ok");
        l.put("aof_last_cow_size", 0);
        l.put("module_fork_in_progress", 0);
        l.put("module_fork_last_cow_size", 0);
      }
      case "stats" -> stats(l, node);
      case "replication" -> {
        l.header("Replication");
        l.put("role", "master");
        l.put("connected_slaves", 0);
        l.put("master_failover_state", "no-failover");
        l.put("master_replid", RUN_ID);
        l.put("master_replid2", "0000000000000000000000000000000000000000");
        l.put("master_repl_offset", 0);
        l.put("second_repl_offset", -1);
        l.put("repl_backlog_active", 0);
        l.put("repl_backlog_size", 1048576);
        l.put("repl_backlog_first_byte_offset", 0);
        l.put("repl_backlog_histlen", 0);
      }
      case "cpu" -> InfoMemory.cpu(l);
      case "modules" -> l.header("Modules");
      case "commandstats" -> {
        l.header("Commandstats");
        for (Map.Entry<String, CommandStats.Entry> e : node.stats().byCommand().entrySet()) {
          CommandStats.Entry s = e.getValue();
          if (s.calls() == 0 && s.rejected() == 0 && s.failed() == 0) {
            continue;
          }
          double perCall = s.calls() == 0 ? 0 : (double) s.micros() / s.calls();
          l.put("cmdstat_" + e.getKey(), "calls=" + s.calls() + ",usec=" + s.micros()
              + ",usec_per_call=" + String.format(Locale.ROOT, "%.2f", perCall)
              + ",rejected_calls=" + s.rejected() + ",failed_calls=" + s.failed());
        }
      }
      case "errorstats" -> {
        l.header("Errorstats");
        for (Map.Entry<String, Long> e : node.stats().errorsByCode().entrySet()) {
          l.put("errorstat_" + e.getKey(), "count=" + e.getValue());
        }
      }
      case "latencystats" -> l.header("Latencystats");
      case "cluster" -> {
        l.header("Cluster");
        l.put("cluster_enabled", 0);
      }
      case "keyspace" -> {
        l.header("Keyspace");
        long keys = node.keyspace().size();
        if (keys > 0) {
          l.put("db0", "keys=" + keys + ",expires=" + node.keyspace().volatileSize() + ",avg_ttl=0");
        }
      }
      default -> throw new IllegalStateException("unknown INFO section " + name);
    }
  }

  private static void stats(Lines l, NodeServices node) {
    CommandStats stats = node.stats();
    long errors = 0;
    for (long n : stats.errorsByCode().values()) {
      errors += n;
    }
    l.header("Stats");
    l.put("total_connections_received", stats.totalConnections());
    l.put("total_commands_processed", stats.totalCommands());
    l.put("instantaneous_ops_per_sec", 0);
    l.put("total_net_input_bytes", 0);
    l.put("total_net_output_bytes", 0);
    l.put("total_net_repl_input_bytes", 0);
    l.put("total_net_repl_output_bytes", 0);
    l.put("instantaneous_input_kbps", "0.00");
    l.put("instantaneous_output_kbps", "0.00");
    l.put("instantaneous_input_repl_kbps", "0.00");
    l.put("instantaneous_output_repl_kbps", "0.00");
    l.put("rejected_connections", stats.rejectedConnections());
    l.put("sync_full", 0);
    l.put("sync_partial_ok", 0);
    l.put("sync_partial_err", 0);
    l.put("expired_keys", 0);
    l.put("expired_stale_perc", "0.00");
    l.put("expired_time_cap_reached_count", 0);
    l.put("expire_cycle_cpu_milliseconds", 0);
    l.put("evicted_keys", 0);
    l.put("evicted_clients", 0);
    l.put("total_eviction_exceeded_time", 0);
    l.put("current_eviction_exceeded_time", 0);
    l.put("keyspace_hits", 0);
    l.put("keyspace_misses", 0);
    l.put("pubsub_channels", 0);
    l.put("pubsub_patterns", 0);
    l.put("pubsubshard_channels", 0);
    l.put("latest_fork_usec", 0);
    l.put("total_forks", 0);
    l.put("migrate_cached_sockets", 0);
    l.put("slave_expires_tracked_keys", 0);
    l.put("active_defrag_hits", 0);
    l.put("active_defrag_misses", 0);
    l.put("active_defrag_key_hits", 0);
    l.put("active_defrag_key_misses", 0);
    l.put("total_active_defrag_time", 0);
    l.put("current_active_defrag_time", 0);
    l.put("tracking_total_keys", 0);
    l.put("tracking_total_items", 0);
    l.put("tracking_total_prefixes", 0);
    l.put("unexpected_error_replies", 0);
    l.put("total_error_replies", errors);
    l.put("dump_payload_sanitizations", 0);
    l.put("total_reads_processed", 0);
    l.put("total_writes_processed", 0);
    l.put("io_threaded_reads_processed", 0);
    l.put("io_threaded_writes_processed", 0);
    l.put("reply_buffer_shrinks", 0);
    l.put("reply_buffer_expands", 0);
  }

  private static String runId() {
    java.util.Random random = new java.security.SecureRandom();
    StringBuilder sb = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      sb.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return sb.toString();
  }

  /** Appends {@code key:value\r\n} lines under a {@code # Title} header. */
  static final class Lines {
    private final StringBuilder out;

    Lines(StringBuilder out) {
      this.out = out;
    }

    void header(String title) {
      out.append("# ").append(title).append("\r\n");
    }

    void put(String key, Object value) {
      out.append(key).append(':').append(value).append("\r\n");
    }
  }
}
