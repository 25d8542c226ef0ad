package io.codis.node.commands.strings;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.node.NodeConfig;
import io.codis.node.testing.Differential;
import io.codis.node.testing.RedisServerProcess;
import io.codis.node.testing.TestNode;
import io.codis.protocol.resp.RespLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The largest string a command may build (proto-max-bulk-len), at the limit and one past it, with
 * the limit lowered to 1 MB on both servers so the test allocates little.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StringLimitsIT {
  private static final int LIMIT = 1024 * 1024;
  private TestNode node;
  private RedisServerProcess redis;
  private Differential d;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
    node = TestNode.start(NodeConfig.defaults().withRespLimits(RespLimits.DEFAULTS.withBulkBytesMax(LIMIT)));
    redis = RedisServerProcess.start("--proto-max-bulk-len", Integer.toString(LIMIT));
    d = new Differential(node.port(), redis.port());
  }

  @AfterAll
  void stop() throws Exception {
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

  @Test
  void setrangeAndAppend() throws Exception {
    d.same("SETRANGE", "r", Integer.toString(LIMIT - 1), "x");
    d.same("STRLEN", "r");
    d.same("SETRANGE", "r", Integer.toString(LIMIT), "x");
    d.same("SETRANGE", "r", Integer.toString(LIMIT - 1), "xy");
    d.same("SETRANGE", "r2", Integer.toString(LIMIT - 1), "xy");
    d.same("SETRANGE", "r2", Integer.toString(LIMIT), "");
    d.same("APPEND", "r", "z");
    d.same("SETRANGE", "a", Integer.toString(LIMIT - 11), "0123456789");
    d.same("APPEND", "a", "");
    d.same("APPEND", "a", "x");
    d.same("APPEND", "a", "y");
    d.same("STRLEN", "a");
    d.same("GETRANGE", "a", "-12", "-1");
  }

  @Test
  void bitOffsets() throws Exception {
    long bits = (long) LIMIT * 8;
    d.same("SETBIT", "b", Long.toString(bits - 1), "1");
    d.same("SETBIT", "b", Long.toString(bits), "1");
    d.same("GETBIT", "b", Long.toString(bits - 1));
    d.same("GETBIT", "b", Long.toString(bits));
    d.same("STRLEN", "b");
    d.same("BITCOUNT", "b");
    d.same("BITPOS", "b", "1");
    d.same("BITFIELD", "f", "SET", "u8", Long.toString(bits - 8), "255");
    d.same("STRLEN", "f");
    // The offset is within the limit but the field runs past it: Redis lets the string grow.
    d.same("BITFIELD", "f", "SET", "u8", Long.toString(bits - 1), "255");
    d.same("STRLEN", "f");
    d.same("BITFIELD", "f", "SET", "u8", Long.toString(bits), "255");
    d.same("BITFIELD", "g", "SET", "i64", "#" + (bits / 64 - 1), "-1", "GET", "i64", "#" + (bits / 64 - 1));
    d.same("BITFIELD", "g", "SET", "i64", "#" + (bits / 64), "-1");
    d.same("BITFIELD_RO", "g", "GET", "i64", "#" + (bits / 64));
    d.same("STRLEN", "g");
  }
}
