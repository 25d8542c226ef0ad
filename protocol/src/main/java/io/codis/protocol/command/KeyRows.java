package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/**
 * Rows of the keyspace group ({@code generic} in Redis's COMMAND DOCS): deletion, existence, types,
 * renaming and copying, iteration, expiry, DUMP/RESTORE, OBJECT and SORT. Arity, flags and key
 * positions are those of Redis 7.0's COMMAND INFO.
 */
final class KeyRows {
  private KeyRows() {}

  static void register(CommandTable.Rows t) {
    t.row("del", -2, "generic", "1.0.0", "Deletes one or more keys.")
        .flags(WRITE).keys(1, -1, 1).policy(ProxyPolicy.FAN_OUT_SUM).add();
    t.row("unlink", -2, "generic", "4.0.0",
            "Asynchronously deletes one or more keys.")
        .flags(WRITE, FAST).keys(1, -1, 1).policy(ProxyPolicy.FAN_OUT_SUM).add();
    t.row("exists", -2, "generic", "1.0.0", "Determines whether one or more keys exist.")
        .flags(READONLY, FAST).keys(1, -1, 1).policy(ProxyPolicy.FAN_OUT_SUM).add();
    t.row("touch", -2, "generic", "3.2.1",
            "Returns the number of existing keys out of those specified after updating the time they were last accessed.")
        .flags(READONLY, FAST).keys(1, -1, 1).policy(ProxyPolicy.FAN_OUT_SUM).add();
    t.row("type", 2, "generic", "1.0.0", "Determines the type of value stored at a key.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("rename", 3, "generic", "1.0.0", "Renames a key and overwrites the destination.")
        .flags(WRITE).keys(1, 2, 1).add();
    t.row("renamenx", 3, "generic", "1.0.0", "Renames a key only when the target key name doesn't exist.")
        .flags(WRITE, FAST).keys(1, 2, 1).add();
    t.row("copy", -3, "generic", "6.2.0", "Copies the value of a key to a new key.")
        .flags(WRITE, DENYOOM).keys(1, 2, 1).add();
    t.row("move", 3, "generic", "1.0.0", "Moves a key to another database.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("keys", 2, "generic", "1.0.0", "Returns all key names that match a pattern.")
        .flags(READONLY).policy(ProxyPolicy.CLUSTER_WIDE).add();
    t.row("scan", -2, "generic", "2.8.0", "Iterates over the key names in the database.")
        .flags(READONLY).policy(ProxyPolicy.CLUSTER_WIDE).add();
    t.row("randomkey", 1, "generic", "1.0.0", "Returns a random key name from the database.")
        .flags(READONLY).policy(ProxyPolicy.CLUSTER_WIDE).add();

    t.row("expire", -3, "generic", "1.0.0", "Sets the expiration time of a key in seconds.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("pexpire", -3, "generic", "2.6.0", "Sets the expiration time of a key in milliseconds.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("expireat", -3, "generic", "1.2.0",
            "Sets the expiration time of a key to a Unix timestamp.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("pexpireat", -3, "generic", "2.6.0",
            "Sets the expiration time of a key to a Unix milliseconds timestamp.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("ttl", 2, "generic", "1.0.0", "Returns the expiration time in seconds of a key.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("pttl", 2, "generic", "2.6.0", "Returns the expiration time in milliseconds of a key.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("expiretime", 2, "generic", "7.0.0", "Returns the expiration time of a key as a Unix timestamp.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("pexpiretime", 2, "generic", "7.0.0",
            "Returns the expiration time of a key as a Unix milliseconds timestamp.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("persist", 2, "generic", "2.2.0", "Removes the expiration time of a key.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();

    t.row("dump", 2, "generic", "2.6.0",
            "Returns a serialized representation of the value stored at a key.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("restore", -4, "generic", "2.6.0",
            "Creates a key from the serialized representation of a value.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();

    // The container has no keys of its own; its keyed subcommands go to the key's slot.
    t.row("object", -2, "generic", "2.2.3", "A container for object introspection commands.")
        .policy(ProxyPolicy.LOCAL)
        .sub("encoding", 3, "Returns the internal encoding of a Redis object.",
            b -> b.flags(READONLY).keys(2, 2, 1).policy(ProxyPolicy.SINGLE_SLOT))
        .sub("freq", 3, "Returns the logarithmic access frequency counter of a Redis object.",
            b -> b.flags(READONLY).keys(2, 2, 1).policy(ProxyPolicy.SINGLE_SLOT))
        .sub("idletime", 3, "Returns the time since the last access to a Redis object.",
            b -> b.flags(READONLY).keys(2, 2, 1).policy(ProxyPolicy.SINGLE_SLOT))
        .sub("refcount", 3, "Returns the reference count of a value of a key.",
            b -> b.flags(READONLY).keys(2, 2, 1).policy(ProxyPolicy.SINGLE_SLOT))
        .sub("help", 2, "Returns helpful text about the different subcommands.",
            b -> b.flags(LOADING, STALE))
        .add();

    // SORT's STORE destination is found by keyword; the last STORE wins, as in Redis's sortGetKeys.
    t.row("sort", -2, "generic", "1.0.0",
            "Sorts the elements in a list, a set, or a sorted set, optionally storing the result.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1)
        .keys(new KeySpec.Keyword("store", 2, true, 1, 1)).add();
    t.row("sort_ro", -2, "generic", "7.0.0",
            "Returns the sorted elements of a list, a set, or a sorted set.")
        .flags(READONLY).keys(1, 1, 1).keys(new KeySpec.Patterns()).add();
  }
}
