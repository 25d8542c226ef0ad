package io.codis.node.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of differential tests: one node and one redis-server for the class, both flushed before each
 * test. Subclasses call {@code d.same(...)} and friends. Without redis-server on the PATH the tests
 * are skipped (CI installs it, so there they always run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DifferentialTestBase {
  protected TestNode node;
  protected RedisServerProcess redis;
  protected Differential d;

  @BeforeAll
  void startServers() throws Exception {
    assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
    node = TestNode.start(nodeConfig());
    redis = RedisServerProcess.start();
    d = new Differential(node.port(), redis.port());
  }

  /** The node's start-up settings; a subclass may turn persistence on. */
  protected io.codis.node.NodeConfig nodeConfig() throws Exception {
    return io.codis.node.NodeConfig.defaults();
  }

  @BeforeEach
  void flush() throws Exception {
    d.ours().call("FLUSHALL");
    d.reference().call("FLUSHALL");
  }

  @AfterAll
  void stopServers() throws Exception {
    if (d != null) {
      d.close();
    }
    if (node != null) {
      node.close();
    }
    if (redis != null) {
      redis.close();
    }
  }
}
