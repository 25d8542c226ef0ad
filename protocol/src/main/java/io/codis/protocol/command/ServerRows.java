package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the server group. */
final class ServerRows {
  private ServerRows() {}

  static void register(CommandTable.Rows t) {
  }
}
