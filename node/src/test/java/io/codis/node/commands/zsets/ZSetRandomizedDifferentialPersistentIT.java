package io.codis.node.commands.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.node.NodeConfig;
import io.codis.node.persistence.PersistenceChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/**
 * The sorted set differential suite again, with the node started with {@code appendonly yes} (appendfsync
 * always, so every reply also goes through the hold-until-synced path); after each test the store
 * must hold exactly what the node serves.
 */
class ZSetRandomizedDifferentialPersistentIT extends ZSetRandomizedDifferentialIT {
  private Path dir;

  @Override
  protected NodeConfig nodeConfig() throws Exception {
    dir = Files.createTempDirectory("codis-zset-persistent");
    return NodeConfig.defaults().withDir(dir.toString())
        .withSetting("appendonly", "yes").withSetting("appendfsync", "always");
  }

  /** JUnit runs this before the base class's @AfterAll: stop the node (closing twice is harmless), then delete its data. */
  @AfterAll
  void deleteDataDirectory() throws Exception {
    node.close();
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void storeMatchesMemory() throws Exception {
    try (var c = node.client()) {
      assertEquals(PersistenceChecks.served(c), PersistenceChecks.stored(node.server()));
    }
  }
}
