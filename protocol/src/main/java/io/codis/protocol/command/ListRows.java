package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the list group. */
final class ListRows {
  private ListRows() {}

  static void register(CommandTable.Rows t) {
  }
}
