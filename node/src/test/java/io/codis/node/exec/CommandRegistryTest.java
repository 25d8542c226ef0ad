package io.codis.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.CommandTable;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every command-table row has a handler and every handler a row. Containers count through their
 * subcommands, plus themselves when callable alone (COMMAND).
 */
class CommandRegistryTest {
  @Test
  void rowsAndHandlersMatchOneToOne() {
    Set<String> rows = new TreeSet<>();
    for (CommandSpec spec : CommandTable.standard().all()) {
      if (spec.hasSubcommands()) {
        for (CommandSpec sub : spec.subcommands().values()) {
          rows.add(sub.name());
        }
        if (spec.arityAccepts(1)) {
          rows.add(spec.name()); // a container callable alone (COMMAND)
        }
      } else {
        rows.add(spec.name());
      }
    }
    Set<String> handlers = new TreeSet<>(CommandRegistry.standard().names());
    Set<String> rowsWithoutHandler = new TreeSet<>(rows);
    rowsWithoutHandler.removeAll(handlers);
    Set<String> handlersWithoutRow = new TreeSet<>(handlers);
    handlersWithoutRow.removeAll(rows);
    assertEquals(Set.of(), rowsWithoutHandler, "rows without a handler");
    assertEquals(Set.of(), handlersWithoutRow, "handlers without a row (or registered for a container)");
  }

  @Test
  void subcommandRowsAreNamedAfterTheirContainer() {
    for (CommandSpec spec : CommandTable.standard().all()) {
      for (var e : spec.subcommands().entrySet()) {
        assertEquals(spec.name() + "|" + e.getKey(), e.getValue().name());
      }
    }
  }
}
