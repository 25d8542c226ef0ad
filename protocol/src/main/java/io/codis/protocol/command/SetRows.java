package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the set group (arity, flags and key positions as Redis 7.0's COMMAND INFO). */
final class SetRows {
  private SetRows() {}

  static void register(CommandTable.Rows t) {
    t.row("sadd", -3, "set", "1.0.0",
            "Adds one or more members to a set. Creates the key if it doesn't exist.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("srem", -3, "set", "1.0.0",
            "Removes one or more members from a set. Deletes the set if the last member was removed.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("scard", 2, "set", "1.0.0", "Returns the number of members in a set.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("sismember", 3, "set", "1.0.0", "Determines whether a member belongs to a set.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("smismember", -3, "set", "6.2.0", "Determines whether multiple members belong to a set.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("smembers", 2, "set", "1.0.0", "Returns all members of a set.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("spop", -2, "set", "1.0.0",
            "Returns one or more random members from a set after removing them. Deletes the set if the last member was popped.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("srandmember", -2, "set", "1.0.0", "Get one or multiple random members from a set")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("smove", 4, "set", "1.0.0", "Moves a member from one set to another.")
        .flags(WRITE, FAST).keys(1, 2, 1).add();
    t.row("sinter", -2, "set", "1.0.0", "Returns the intersect of multiple sets.")
        .flags(READONLY).keys(1, -1, 1).add();
    t.row("sintercard", -3, "set", "7.0.0", "Returns the number of members of the intersect of multiple sets.")
        .flags(READONLY).keys(new KeySpec.Keynum(1, 1, 1)).add();
    t.row("sinterstore", -3, "set", "1.0.0", "Stores the intersect of multiple sets in a key.")
        .flags(WRITE, DENYOOM).keys(1, -1, 1).add();
    t.row("sunion", -2, "set", "1.0.0", "Returns the union of multiple sets.")
        .flags(READONLY).keys(1, -1, 1).add();
    t.row("sunionstore", -3, "set", "1.0.0", "Stores the union of multiple sets in a key.")
        .flags(WRITE, DENYOOM).keys(1, -1, 1).add();
    t.row("sdiff", -2, "set", "1.0.0", "Returns the difference of multiple sets.")
        .flags(READONLY).keys(1, -1, 1).add();
    t.row("sdiffstore", -3, "set", "1.0.0", "Stores the difference of multiple sets in a key.")
        .flags(WRITE, DENYOOM).keys(1, -1, 1).add();
    t.row("sscan", -3, "set", "2.8.0", "Iterates over members of a set.")
        .flags(READONLY).keys(1, 1, 1).add();
  }
}
