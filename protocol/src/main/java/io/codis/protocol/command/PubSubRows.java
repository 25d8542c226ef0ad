package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the pubsub group. */
final class PubSubRows {
  private PubSubRows() {}

  static void register(CommandTable.Rows t) {
  }
}
