package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the set group. */
final class SetRows {
  private SetRows() {}

  static void register(CommandTable.Rows t) {
  }
}
