package io.codis.node.commands.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.codis.node.keyspace.Keyspace;
import io.codis.node.keyspace.ListValue;
import io.codis.node.server.Session;
import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Differential tests of the string family, with two helpers the family needs before the other
 * families are merged: a key of another type (for WRONGTYPE) and a look at our key's absolute expiry
 * (TTL is not a string command), both done on the node's event loop so they never race a command.
 */
abstract class StringsTestBase extends DifferentialTestBase {

  /** Makes {@code key} a one-element list on both servers. */
  void wrongType(String key) throws Exception {
    d.reference().call("DEL", key);
    d.reference().call("RPUSH", key, "element");
    if (target != null) {
      // No event loop to reach behind a proxy; the list family is there to make the key.
      d.ours().call("DEL", key);
      d.ours().call("RPUSH", key, "element");
      return;
    }
    onLoop(() -> {
      ListValue list = new ListValue();
      list.addLast("element".getBytes(StandardCharsets.UTF_8));
      Keyspace keyspace = node.server().services().keyspace();
      keyspace.put(key.getBytes(StandardCharsets.UTF_8), list);
      return null;
    });
  }

  /** Our absolute expiry of {@code key} in epoch ms, -1 when none (or no key). */
  long ourExpireAtMs(String key) throws Exception {
    if (target != null) {
      long ms = assertInstanceOf(Reply.Int.class, d.ours().call("PEXPIRETIME", key)).value();
      return ms < 0 ? -1 : ms;
    }
    return onLoop(() -> node.server().services().keyspace().expireAt(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** Redis's absolute expiry of {@code key} in epoch ms (PEXPIRETIME), -1 or -2 as Redis says. */
  long referenceExpireAtMs(String key) throws Exception {
    Reply reply = d.reference().call("PEXPIRETIME", key);
    return assertInstanceOf(Reply.Int.class, reply).value();
  }

  /** Asserts both servers hold the same absolute expiry for {@code key}, within {@code slackMs}. */
  void sameExpiry(String key, long slackMs) throws Exception {
    long reference = referenceExpireAtMs(key);
    long ours = ourExpireAtMs(key);
    if (reference < 0) {
      assertEquals(-1, ours, "expiry of " + key + " (redis has none)");
    } else {
      assertEquals(reference, ours, (double) slackMs, "expiry of " + key);
    }
  }

  /**
   * Switches both connections to RESP3. HELLO is not a string command, so our session is switched
   * directly, as HELLO 3 would; redis-server gets a real HELLO 3.
   */
  void resp3() throws Exception {
    d.reference().call("HELLO", "3");
    onLoop(() -> {
      node.server().services().clients().all().iterator().next().writer().protocol(3);
      return null;
    });
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    // Our own connection has a session, and its channel's event loop is the execution thread.
    d.ours().call("PING");
    Session session = node.server().services().clients().all().iterator().next();
    return session.channel().eventLoop().submit(task).get();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
