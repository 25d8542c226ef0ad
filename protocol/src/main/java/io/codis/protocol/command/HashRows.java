package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the hash group. */
final class HashRows {
  private HashRows() {}

  static void register(CommandTable.Rows t) {
  }
}
