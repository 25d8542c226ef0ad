package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/**
 * Rows of the string group and of the bitmap group (bit operations work on strings). Arity, flags
 * and key positions are those Redis 7.0's {@code COMMAND INFO} reports.
 */
final class StringRows {
  private StringRows() {}

  static void register(CommandTable.Rows t) {
    strings(t);
    counters(t);
    ranges(t);
    bitmaps(t);
  }

  private static void strings(CommandTable.Rows t) {
    t.row("get", 2, "string", "1.0.0", "Returns the string value of a key.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("set", -3, "string", "1.0.0",
            "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();
    t.row("setnx", 3, "string", "1.0.0", "Sets the string value of a key only when the key doesn't exist.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("setex", 4, "string", "2.0.0", "Sets the string value and expiration time (seconds) of a key.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();
    t.row("psetex", 4, "string", "2.6.0", "Sets the string value and expiration time (milliseconds) of a key.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();
    t.row("getset", 3, "string", "1.0.0", "Sets the string value of a key and returns the previous value.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("getdel", 2, "string", "6.2.0", "Returns the string value of a key and deletes the key.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("getex", -2, "string", "6.2.0", "Returns the string value of a key and changes its expiration.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("mget", -2, "string", "1.0.0", "Returns the string values of several keys.")
        .flags(READONLY, FAST).keys(1, -1, 1).policy(ProxyPolicy.FAN_OUT_ARRAY).add();
    t.row("mset", -3, "string", "1.0.1", "Sets the string values of several keys.")
        .flags(WRITE, DENYOOM).keys(1, -1, 2).policy(ProxyPolicy.FAN_OUT_OK).add();
    t.row("msetnx", -3, "string", "1.0.1", "Sets the string values of several keys only when none of them exists.")
        .flags(WRITE, DENYOOM).keys(1, -1, 2).policy(ProxyPolicy.SINGLE_SLOT_ATOMIC).add();
    t.row("append", 3, "string", "2.0.0", "Appends a string to the value of a key; creates the key if needed.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("strlen", 2, "string", "2.2.0", "Returns the length of a string value.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
  }

  private static void counters(CommandTable.Rows t) {
    t.row("incr", 2, "string", "1.0.0", "Adds one to the integer value of a key.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("incrby", 3, "string", "1.0.0", "Adds a number to the integer value of a key.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("incrbyfloat", 3, "string", "2.6.0", "Adds a floating point number to the value of a key.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("decr", 2, "string", "1.0.0", "Subtracts one from the integer value of a key.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("decrby", 3, "string", "1.0.0", "Subtracts a number from the integer value of a key.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
  }

  private static void ranges(CommandTable.Rows t) {
    t.row("getrange", 4, "string", "2.4.0", "Returns a substring of a string value.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("substr", 4, "string", "1.0.0", "Returns a substring of a string value (old name of GETRANGE).")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("setrange", 4, "string", "2.2.0", "Overwrites part of a string value from an offset on.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();
    t.row("lcs", -3, "string", "7.0.0", "Finds the longest common subsequence of two string values.")
        .flags(READONLY).keys(1, 2, 1).add();
  }

  private static void bitmaps(CommandTable.Rows t) {
    t.row("setbit", 4, "bitmap", "2.2.0", "Sets or clears one bit of a string value.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();
    t.row("getbit", 3, "bitmap", "2.2.0", "Returns one bit of a string value.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("bitcount", -2, "bitmap", "2.6.0", "Counts the set bits of a string value, or of a range of it.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("bitpos", -3, "bitmap", "2.8.7", "Finds the first set or clear bit of a string value.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("bitop", -4, "bitmap", "2.6.0", "Stores the bitwise AND, OR, XOR or NOT of string values.")
        .flags(WRITE, DENYOOM).keys(2, -1, 1).add();
    t.row("bitfield", -2, "bitmap", "3.2.0", "Reads and writes integer fields of arbitrary width in a string value.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();
    t.row("bitfield_ro", -2, "bitmap", "6.0.0", "Reads integer fields of arbitrary width in a string value.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
  }
}
