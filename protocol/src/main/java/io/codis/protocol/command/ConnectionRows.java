package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the connection group. Flags, ACL categories and tips as Redis 7.0's COMMAND INFO. */
final class ConnectionRows {
  private ConnectionRows() {}

  static void register(CommandTable.Rows t) {
    t.row("ping", -1, "connection", "1.0.0", "Ping the server")
        .flags(FAST, SENTINEL).acl("connection")
        .tips("request_policy:all_shards", "response_policy:all_succeeded")
        .policy(ProxyPolicy.LOCAL).add();
    t.row("echo", 2, "connection", "1.0.0", "Echo the given string")
        .flags(LOADING, STALE, FAST).acl("connection").policy(ProxyPolicy.LOCAL).add();
    t.row("quit", -1, "connection", "1.0.0", "Close the connection")
        .flags(ALLOW_BUSY, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH).acl("connection")
        .atQueueTime().policy(ProxyPolicy.LOCAL).add();
    t.row("auth", -2, "connection", "1.0.0", "Authenticate to the server")
        .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, SENTINEL, ALLOW_BUSY).acl("connection")
        .policy(ProxyPolicy.LOCAL).add();
    t.row("hello", -1, "connection", "6.0.0", "Handshake with Redis")
        .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, SENTINEL, ALLOW_BUSY).acl("connection")
        .policy(ProxyPolicy.LOCAL).add();
    t.row("select", 2, "connection", "1.0.0", "Change the selected database for the current connection")
        .flags(LOADING, STALE, FAST).acl("connection").policy(ProxyPolicy.LOCAL).add();
    t.row("reset", 1, "connection", "6.2.0", "Reset the connection")
        .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY).acl("connection")
        .atQueueTime().policy(ProxyPolicy.LOCAL).add();
    clientRow(t);
  }

  /** CLIENT and its subcommands; SETINFO and NO-TOUCH are Redis 7.2's, accepted because clients send them. */
  private static void clientRow(CommandTable.Rows t) {
    t.row("client", -2, "connection", "2.4.0", "A container for client connection commands")
        .policy(ProxyPolicy.LOCAL)
        .sub("caching", 3, "Instruct the server about tracking or not keys in the next request",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("getname", 2, "Get the current connection name",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("getredir", 2, "Get tracking notifications redirection client ID if any",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("help", 2, "Show helpful text about the different subcommands",
            b -> b.flags(LOADING, STALE).acl("connection"))
        .sub("id", 2, "Returns the client ID for the current connection",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("info", 2, "Returns information about the current client connection.",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection").tips("nondeterministic_output"))
        .sub("kill", -3, "Kill the connection of a client",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("list", -2, "Get the list of client connections",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).acl("connection").tips("nondeterministic_output"))
        .sub("no-evict", 3, "Set client eviction mode for the current connection",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("no-touch", 3, "Controls whether commands sent by the client will alter the LRU/LFU of the keys they access.",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("pause", -3, "Stop processing commands from clients for some time",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("reply", 3, "Instruct the server whether to reply to commands",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("setinfo", 4, "Set client or connection specific info",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection")
                .tips("request_policy:all_nodes", "response_policy:all_succeeded"))
        .sub("setname", 3, "Set the current connection name",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("tracking", -3, "Enable or disable server assisted client side caching support",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("trackinginfo", 2, "Return information about server assisted client side caching for the current connection",
            b -> b.flags(NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("unblock", -3, "Unblock a client blocked in a blocking command from a different connection",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).acl("connection"))
        .sub("unpause", 2, "Resume processing of clients that were paused",
            b -> b.flags(ADMIN, NOSCRIPT, LOADING, STALE).acl("connection"))
        .add();
  }
}
