package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the server group. Flags, ACL categories and tips as Redis 7.0's COMMAND INFO. */
final class ServerRows {
  private static final String[] ALL_SHARDS_OK = {"request_policy:all_shards", "response_policy:all_succeeded"};
  private static final String[] ALL_NODES_SPECIAL =
      {"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"};
  private static final String[] ALL_SHARDS_SPECIAL =
      {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"};

  private ServerRows() {}

  static void register(CommandTable.Rows t) {
    t.row("flushall", -1, "server", "1.0.0", "Remove all keys from all databases")
        .flags(WRITE).acl("keyspace", "dangerous").tips(ALL_SHARDS_OK)
        .policy(ProxyPolicy.CLUSTER_WIDE).add();
    t.row("flushdb", -1, "server", "1.0.0", "Remove all keys from the current database")
        .flags(WRITE).acl("keyspace", "dangerous").tips(ALL_SHARDS_OK)
        .policy(ProxyPolicy.CLUSTER_WIDE).add();
    t.row("dbsize", 1, "server", "1.0.0", "Return the number of keys in the selected database")
        .flags(READONLY, FAST).acl("keyspace")
        .tips("request_policy:all_shards", "response_policy:agg_sum")
        .policy(ProxyPolicy.CLUSTER_WIDE).add();
    t.row("time", 1, "server", "2.6.0", "Return the current server time")
        .flags(LOADING, STALE, FAST).tips("nondeterministic_output").policy(ProxyPolicy.LOCAL).add();
    t.row("info", -1, "server", "1.0.0", "Get information and statistics about the server")
        .flags(LOADING, STALE, SENTINEL).acl("dangerous")
        .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
        .policy(ProxyPolicy.CLUSTER_WIDE).add();
    t.row("lastsave", 1, "server", "1.0.0", "Get the UNIX time stamp of the last successful save to disk")
        .flags(LOADING, STALE, FAST).acl("admin", "dangerous").tips("nondeterministic_output")
        .policy(ProxyPolicy.REFUSE).add();
    t.row("save", 1, "server", "1.0.0", "Synchronously save the dataset to disk")
        .flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI).policy(ProxyPolicy.REFUSE).add();
    t.row("bgsave", -1, "server", "1.0.0", "Asynchronously save the dataset to disk")
        .flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING).policy(ProxyPolicy.REFUSE).add();
    t.row("swapdb", 3, "server", "4.0.0", "Swaps two Redis databases")
        .flags(WRITE, FAST).acl("keyspace", "dangerous").policy(ProxyPolicy.REFUSE).add();
    t.row("wait", 3, "generic", "3.0.0",
            "Wait for the synchronous replication of all the write commands sent in the context of the current connection")
        .flags(NOSCRIPT).acl("connection")
        .tips("request_policy:all_shards", "response_policy:agg_min")
        .policy(ProxyPolicy.REFUSE).add();
    t.row("shutdown", -1, "server", "1.0.0", "Synchronously save the dataset to disk and then shut down the server")
        .flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, SENTINEL, ALLOW_BUSY)
        .policy(ProxyPolicy.REFUSE).add();
    t.row("debug", -2, "server", "1.0.0", "A container for debugging commands")
        .flags(ADMIN, NOSCRIPT, LOADING, STALE).policy(ProxyPolicy.REFUSE).add();
    commandRow(t);
    configRow(t);
    slowlogRow(t);
    latencyRow(t);
    memoryRow(t);
  }

  private static void commandRow(CommandTable.Rows t) {
    t.row("command", -1, "server", "2.8.13", "Get array of Redis command details")
        .flags(LOADING, STALE).acl("connection").tips("nondeterministic_output_order")
        .policy(ProxyPolicy.LOCAL)
        .sub("count", 2, "Get total number of Redis commands",
            b -> b.flags(LOADING, STALE).acl("connection"))
        .sub("docs", -2, "Get array of specific Redis command documentation",
            b -> b.flags(LOADING, STALE).acl("connection").tips("nondeterministic_output_order"))
        .sub("getkeys", -4, "Extract keys given a full Redis command",
            b -> b.flags(LOADING, STALE).acl("connection"))
        .sub("getkeysandflags", -4, "Extract keys and access flags given a full Redis command",
            b -> b.flags(LOADING, STALE).acl("connection"))
        .sub("help", 2, "Show helpful text about the different subcommands",
            b -> b.flags(LOADING, STALE).acl("connection"))
        .sub("info", -2, "Get array of specific Redis command details, or all when no argument is given.",
            b -> b.flags(LOADING, STALE).acl("connection").tips("nondeterministic_output_order"))
        .sub("list", -2, "Get an array of Redis command names",
            b -> b.flags(LOADING, STALE).acl("connection").tips("nondeterministic_output_order"))
        .add();
  }

  private static void configRow(CommandTable.Rows t) {
    t.row("config", -2, "server", "2.0.0", "A container for server configuration commands")
        .policy(ProxyPolicy.REFUSE)
        .sub("get", -3, "Get the values of configuration parameters",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE))
        .sub("help", 2, "Show helpful text about the different subcommands",
            b -> b.flags(LOADING, STALE))
        .sub("resetstat", 2, "Reset the stats returned by INFO",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE))
        .sub("rewrite", 2, "Rewrite the configuration file with the in memory configuration",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE))
        .sub("set", -4, "Set configuration parameters to the given values",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE)
                .tips("request_policy:all_nodes", "response_policy:all_succeeded"))
        .add();
  }

  private static void slowlogRow(CommandTable.Rows t) {
    t.row("slowlog", -2, "server", "2.2.12", "A container for slow log commands")
        .policy(ProxyPolicy.REFUSE)
        .sub("get", -2, "Get the slow log's entries",
            b -> b.flags(ADMIN, LOADING, STALE)
                .tips("request_policy:all_nodes", "nondeterministic_output"))
        .sub("help", 2, "Show helpful text about the different subcommands",
            b -> b.flags(LOADING, STALE))
        .sub("len", 2, "Get the slow log's length",
            b -> b.flags(ADMIN, LOADING, STALE)
                .tips("request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"))
        .sub("reset", 2, "Clear all entries from the slow log",
            b -> b.flags(ADMIN, LOADING, STALE)
                .tips("request_policy:all_nodes", "response_policy:all_succeeded"))
        .add();
  }

  private static void latencyRow(CommandTable.Rows t) {
    t.row("latency", -2, "server", "2.8.13", "A container for latency diagnostics commands")
        .policy(ProxyPolicy.REFUSE)
        .sub("doctor", 2, "Return a human readable latency analysis report.",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).tips(ALL_NODES_SPECIAL))
        .sub("graph", 3, "Return a latency graph for the event.",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).tips(ALL_NODES_SPECIAL))
        .sub("help", 2, "Show helpful text about the different subcommands.",
            b -> b.flags(LOADING, STALE))
        .sub("histogram", -2, "Return the cumulative distribution of latencies of a subset of commands or all.",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).tips(ALL_NODES_SPECIAL))
        .sub("history", 3, "Return timestamp-latency samples for the event.",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).tips(ALL_NODES_SPECIAL))
        .sub("latest", 2, "Return the latest latency samples for all events.",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).tips(ALL_NODES_SPECIAL))
        .sub("reset", -2, "Reset latency data for one or more events.",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE)
                .tips("request_policy:all_nodes", "response_policy:all_succeeded"))
        .add();
  }

  private static void memoryRow(CommandTable.Rows t) {
    t.row("memory", -2, "server", "4.0.0", "A container for memory diagnostics commands")
        .policy(ProxyPolicy.REFUSE)
        .sub("doctor", 2, "Outputs memory problems report", b -> b.tips(ALL_SHARDS_SPECIAL))
        .sub("help", 2, "Show helpful text about the different subcommands",
            b -> b.flags(LOADING, STALE))
        .sub("malloc-stats", 2, "Show allocator internal stats", b -> b.tips(ALL_SHARDS_SPECIAL))
        .sub("purge", 2, "Ask the allocator to release memory", b -> b.tips(ALL_SHARDS_OK))
        .sub("stats", 2, "Show memory usage details", b -> b.tips(ALL_SHARDS_SPECIAL))
        .sub("usage", -3, "Estimate the memory usage of a key",
            b -> b.flags(READONLY).keys(2, 2, 1).policy(ProxyPolicy.SINGLE_SLOT))
        .add();
  }
}
