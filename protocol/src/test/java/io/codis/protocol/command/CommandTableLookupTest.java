package io.codis.protocol.command;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CommandTableLookupTest {
  private final CommandTable table = CommandTable.standard();

  private CommandSpec bytes(String name) {
    return table.lookup(name.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void everyRowIsFoundByItsBytesInAnyCase() {
    for (CommandSpec spec : table.all()) {
      assertSame(spec, bytes(spec.name()), spec.name());
      assertSame(spec, bytes(spec.name().toUpperCase(Locale.ROOT)), spec.name());
      assertSame(spec, table.lookup(spec.name().toUpperCase(Locale.ROOT)), spec.name());
    }
  }

  @Test
  void unknownNamesAreNotFound() {
    assertNull(bytes("nosuchcommand"));
    assertNull(bytes(""));
    assertNull(bytes("ge"));
    assertNull(bytes("gett"));
    assertNull(bytes("g\u00c5t")); // a non-ASCII byte never folds onto an ASCII letter
    assertNull(bytes("x".repeat(40)));
  }
}
