package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the connection group. */
final class ConnectionRows {
  private ConnectionRows() {}

  static void register(CommandTable.Rows t) {
    t.row("ping", -1, "connection", "1.0.0", "Returns the server's liveliness response.")
        .flags(FAST, SENTINEL).policy(ProxyPolicy.LOCAL).add();
    t.row("echo", 2, "connection", "1.0.0", "Returns the given string.")
        .flags(FAST).policy(ProxyPolicy.LOCAL).add();
    t.row("quit", -1, "connection", "1.0.0", "Closes the connection.")
        .flags(ALLOW_BUSY, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH).policy(ProxyPolicy.LOCAL).add();
  }
}
