package io.codis.node.commands.zsets;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import org.junit.jupiter.api.Test;

/**
 * RESP3 reply shapes: doubles as {@code ,} frames, WITHSCORES as [member, score] pairs, null as
 * {@code _}. Needs HELLO; skipped where the node does not have it yet.
 */
class ZSetResp3DifferentialIT extends DifferentialTestBase {
  private void hello3() throws Exception {
    Reply ours = d.ours().call("HELLO", "3");
    assumeFalse(ours instanceof Reply.Error, "HELLO is not available on this branch");
    d.reference().call("HELLO", "3");
  }

  @Test
  void resp3Shapes() throws Exception {
    hello3();
    d.same("ZADD", "z", "1", "a", "2.5", "b", "0.1", "c", "-0", "d", "inf", "e");
    d.same("ZSCORE", "z", "c");
    d.same("ZSCORE", "z", "missing");
    d.same("ZSCORE", "missing", "a");
    d.same("ZMSCORE", "z", "a", "x", "e");
    d.same("ZINCRBY", "z", "0.2", "c");
    d.same("ZADD", "z", "INCR", "1", "a");
    d.same("ZADD", "z", "XX", "INCR", "1", "nope");
    d.same("ZRANK", "z", "nope");
    d.same("ZRANGE", "z", "0", "-1");
    d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    d.same("ZRANGE", "z", "0", "0", "WITHSCORES");
    d.same("ZREVRANGEBYSCORE", "z", "+inf", "-inf", "WITHSCORES", "LIMIT", "1", "2");
    d.same("ZRANGE", "missing", "0", "-1", "WITHSCORES");
    d.same("ZUNION", "1", "z", "WITHSCORES");
    d.same("ZINTER", "2", "z", "z", "WITHSCORES");
    d.same("ZDIFF", "1", "z", "WITHSCORES");
    d.same("ZSCAN", "z", "0");
    d.compare(Reply::unordered,
        new byte[][] {"ZRANDMEMBER".getBytes(), "z".getBytes(), "10".getBytes(), "WITHSCORES".getBytes()});
    d.same("ZRANDMEMBER", "missing");
    d.same("ZRANDMEMBER", "missing", "2");
    d.same("ZPOPMIN", "z");
    d.same("ZPOPMIN", "z", "1");
    d.same("ZPOPMAX", "z", "2");
    d.same("ZPOPMIN", "z", "0");
    d.same("ZADD", "z", "1", "a", "2", "b");
    d.same("ZMPOP", "1", "z", "MIN");
    d.same("ZMPOP", "1", "missing", "MIN");
    d.same("BZPOPMIN", "z", "0");
    d.same("BZMPOP", "0.05", "1", "missing", "MAX");
    d.same("ZADD", "z", "1", "a");
  }

  @Test
  void resp3BlockingTimeoutIsNull() throws Exception {
    hello3();
    for (int port : new int[] {redis.port(), node.port()}) {
      try (RespClient c = new RespClient(port)) {
        c.call("HELLO", "3");
        Reply r = c.call("BZPOPMIN", "nothing", "0.1");
        org.junit.jupiter.api.Assertions.assertEquals("_", r.toString(), "port " + port);
      }
    }
  }
}
