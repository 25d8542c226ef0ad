package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/** Rows of the transactions group. */
final class TransactionRows {
  private TransactionRows() {}

  static void register(CommandTable.Rows t) {
  }
}
