package io.codis.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.node.NodeConfig;
import io.codis.node.persistence.PersistenceChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of differential tests: one node and one redis-server for the class, both flushed before each
 * test. Subclasses call {@code d.same(...)} and friends. Without redis-server on the PATH the tests
 * are skipped (CI installs it, so there they always run).
 *
 * <p>With the system property {@value DifferentialTarget#PROPERTY} set, the suite talks to that
 * {@link DifferentialTarget} instead of an in-JVM node ({@link #node} is then a
 * {@link TestNode#remote} stand-in), and each test the target names a reason for is skipped with it.
 *
 * <p>A subclass that returns true from {@link #persistent()} runs the same suite with the node on
 * {@code appendonly yes, appendfsync always} (every reply through the hold-until-synced path), and
 * after each test the store must hold exactly what the node serves.
 *
 * <p>The memory-tier switch: with {@code -Dcodis.test.maxmemory=N} (or {@code
 * CODIS_TEST_MAXMEMORY=N}) the persistent suites also run with {@code maxmemory N}, so the node
 * warms lazily and evicts values to disk-only; {@code 1} makes every value go cold before every
 * command, so each command reloads what it touches from RocksDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DifferentialTestBase {
  protected TestNode node;
  protected RedisServerProcess redis;
  protected Differential d;
  /** What the suite talks to instead of an in-JVM node, or null; see the class comment. */
  protected DifferentialTarget target;
  private Path dataDir;

  /** True to run the suite with persistence on; see the class comment. */
  protected boolean persistent() {
    return false;
  }

  @BeforeAll
  void startServers() throws Exception {
    assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
    target = DifferentialTarget.fromSystemProperty();
    if (target != null) {
      assumeTrue(!persistent(), "persistent suites check an in-JVM node's store");
      String why = target.skipReason(getClass(), "*");
      assumeTrue(why == null, why);
      node = TestNode.remote(target.port());
      redis = RedisServerProcess.start();
      d = new Differential(node.port(), redis.port());
      return;
    }
    NodeConfig config = NodeConfig.defaults();
    if (persistent()) {
      dataDir = Files.createTempDirectory("codis-differential-persistent");
      config = config.withDir(dataDir.toString())
          .withSetting("appendonly", "yes").withSetting("appendfsync", "always");
      String maxmemory = tierMaxmemory();
      if (maxmemory != null) {
        config = config.withSetting("maxmemory", maxmemory);
      }
    }
    node = TestNode.start(config);
    redis = RedisServerProcess.start();
    d = new Differential(node.port(), redis.port());
  }

  /** The memory-tier switch (see the class comment), or null. */
  public static String tierMaxmemory() {
    String value = System.getProperty("codis.test.maxmemory", System.getenv("CODIS_TEST_MAXMEMORY"));
    return value == null || value.isBlank() ? null : value.trim();
  }

  @BeforeEach
  void flush(TestInfo test) throws Exception {
    if (target != null) {
      String why = target.skipReason(getClass(), test.getTestMethod().map(m -> m.getName()).orElse(""));
      assumeTrue(why == null, why);
    }
    d.ours().call("FLUSHALL");
    d.reference().call("FLUSHALL");
  }

  @AfterEach
  void storeMatchesMemory() throws Exception {
    if (persistent()) {
      try (RespClient c = node.client()) {
        assertEquals(PersistenceChecks.served(c), PersistenceChecks.stored(node.server()));
      }
    }
  }

  @AfterAll
  void stopServers() throws Exception {
    if (d != null) {
      d.close();
    }
    if (target != null) {
      target.close();
    }
    if (node != null) {
      node.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (dataDir != null) {
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
