package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the keyspace group. */
final class KeyRows {
  private KeyRows() {}

  static void register(CommandTable.Rows t) {
  }
}
