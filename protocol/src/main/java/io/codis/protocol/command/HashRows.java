package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the hash group (arity, flags and key positions as Redis 7.0's COMMAND INFO). */
final class HashRows {
  private HashRows() {}

  static void register(CommandTable.Rows t) {
    t.row("hset", -4, "hash", "2.0.0", "Creates or modifies the value of a field in a hash.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("hsetnx", 4, "hash", "2.0.0", "Sets the value of a field in a hash only when the field doesn't exist.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("hmset", -4, "hash", "2.0.0", "Sets the values of multiple fields.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("hget", 3, "hash", "2.0.0", "Returns the value of a field in a hash.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("hmget", -3, "hash", "2.0.0", "Returns the values of all fields in a hash.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("hdel", -3, "hash", "2.0.0",
            "Deletes one or more fields and their values from a hash. Deletes the hash if no fields remain.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("hlen", 2, "hash", "2.0.0", "Returns the number of fields in a hash.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("hstrlen", 3, "hash", "3.2.0", "Returns the length of the value of a field.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("hexists", 3, "hash", "2.0.0", "Determines whether a field exists in a hash.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("hkeys", 2, "hash", "2.0.0", "Returns all fields in a hash.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("hvals", 2, "hash", "2.0.0", "Returns all values in a hash.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("hgetall", 2, "hash", "2.0.0", "Returns all fields and values in a hash.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("hincrby", 4, "hash", "2.0.0",
            "Increments the integer value of a field in a hash by a number. Uses 0 as initial value if the field doesn't exist.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("hincrbyfloat", 4, "hash", "2.6.0",
            "Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn't exist.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("hrandfield", -2, "hash", "6.2.0", "Returns one or more random fields from a hash.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("hscan", -3, "hash", "2.8.0", "Iterates over fields and values of a hash.")
        .flags(READONLY).keys(1, 1, 1).add();
  }
}
