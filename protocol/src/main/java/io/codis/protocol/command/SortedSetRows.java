package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the sorted-set group. */
final class SortedSetRows {
  private SortedSetRows() {}

  static void register(CommandTable.Rows t) {
  }
}
