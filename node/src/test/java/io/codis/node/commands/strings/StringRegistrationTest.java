package io.codis.node.commands.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.node.exec.CommandRegistry;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.CommandTable;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every row of the string and bitmap groups has a handler registered by this family, and no more. */
class StringRegistrationTest {

  @Test
  void rowsAndHandlersMatch() {
    Set<String> rows = new TreeSet<>();
    for (CommandSpec spec : CommandTable.standard().all()) {
      if (spec.group().equals("string") || spec.group().equals("bitmap")) {
        rows.add(spec.name());
      }
    }
    CommandRegistry registry = new CommandRegistry();
    StringCommands.register(registry);
    assertEquals(rows, new TreeSet<>(registry.names()));
    assertEquals(29, rows.size());
  }
}
