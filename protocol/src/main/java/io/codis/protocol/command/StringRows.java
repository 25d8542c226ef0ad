package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the string group (bit operations included). */
final class StringRows {
  private StringRows() {}

  static void register(CommandTable.Rows t) {
    t.row("get", 2, "string", "1.0.0", "Returns the string value of a key.")
        .flags(READONLY, FAST).keys(1, 1, 1).add();
    t.row("set", -3, "string", "1.0.0",
            "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.")
        .flags(WRITE, DENYOOM).keys(1, 1, 1).add();
  }
}
