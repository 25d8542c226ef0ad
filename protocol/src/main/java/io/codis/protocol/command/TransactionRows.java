package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the transactions group. */
final class TransactionRows {
  private TransactionRows() {}

  static void register(CommandTable.Rows t) {
    t.row("multi", 1, "transactions", "1.2.0", "Mark the start of a transaction block")
        .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY).acl("transaction")
        .atQueueTime().policy(ProxyPolicy.TRANSACTION).add();
    t.row("exec", 1, "transactions", "1.2.0", "Execute all commands issued after MULTI")
        .flags(NOSCRIPT, LOADING, STALE, SKIP_SLOWLOG).acl("transaction")
        .atQueueTime().policy(ProxyPolicy.TRANSACTION).add();
    t.row("discard", 1, "transactions", "2.0.0", "Discard all commands issued after MULTI")
        .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY).acl("transaction")
        .atQueueTime().policy(ProxyPolicy.TRANSACTION).add();
    t.row("watch", -2, "transactions", "2.2.0",
            "Watch the given keys to determine execution of the MULTI/EXEC block")
        .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY).acl("transaction").keys(1, -1, 1)
        .atQueueTime().policy(ProxyPolicy.TRANSACTION).add();
    t.row("unwatch", 1, "transactions", "2.2.0", "Forget about all watched keys")
        .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY).acl("transaction")
        .policy(ProxyPolicy.TRANSACTION).add();
  }
}
