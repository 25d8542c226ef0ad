package io.codis.node.commands.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP with real waiting clients: the same scenario runs against our node
 * and redis-server and the transcripts of every client's replies must be equal.
 */
class ZSetBlockingDifferentialIT extends DifferentialTestBase {
  /** Time for a sent blocking command to reach the server and block before the next step. */
  private static final long SETTLE_MS = 150;

  @FunctionalInterface
  interface Scenario {
    void run(int port, List<String> transcript) throws Exception;
  }

  private void same(Scenario scenario) throws Exception {
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    scenario.run(redis.port(), expected);
    scenario.run(node.port(), actual);
    assertEquals(expected, actual);
    assertTrue(!expected.isEmpty());
  }

  @Test
  void waitersAreServedInArrivalOrder() throws Exception {
    same((port, t) -> {
      try (RespClient a = new RespClient(port); RespClient b = new RespClient(port);
          RespClient c2 = new RespClient(port); RespClient w = new RespClient(port)) {
        a.send("BZPOPMIN", "k", "0");
        Thread.sleep(SETTLE_MS);
        b.send("BZPOPMAX", "k", "0");
        Thread.sleep(SETTLE_MS);
        c2.send("BZMPOP", "0", "1", "k", "MIN", "COUNT", "5");
        Thread.sleep(SETTLE_MS);
        t.add(w.call("ZADD", "k", "1", "x", "2", "y", "3", "z", "4", "v").toString());
        t.add(a.read().toString());
        t.add(b.read().toString());
        t.add(c2.read().toString());
        t.add(w.call("ZCARD", "k").toString());
      }
    });
  }

  @Test
  void oneElementServesOnlyTheFirstWaiter() throws Exception {
    same((port, t) -> {
      try (RespClient a = new RespClient(port); RespClient b = new RespClient(port);
          RespClient w = new RespClient(port)) {
        a.send("BZPOPMIN", "k", "0");
        Thread.sleep(SETTLE_MS);
        b.send("BZPOPMIN", "k", "0.6");
        Thread.sleep(SETTLE_MS);
        t.add(w.call("ZADD", "k", "1", "x").toString());
        t.add(a.read().toString());
        t.add(b.read().toString()); // times out: null array
        t.add(b.call("PING").toString());
      }
    });
  }

  @Test
  void timeoutRepliesNullArray() throws Exception {
    same((port, t) -> {
      try (RespClient a = new RespClient(port)) {
        long start = System.nanoTime();
        t.add(a.call("BZPOPMIN", "nothing", "other", "0.2").toString());
        t.add(a.call("BZMPOP", "0.2", "2", "nothing", "other", "MAX").toString());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        t.add(elapsedMs >= 350 ? "waited" : "returned early after " + elapsedMs + " ms");
        t.add(a.call("PING").toString());
      }
    });
  }

  @Test
  void servedFromTheKeyThatWasWrittenAndNotFromOtherTypes() throws Exception {
    same((port, t) -> {
      try (RespClient a = new RespClient(port); RespClient w = new RespClient(port)) {
        a.send("BZPOPMAX", "k1", "k2", "0");
        Thread.sleep(SETTLE_MS);
        t.add(w.call("SET", "k1", "string").toString());
        Thread.sleep(SETTLE_MS);
        t.add(w.call("ZADD", "k2", "5", "m", "6", "n").toString());
        t.add(a.read().toString());
        t.add(w.call("ZRANGE", "k2", "0", "-1").toString());
      }
    });
  }

  @Test
  void commandsSentWhileBlockedRunAfterwards() throws Exception {
    same((port, t) -> {
      try (RespClient a = new RespClient(port); RespClient w = new RespClient(port)) {
        a.send("BZPOPMIN", "k", "0");
        a.send("ZCARD", "k");
        Thread.sleep(SETTLE_MS);
        t.add(w.call("ZADD", "k", "1", "x", "2", "y").toString());
        t.add(a.read().toString());
        t.add(a.read().toString());
      }
    });
  }

  @Test
  void nonEmptyKeyAnswersAtOnce() throws Exception {
    d.same("ZADD", "k", "1", "a", "2", "b", "3", "c");
    d.same("BZPOPMIN", "missing", "k", "0");
    d.same("BZPOPMAX", "k", "0");
    d.same("BZMPOP", "0", "1", "k", "MIN", "COUNT", "9");
    d.same("ZCARD", "k");
  }
}
