package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the list group; arity, flags and key positions as Redis 7.0's COMMAND INFO prints them. */
final class ListRows {
  private ListRows() {}

  static void register(CommandTable.Rows t) {
    t.row("lpush", -3, "list", "1.0.0", "Prepends one or more elements to a list. Creates the key if it doesn't exist.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("rpush", -3, "list", "1.0.0", "Appends one or more elements to a list. Creates the key if it doesn't exist.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("lpushx", -3, "list", "2.2.0", "Prepends one or more elements to a list only when the list exists.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("rpushx", -3, "list", "2.2.0", "Appends an element to a list only when the list exists.")
        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).add();
    t.row("lpop", -2, "list", "1.0.0", "Returns the first elements in a list after removing it. Deletes the list if the last element was popped.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("rpop", -2, "list", "1.0.0", "Returns and removes the last elements of a list. Deletes the list if the last element was popped.")
        .flags(WRITE, FAST).keys(1, 1, 1).add();
    t.row("llen", 2, "list", "1.0.0", "Returns the length of a list.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("lindex", 3, "list", "1.0.0", "Returns an element from a list by its index.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("lset", 4, "list", "1.0.0", "Sets the value of an element in a list by its index.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();
    t.row("lrange", 4, "list", "1.0.0", "Returns a range of elements from a list.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("ltrim", 4, "list", "1.0.0", "Removes elements from both ends a list. Deletes the list if all elements were trimmed.")
        .flags(WRITE).keys(1, 1, 1).add();
    t.row("linsert", 5, "list", "2.2.0", "Inserts an element before or after another element in a list.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();
    t.row("lrem", 4, "list", "1.0.0", "Removes elements from a list. Deletes the list if the last element was removed.")
        .flags(WRITE).keys(1, 1, 1).add();
    t.row("lpos", -3, "list", "6.0.6", "Returns the index of matching elements in a list.")
        .flags(READONLY).keys(1, 1, 1).add();
    t.row("lmove", 5, "list", "6.2.0", "Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).keys(2, 2, 1).add();
    t.row("rpoplpush", 3, "list", "1.2.0", "Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).keys(2, 2, 1).add();
    t.row("lmpop", -4, "list", "7.0.0", "Returns multiple elements from a list after removing them. Deletes the list if the last element was popped.")
        .flags(WRITE).keys(new KeySpec.Keynum(1, 1, 1)).add();

    // Blocking forms: the proxy gives a blocked client its own backend connection.
    t.row("blpop", -3, "list", "2.0.0", "Removes and returns the first element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.")
        .flags(WRITE, NOSCRIPT, BLOCKING).keys(1, -2, 1).policy(ProxyPolicy.BLOCKING).add();
    t.row("brpop", -3, "list", "2.0.0", "Removes and returns the last element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.")
        .flags(WRITE, NOSCRIPT, BLOCKING).keys(1, -2, 1).policy(ProxyPolicy.BLOCKING).add();
    t.row("blmove", 6, "list", "6.2.0", "Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved.")
        .flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING).keys(1, 1, 1).keys(2, 2, 1)
        .policy(ProxyPolicy.BLOCKING).add();
    t.row("brpoplpush", 4, "list", "2.2.0", "Pops an element from a list, pushes it to another list and returns it. Block until an element is available otherwise. Deletes the list if the last element was popped.")
        .flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING).keys(1, 1, 1).keys(2, 2, 1)
        .policy(ProxyPolicy.BLOCKING).add();
    t.row("blmpop", -5, "list", "7.0.0", "Pops the first element from one of multiple lists. Blocks until an element is available otherwise. Deletes the list if the last element was popped.")
        .flags(WRITE, BLOCKING).keys(new KeySpec.Keynum(2, 1, 1)).policy(ProxyPolicy.BLOCKING).add();
  }
}
