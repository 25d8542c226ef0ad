package io.codis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where codisctl looks for the metaservers, in order. */
class DiscoveryTest {
  @TempDir
  Path dir;

  @Test
  void flagThenEnvironmentThenConfigFileThenLocalDefault() throws Exception {
    Path first = dir.resolve("a.toml");
    Path second = dir.resolve("b.toml");
    Files.writeString(first, "# no meta here\nother = 1\n");
    Files.writeString(second, "[cluster]\nmeta = [\"10.0.0.1:7200\", \"10.0.0.2:7200\"]  # peers\n");
    List<Path> files = List.of(first, second, dir.resolve("missing.toml"));
    Map<String, String> env = Map.of("CODIS_META", "e:1,e:2");

    assertEquals(new Discovery.Found(List.of("f:1", "f:2"), "--meta"), Discovery.find("f:1, f:2", env, files));
    assertEquals(new Discovery.Found(List.of("e:1", "e:2"), "CODIS_META"), Discovery.find(null, env, files));
    assertEquals(new Discovery.Found(List.of("10.0.0.1:7200", "10.0.0.2:7200"), second.toString()),
        Discovery.find(null, Map.of(), files));
    assertEquals(List.of("127.0.0.1:19200", "127.0.0.1:19201", "127.0.0.1:19202"),
        Discovery.find("", Map.of("CODIS_META", " "), List.of()).addrs());
  }

  @Test
  void quotedStringForm() throws Exception {
    Path f = dir.resolve("codis.toml");
    Files.writeString(f, "meta = \"h1:1,h2:2\"\n");
    assertEquals(List.of("h1:1", "h2:2"), Discovery.readConfig(f));
  }

  @Test
  void configFilesInTheUsualPlaces() {
    assertEquals(List.of(Path.of("codis.toml"), Path.of("/home/u/.config/codis/codis.toml"),
        Path.of("/etc/codis/codis.toml")), Discovery.configFiles(Map.of("HOME", "/home/u")));
    assertEquals(Path.of("/x/codis/codis.toml"),
        Discovery.configFiles(Map.of("HOME", "/home/u", "XDG_CONFIG_HOME", "/x")).get(1));
  }
}
