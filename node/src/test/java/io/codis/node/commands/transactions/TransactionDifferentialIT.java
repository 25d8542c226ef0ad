package io.codis.node.commands.transactions;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.RespClient;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionDifferentialIT extends DifferentialTestBase {
  @AfterEach
  void leaveTransaction() throws Exception {
    d.ours().call("RESET");
    d.reference().call("RESET");
  }

  @Test
  void execRunsQueuedCommandsInOrder() throws Exception {
    d.same("MULTI");
    d.same("SET", "a", "1");
    d.same("GET", "a");
    d.same("ECHO", "e");
    d.same("GET", "nosuch");
    d.same("EXEC");
    d.same("GET", "a");
  }

  @Test
  void errorsOutsideATransaction() throws Exception {
    d.same("EXEC");
    d.same("DISCARD");
    d.same("UNWATCH");
    d.same("WATCH");
    d.same("MULTI", "x");
    d.same("EXEC", "x");
  }

  @Test
  void nestedMultiAndWatchInsideMultiDoNotAbort() throws Exception {
    d.same("MULTI");
    d.same("MULTI");
    d.same("WATCH", "a");
    d.same("SET", "a", "1");
    d.same("EXEC");
    d.same("GET", "a");
  }

  @Test
  void queuedRefusalAbortsWithExecabort() throws Exception {
    d.same("MULTI");
    d.same("SET", "a", "1");
    d.same("GET");
    d.same("NOSUCHCOMMAND");
    d.same("SET", "b", "2");
    d.same("EXEC");
    d.same("GET", "a");
    d.same("EXEC");
  }

  @Test
  void noMultiCommandsAreRefusedInsideMulti() throws Exception {
    d.same("MULTI");
    d.same("SHUTDOWN", "NOSAVE", "NOW", "FORCE", "ABORT", "x");
    d.same("EXEC");
  }

  @Test
  void runtimeErrorsInsideExecAreRepliesNotAborts() throws Exception {
    d.same("MULTI");
    d.same("CLIENT", "SETNAME", "bad name");
    d.same("SET", "t", "1");
    d.same("SELECT", "x");
    d.same("CLIENT", "SETNAME", "good");
    d.same("EXEC");
    d.same("GET", "t");
    d.same("CLIENT", "GETNAME");
  }

  @Test
  void discardDropsTheQueue() throws Exception {
    d.same("MULTI");
    d.same("SET", "a", "1");
    d.same("DISCARD");
    d.same("GET", "a");
    d.same("DISCARD");
  }

  @Test
  void emptyTransaction() throws Exception {
    d.same("MULTI");
    d.same("EXEC");
  }

  @Test
  void watchTouchedByAnotherClientNullsExec() throws Exception {
    try (RespClient ours2 = new RespClient(node.port()); RespClient ref2 = new RespClient(redis.port())) {
      d.same("SET", "w", "1");
      d.same("WATCH", "w");
      ours2.call("SET", "w", "2");
      ref2.call("SET", "w", "2");
      d.same("MULTI");
      d.same("SET", "w", "3");
      d.same("EXEC");
      d.same("GET", "w");
      // the watch ended with EXEC: a new transaction runs
      d.same("MULTI");
      d.same("SET", "w", "4");
      d.same("EXEC");
    }
  }

  @Test
  void watchUntouchedOrUnwatchedRuns() throws Exception {
    try (RespClient ours2 = new RespClient(node.port()); RespClient ref2 = new RespClient(redis.port())) {
      d.same("WATCH", "w", "x");
      ours2.call("SET", "other", "2");
      ref2.call("SET", "other", "2");
      d.same("MULTI");
      d.same("SET", "w", "3");
      d.same("EXEC");
      d.same("WATCH", "w");
      ours2.call("SET", "w", "9");
      ref2.call("SET", "w", "9");
      d.same("UNWATCH");
      d.same("MULTI");
      d.same("GET", "w");
      d.same("EXEC");
    }
  }

  @Test
  void watchSeesDeleteAndFlush() throws Exception {
    try (RespClient ours2 = new RespClient(node.port()); RespClient ref2 = new RespClient(redis.port())) {
      d.same("SET", "w", "1");
      d.same("WATCH", "w");
      ours2.call("FLUSHALL");
      ref2.call("FLUSHALL");
      d.same("MULTI");
      d.same("PING");
      d.same("EXEC");
    }
  }

  @Test
  void ownWritesBeforeMultiTouchTheWatch() throws Exception {
    d.same("WATCH", "w");
    d.same("SET", "w", "mine");
    d.same("MULTI");
    d.same("GET", "w");
    d.same("EXEC");
  }

  @Test
  void discardEndsWatch() throws Exception {
    try (RespClient ours2 = new RespClient(node.port()); RespClient ref2 = new RespClient(redis.port())) {
      d.same("WATCH", "w");
      d.same("MULTI");
      d.same("DISCARD");
      ours2.call("SET", "w", "2");
      ref2.call("SET", "w", "2");
      d.same("MULTI");
      d.same("GET", "w");
      d.same("EXEC");
    }
  }

  @Test
  void randomizedTransactions() throws Exception {
    Random random = new Random(20260511);
    String[] keys = {"k1", "k2", "k3"};
    try (RespClient ours2 = new RespClient(node.port()); RespClient ref2 = new RespClient(redis.port())) {
      for (int i = 0; i < 2000; i++) {
        String key = keys[random.nextInt(keys.length)];
        switch (random.nextInt(11)) {
          case 0 -> d.same("MULTI");
          case 1 -> d.same("EXEC");
          case 2 -> d.same("DISCARD");
          case 3 -> d.same("WATCH", key, keys[random.nextInt(keys.length)]);
          case 4 -> d.same("UNWATCH");
          case 5 -> d.same("SET", key, Integer.toString(random.nextInt(100)));
          case 6 -> d.same("CLIENT", "SETNAME", random.nextBoolean() ? "ok" + i : "not ok");
          case 7 -> d.same("GET", key);
          case 8 -> d.same("GET");
          case 9 -> {
            String v = Integer.toString(random.nextInt(100));
            ours2.call("SET", key, v);
            ref2.call("SET", key, v);
          }
          default -> d.same("ECHO", key);
        }
      }
    }
  }
}
