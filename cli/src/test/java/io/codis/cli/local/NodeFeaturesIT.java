package io.codis.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * local up passes --meta/--announce only to a node whose --help lists them: checked against stand-in
 * launchers (a process each, well under a second).
 */
class NodeFeaturesIT {
  @TempDir
  Path home;

  private NodeFeatures withHelp(String help) throws Exception {
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("bin/codis-node"), "#!/usr/bin/env bash\necho '" + help + "'\n");
    return NodeFeatures.probe(home);
  }

  @Test
  void flagsAreUsedOnlyWhenTheNodeListsBoth() throws Exception {
    assertEquals(new NodeFeatures(true), withHelp("Usage: codis-node [--meta=<meta>] [--announce=<addr>]"));
    assertEquals(new NodeFeatures(false), withHelp("Usage: codis-node [--meta=<meta>]"));
    assertEquals(new NodeFeatures(false), NodeFeatures.probe(home.resolve("nothing-here")));
  }
}
