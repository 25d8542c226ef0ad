package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/**
 * Rows of the slots family: Codis's per-slot administration commands, which Redis does not have.
 * They describe one node's share of the keyspace, so the proxy does not serve them (codisctl asks
 * each group's master directly).
 */
final class SlotsRows {
  private SlotsRows() {}

  static void register(CommandTable.Rows t) {
    t.row("slotsinfo", -1, "server", "codis", "Key counts of the non-empty slots in a range (Codis's SLOTSINFO)")
        .flags(READONLY, LOADING, STALE).acl("keyspace")
        .policy(ProxyPolicy.REFUSE).add();
    t.row("slotsmemory", -2, "server", "codis", "Estimated bytes of the keys and values of one slot")
        .flags(READONLY, LOADING, STALE).acl("keyspace")
        .policy(ProxyPolicy.REFUSE).add();
    t.row("slotsmigrate", -2, "server", "codis", "Sends a slot to another node while serving it (the source's side)")
        .flags(ADMIN, NOSCRIPT, NO_MULTI).policy(ProxyPolicy.REFUSE).add();
    t.row("slotsimport", -2, "server", "codis", "Receives a slot from a migration source (internal, node to node)")
        .flags(ADMIN, NOSCRIPT, NO_MULTI).policy(ProxyPolicy.REFUSE).add();
  }
}
