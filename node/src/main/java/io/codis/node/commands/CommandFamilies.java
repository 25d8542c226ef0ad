package io.codis.node.commands;

import io.codis.node.exec.CommandRegistry;

/** Every command group's handlers, registered in one place. */
public final class CommandFamilies {
  private CommandFamilies() {}

  public static void registerAll(CommandRegistry registry) {
    io.codis.node.commands.connection.ConnectionCommands.register(registry);
    io.codis.node.commands.strings.StringCommands.register(registry);
    io.codis.node.commands.keys.KeyCommands.register(registry);
    io.codis.node.commands.server.ServerCommands.register(registry);
    io.codis.node.commands.hashes.HashCommands.register(registry);
    io.codis.node.commands.sets.SetCommands.register(registry);
    io.codis.node.commands.zsets.ZSetCommands.register(registry);
    io.codis.node.commands.lists.ListCommands.register(registry);
    io.codis.node.commands.pubsub.PubSubCommands.register(registry);
    io.codis.node.commands.transactions.TransactionCommands.register(registry);
    io.codis.node.commands.slots.SlotsCommands.register(registry);
    io.codis.node.migrate.MigrateCommands.register(registry);
    io.codis.node.commands.replication.ReplicationCommands.register(registry);
  }
}
