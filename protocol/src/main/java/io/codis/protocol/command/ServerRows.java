package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the server group. */
final class ServerRows {
  private ServerRows() {}

  static void register(CommandTable.Rows t) {
    t.row("flushall", -1, "server", "1.0.0", "Removes all keys from all databases.")
        .flags(WRITE).policy(ProxyPolicy.CLUSTER_WIDE).add();
    t.row("flushdb", -1, "server", "1.0.0", "Remove all keys from the current database.")
        .flags(WRITE).policy(ProxyPolicy.CLUSTER_WIDE).add();
  }
}
