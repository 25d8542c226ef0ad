package io.codis.node.commands.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Blocking list commands with several real clients. Each scenario runs against redis-server and
 * then against our node, logging every reply in the order the scenario reads them; the two logs
 * must be equal. Producers write only after {@link Target#awaitBlocked} saw the consumers blocked,
 * so the order of service is deterministic on both servers.
 */
class BlockingListIT extends DifferentialTestBase {

  @FunctionalInterface
  interface Scenario {
    void run(Target t, List<String> log) throws Exception;
  }

  private List<String> runOn(Target target, Scenario scenario) throws Exception {
    List<String> log = new ArrayList<>();
    try (target) {
      scenario.run(target, log);
    }
    return log;
  }

  /** Runs the scenario on both servers and compares the logs; returns ours. */
  private List<String> same(Scenario scenario) throws Exception {
    List<String> expected = runOn(Target.redis(redis.port()), scenario);
    List<String> actual = runOn(Target.ours(node), scenario);
    assertEquals(String.join("\n", expected), String.join("\n", actual));
    return actual;
  }

  private static void log(List<String> log, String label, Reply reply) {
    log.add(label + " " + reply);
  }

  @Test
  void argumentErrorsAndImmediateService() throws Exception {
    d.same("SET", "str", "v");
    for (String timeout : new String[] {"abc", "-1", "-0.5", "inf", "-inf", "+inf", "1e20", "-1e20",
        "9223372036854775807", "nan", "", " 1", "1 ", "1.7976931348623157e308", "0x", "1e5000", "1e-5000", "-0.0011", "1e400"}) {
      d.same("BLPOP", "str", timeout);
      d.same("BRPOP", "str", "other", timeout);
      d.same("BLMOVE", "str", "dst", "LEFT", "RIGHT", timeout);
      d.same("BRPOPLPUSH", "str", "dst", timeout);
      d.same("BLMPOP", timeout, "1", "str", "LEFT");
    }
    // Valid timeouts reach the type check.
    for (String timeout : new String[] {"0", "1", "+1", "0.5", "9223372036854", "9223372036854775"}) {
      d.same("BLPOP", "str", timeout);
      d.same("BLMOVE", "str", "dst", "LEFT", "LEFT", timeout);
      d.same("BLMPOP", timeout, "1", "str", "RIGHT");
    }
    d.same("RPUSH", "l", "a", "b", "c", "d", "e");
    d.same("BLPOP", "missing", "l", "0");
    d.same("BRPOP", "l", "str", "0");
    d.same("BLPOP", "str", "l", "0");
    d.same("BLPOP", "missing", "str", "l", "0");
    d.same("BRPOPLPUSH", "l", "dst", "0");
    d.same("BLMOVE", "l", "dst", "RIGHT", "LEFT", "1");
    d.same("BLMOVE", "l", "str", "RIGHT", "LEFT", "1");
    d.same("BLMOVE", "l", "dst", "UP", "LEFT", "1");
    d.same("BLMOVE", "l", "dst", "LEFT", "DOWN", "abc");
    d.same("BLMOVE", "l", "dst", "LEFT", "LEFT", "abc");
    d.same("BLMPOP", "0", "2", "missing", "dst", "LEFT", "COUNT", "10");
    d.same("BLMPOP", "0", "2", "missing", "l", "RIGHT");
    d.same("BLMPOP", "0", "0", "l", "RIGHT");
    d.same("BLMPOP", "abc", "0", "l", "RIGHT");
    d.same("BLMPOP", "abc", "1", "l", "MIDDLE");
    d.same("BLMPOP", "abc", "1", "l", "LEFT", "COUNT", "0");
    d.same("BLMPOP", "-1", "1", "l", "LEFT", "COUNT", "1");
    d.same("BLMPOP", "0", "3", "l", "RIGHT");
    d.same("BLMPOP", "0", "1", "l", "RIGHT", "COUNT");
    d.same("BLMPOP", "0", "1", "l", "RIGHT", "COUNT", "2", "COUNT", "2");
    d.same("BLMPOP", "0", "x", "l", "RIGHT");
    d.same("BLMPOP", "0", "1", "l");
    d.same("BLPOP", "l");
    d.same("BLMOVE", "l", "dst", "LEFT", "LEFT");
    d.same("LRANGE", "dst", "0", "-1");
    d.same("GET", "l");
  }

  @Test
  void clientsBlockedOnOneKeyAreServedFirstComeFirstServed() throws Exception {
    same((t, log) -> {
      RespClient a = t.client();
      RespClient b = t.client();
      RespClient c = t.client();
      RespClient producer = t.client();
      a.send("BLPOP", "q", "0");
      t.awaitBlocked(1);
      b.send("BRPOP", "q", "0");
      t.awaitBlocked(2);
      c.send("BLPOP", "q", "0");
      t.awaitBlocked(3);
      log(log, "push", producer.call("RPUSH", "q", "x", "y"));
      log(log, "a", a.read());
      log(log, "b", b.read());
      t.awaitBlocked(1);
      log(log, "len", producer.call("LLEN", "q"));
      log(log, "push", producer.call("LPUSH", "q", "z", "w"));
      log(log, "c", c.read());
      log(log, "rest", producer.call("LRANGE", "q", "0", "-1"));
      t.awaitBlocked(0);
    });
  }

  @Test
  void aClientBlockedOnSeveralKeysIsServedByTheFirstKeyThatGetsData() throws Exception {
    same((t, log) -> {
      RespClient a = t.client();
      RespClient b = t.client();
      RespClient producer = t.client();
      a.send("BLPOP", "k1", "k2", "k3", "0");
      t.awaitBlocked(1);
      b.send("BLMPOP", "0", "3", "k3", "k2", "k1", "RIGHT", "COUNT", "2");
      t.awaitBlocked(2);
      log(log, "str", producer.call("SET", "k1", "string"));
      // A key turning into another type wakes nobody; a list on the last key does.
      log(log, "push", producer.call("RPUSH", "k3", "a", "b", "c", "d"));
      log(log, "a", a.read());
      log(log, "b", b.read());
      log(log, "rest", producer.call("LRANGE", "k3", "0", "-1"));
      t.awaitBlocked(0);
    });
  }

  @Test
  void aKeyOfAnotherTypeLeavesTheClientBlockedInItsPlace() throws Exception {
    same((t, log) -> {
      RespClient a = t.client();
      RespClient b = t.client();
      RespClient producer = t.client();
      a.send("BLPOP", "k1", "k2", "0");
      t.awaitBlocked(1);
      b.send("BLPOP", "k2", "0");
      t.awaitBlocked(2);
      log(log, "set", producer.call("SET", "k1", "now a string"));
      t.awaitBlocked(2);
      log(log, "push", producer.call("RPUSH", "k2", "v1"));
      log(log, "a", a.read());
      t.awaitBlocked(1);
      log(log, "push", producer.call("RPUSH", "k2", "v2"));
      log(log, "b", b.read());
    });
  }

  @Test
  void blmoveFeedsAClientBlockedOnItsDestination() throws Exception {
    same((t, log) -> {
      RespClient mover = t.client();
      RespClient popper = t.client();
      RespClient chained = t.client();
      RespClient producer = t.client();
      popper.send("BRPOP", "dst", "0");
      t.awaitBlocked(1);
      mover.send("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
      t.awaitBlocked(2);
      chained.send("BRPOPLPUSH", "dst2", "src", "0");
      t.awaitBlocked(3);
      log(log, "push", producer.call("LPUSH", "src", "x"));
      log(log, "mover", mover.read());
      log(log, "popper", popper.read());
      log(log, "dst", producer.call("LRANGE", "dst", "0", "-1"));
      log(log, "push2", producer.call("RPUSH", "dst2", "y"));
      log(log, "chained", chained.read());
      log(log, "src", producer.call("LRANGE", "src", "0", "-1"));
      t.awaitBlocked(0);
    });
  }

  @Test
  void blmoveWokenIntoAWrongTypeDestinationFailsAndLeavesTheSource() throws Exception {
    same((t, log) -> {
      RespClient mover = t.client();
      RespClient producer = t.client();
      mover.send("BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
      t.awaitBlocked(1);
      log(log, "set", producer.call("SET", "dst", "string"));
      log(log, "push", producer.call("RPUSH", "src", "a", "b"));
      log(log, "mover", mover.read());
      log(log, "src", producer.call("LRANGE", "src", "0", "-1"));
      t.awaitBlocked(0);
    });
  }

  @Test
  void blmoveOntoItselfRotatesAndFeedsTheNextClient() throws Exception {
    same((t, log) -> {
      RespClient a = t.client();
      RespClient b = t.client();
      RespClient producer = t.client();
      a.send("BLMOVE", "ring", "ring", "LEFT", "RIGHT", "0");
      t.awaitBlocked(1);
      b.send("BLPOP", "ring", "0");
      t.awaitBlocked(2);
      log(log, "push", producer.call("RPUSH", "ring", "only"));
      log(log, "a", a.read());
      log(log, "b", b.read());
      log(log, "ring", producer.call("LLEN", "ring"));
    });
  }

  @Test
  void timeoutsAnswerNullWithinABound() throws Exception {
    List<String> ours = same((t, log) -> {
      RespClient a = t.client();
      String[][] commands = {
        {"BLPOP", "none", "0.1"},
        {"BRPOP", "none", "other", "0.05"},
        {"BLMOVE", "none", "dst", "LEFT", "RIGHT", "0.1"},
        {"BRPOPLPUSH", "none", "dst", "0.1"},
        {"BLMPOP", "0.1", "2", "none", "other", "LEFT", "COUNT", "3"},
      };
      for (String[] command : commands) {
        long started = System.nanoTime();
        Reply reply = a.call(command);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        log(log, command[0], reply);
        double timeoutMs = Double.parseDouble(command[0].equals("BLMPOP") ? command[1]
            : command[command.length - 1]) * 1000;
        assertTrue(elapsedMs >= timeoutMs - 5 && elapsedMs < timeoutMs + 2_000,
            t.name() + " " + command[0] + " took " + elapsedMs + " ms");
      }
      log(log, "ping", a.call("PING"));
      log(log, "dst", a.call("LLEN", "dst"));
    });
    assertEquals("BLPOP *nil", ours.get(0));
  }

  @Test
  void aTimedOutClientNoLongerTakesData() throws Exception {
    same((t, log) -> {
      RespClient a = t.client();
      RespClient b = t.client();
      RespClient producer = t.client();
      a.send("BLPOP", "q", "0.05");
      t.awaitBlocked(1);
      b.send("BLPOP", "q", "0");
      t.awaitBlocked(2);
      log(log, "a", a.read());
      t.awaitBlocked(1);
      log(log, "push", producer.call("RPUSH", "q", "v"));
      log(log, "b", b.read());
    });
  }

  @Test
  void pipelinedCommandsOfABlockedClientAreAnsweredAfterItIsServed() throws Exception {
    same((t, log) -> {
      RespClient a = t.client();
      RespClient producer = t.client();
      StringBuilder pipeline = new StringBuilder();
      for (String[] command : new String[][] {
        {"BLPOP", "q", "0"}, {"PING"}, {"LLEN", "q"}, {"BLPOP", "q", "0"}, {"ECHO", "after"},
        {"RPUSH", "q", "own"}, {"LPOP", "q"}}) {
        pipeline.append('*').append(command.length).append("\r\n");
        for (String arg : command) {
          pipeline.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
      }
      a.sendRaw(pipeline.toString());
      t.awaitBlocked(1);
      log(log, "push", producer.call("RPUSH", "q", "first", "second"));
      for (int i = 0; i < 4; i++) {
        log(log, "a", a.read());
      }
      // The second BLPOP found "second" at once; nothing blocked.
      log(log, "a", a.read());
      log(log, "a", a.read());
      log(log, "a", a.read());
      log(log, "push", producer.call("LLEN", "q"));
    });
  }

  @Test
  void aServedClientThatBlocksAgainGoesToTheBackOfTheQueue() throws Exception {
    same((t, log) -> {
      RespClient a = t.client();
      RespClient b = t.client();
      RespClient producer = t.client();
      a.sendRaw("*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n");
      t.awaitBlocked(1);
      b.send("BLPOP", "q", "0");
      t.awaitBlocked(2);
      log(log, "push", producer.call("RPUSH", "q", "1"));
      log(log, "a", a.read());
      t.awaitBlocked(2);
      log(log, "push", producer.call("RPUSH", "q", "2"));
      log(log, "b", b.read());
      log(log, "push", producer.call("RPUSH", "q", "3"));
      log(log, "a", a.read());
    });
  }

  @Test
  void aClientThatDisconnectsWhileBlockedTakesNothing() throws Exception {
    same((t, log) -> {
      RespClient gone = t.client();
      RespClient b = t.client();
      RespClient producer = t.client();
      gone.send("BLPOP", "q", "0");
      t.awaitBlocked(1);
      b.send("BRPOPLPUSH", "q", "dst", "0");
      t.awaitBlocked(2);
      gone.close();
      t.awaitBlocked(1);
      log(log, "push", producer.call("RPUSH", "q", "x", "y"));
      log(log, "b", b.read());
      log(log, "q", producer.call("LRANGE", "q", "0", "-1"));
      log(log, "dst", producer.call("LRANGE", "dst", "0", "-1"));
    });
  }

  /** Regression: the registry deduplicated keys with List.contains, quadratic in the key count. */
  @Test
  void blockingOnAHundredThousandKeysIsQuick() throws Exception {
    same((t, log) -> {
      int keys = 100_000;
      String[] command = new String[keys + 2];
      command[0] = "BLPOP";
      for (int i = 0; i < keys; i++) {
        command[i + 1] = "key:" + (i % 2 == 0 ? i : i - 1); // half of them repeated
      }
      command[keys + 1] = "0";
      RespClient a = t.client();
      RespClient producer = t.client();
      long started = System.nanoTime();
      a.send(command);
      t.awaitBlocked(1);
      log(log, "push", producer.call("RPUSH", "key:99998", "last"));
      log(log, "a", a.read());
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      assertTrue(elapsedMs < 5_000, t.name() + " took " + elapsedMs + " ms");
    });
  }

  @Test
  void blockingCommandsInsideMultiActAsTimeouts() throws Exception {
    assumeTrue(Target.ours(node).supportsMulti(), "MULTI/EXEC not on this branch yet");
    same((t, log) -> {
      RespClient a = t.client();
      log(log, "multi", a.call("MULTI"));
      log(log, "q", a.call("BLPOP", "none", "0"));
      log(log, "q", a.call("BRPOP", "none", "1"));
      log(log, "q", a.call("BLMOVE", "none", "dst", "LEFT", "LEFT", "0"));
      log(log, "q", a.call("BRPOPLPUSH", "none", "dst", "0"));
      log(log, "q", a.call("BLMPOP", "0", "1", "none", "LEFT"));
      log(log, "q", a.call("RPUSH", "some", "v1", "v2", "v3", "v4"));
      log(log, "q", a.call("BLPOP", "none", "some", "0"));
      log(log, "q", a.call("BLMOVE", "some", "dst", "LEFT", "LEFT", "0"));
      log(log, "q", a.call("BLMPOP", "0", "1", "some", "RIGHT", "COUNT", "5"));
      log(log, "q", a.call("BLPOP", "none", "-1"));
      log(log, "exec", a.call("EXEC"));
      log(log, "ping", a.call("PING"));
    });
  }

  @Test
  void blockedClientsAreServedAfterExecCompletes() throws Exception {
    assumeTrue(Target.ours(node).supportsMulti(), "MULTI/EXEC not on this branch yet");
    same((t, log) -> {
      RespClient a = t.client();
      RespClient b = t.client();
      RespClient producer = t.client();
      a.send("BLPOP", "k1", "k2", "0");
      t.awaitBlocked(1);
      b.send("BLPOP", "k3", "0");
      t.awaitBlocked(2);
      log(log, "multi", producer.call("MULTI"));
      log(log, "q", producer.call("RPUSH", "k3", "gone"));
      log(log, "q", producer.call("LPOP", "k3"));
      log(log, "q", producer.call("RPUSH", "k2", "a"));
      log(log, "q", producer.call("RPUSH", "k1", "b"));
      log(log, "q", producer.call("LPUSH", "k2", "c"));
      log(log, "exec", producer.call("EXEC"));
      log(log, "a", a.read());
      log(log, "k1", producer.call("LRANGE", "k1", "0", "-1"));
      log(log, "k2", producer.call("LRANGE", "k2", "0", "-1"));
      t.awaitBlocked(1);
      log(log, "push", producer.call("RPUSH", "k3", "late"));
      log(log, "b", b.read());
    });
  }

  @Test
  void resp3NullsOfTimeoutsAndMulti() throws Exception {
    assumeTrue(Target.ours(node).supportsResp3(), "HELLO 3 not on this branch yet");
    same((t, log) -> {
      RespClient a = t.client();
      a.call("HELLO", "3");
      log(log, "blpop", a.call("BLPOP", "none", "0.01"));
      log(log, "blmove", a.call("BLMOVE", "none", "d", "LEFT", "LEFT", "0.01"));
      log(log, "blmpop", a.call("BLMPOP", "0.01", "1", "none", "LEFT"));
      log(log, "lpop", a.call("LPOP", "none", "1"));
      log(log, "lpop", a.call("LPOP", "none"));
      log(log, "lmpop", a.call("LMPOP", "1", "none", "LEFT"));
      log(log, "lpos", a.call("LPOS", "none", "x"));
      log(log, "lindex", a.call("LINDEX", "none", "0"));
      log(log, "lmove", a.call("LMOVE", "none", "d", "LEFT", "LEFT"));
    });
  }
}
