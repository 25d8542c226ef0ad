package io.codis.node.replication;

import static io.codis.node.replication.ReplicationFixture.node;

import io.codis.node.replication.ReplicationFixture.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh temporary directory per test plus everything the test opened (nodes, clients,
 * redis-server processes), closed newest first after the test even when it failed, then the
 * directory deleted. Register with {@code @RegisterExtension final NodeSandbox sandbox = new
 * NodeSandbox("name")}.
 */
final class NodeSandbox implements BeforeEachCallback, AfterEachCallback {
  private final String prefix;
  private final List<AutoCloseable> open = new ArrayList<>();
  private Path dir;

  NodeSandbox(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory(prefix);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
    open.clear();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** This test's directory (deleted after the test). */
  Path dir() {
    return dir;
  }

  /** Closes {@code c} after the test. */
  <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  /**
   * A node on {@code port} (0 = any) whose directory is {@code sub} of this test's directory
   * ({@code ""}: the test's directory itself).
   */
  Node start(int port, String sub, String... settings) throws Exception {
    Files.createDirectories(dir.resolve(sub));
    return track(node(port, dir.resolve(sub).toString(), settings));
  }
}
