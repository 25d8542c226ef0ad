package io.codis.node.exec;

import io.codis.node.commands.CommandFamilies;
import java.util.HashMap;
import java.util.Map;

/**
 * Handlers by command-table name ({@code "get"}, {@code "config|get"}). Built once; the test
 * {@code CommandRegistryTest} checks that every row of the table has a handler and every handler a
 * row.
 */
public final class CommandRegistry {
  private final Map<String, CommandHandler> handlers = new HashMap<>();

  public static CommandRegistry standard() {
    CommandRegistry registry = new CommandRegistry();
    CommandFamilies.registerAll(registry);
    return registry;
  }

  /** Registers the handler of the row named {@code name}; each name once. */
  public CommandRegistry register(String name, CommandHandler handler) {
    if (handlers.putIfAbsent(name, handler) != null) {
      throw new IllegalStateException("handler registered twice: " + name);
    }
    return this;
  }

  public CommandHandler get(String name) {
    return handlers.get(name);
  }

  public java.util.Set<String> names() {
    return handlers.keySet();
  }
}
