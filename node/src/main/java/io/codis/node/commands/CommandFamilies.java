package io.codis.node.commands;

import io.codis.node.exec.CommandRegistry;

/** Every command group's handlers, registered in one place. */
public final class CommandFamilies {
  private CommandFamilies() {}

  public static void registerAll(CommandRegistry registry) {
    io.codis.node.commands.connection.ConnectionCommands.register(registry);
    io.codis.node.commands.strings.StringCommands.register(registry);
    io.codis.node.commands.server.ServerCommands.register(registry);
    io.codis.node.commands.transactions.TransactionCommands.register(registry);
  }
}
