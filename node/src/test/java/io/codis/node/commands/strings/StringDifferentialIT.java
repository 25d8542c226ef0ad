package io.codis.node.commands.strings;

import io.codis.node.testing.DifferentialTestBase;
import org.junit.jupiter.api.Test;

class StringDifferentialIT extends DifferentialTestBase {
  @Test
  void getAndSet() throws Exception {
    d.same("GET", "missing");
    d.same("SET", "k", "v");
    d.same("GET", "k");
    d.same("GET");
    d.same("NOSUCHCOMMAND", "a", "b");
  }
}
