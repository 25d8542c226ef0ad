package io.codis.node.commands.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionDifferentialIT extends DifferentialTestBase {
  /** HELLO and CLIENT ID differ only in the client id. */
  private static final Function<Reply, String> WITHOUT_ID =
      r -> r.toString().replaceAll("\\$\"id\", :\\d+", "\\$\"id\", :ID");

  @AfterEach
  void backToResp2() throws Exception {
    d.ours().call("HELLO", "2");
    d.reference().call("HELLO", "2");
  }

  @Test
  void pingEchoSelect() throws Exception {
    d.same("PING");
    d.same("PING", "hello");
    d.same("PING", "a", "b");
    d.same("ECHO", "x\r\ny");
    d.same("ECHO");
    d.same("SELECT", "0");
    d.same("SELECT", "x");
    d.same("SELECT", "99999999999999");
  }

  @Test
  void selectOtherDatabasesAnswersAsRedisCluster() throws Exception {
    assertEquals("-ERR SELECT is not allowed in cluster mode", d.ours().call("SELECT", "1").toString());
    assertEquals("-ERR SELECT is not allowed in cluster mode", d.ours().call("SELECT", "-1").toString());
  }

  @Test
  void authWithoutPasswordConfigured() throws Exception {
    d.same("AUTH", "pw");
    d.same("AUTH", "default", "pw");
    d.same("AUTH", "nobody", "pw");
    d.same("AUTH", "a", "b", "c");
    d.same("AUTH");
  }

  @Test
  void hello() throws Exception {
    d.compare(WITHOUT_ID, b("HELLO"));
    d.compare(WITHOUT_ID, b("HELLO", "2"));
    d.same("HELLO", "4");
    d.same("HELLO", "1");
    d.same("HELLO", "x");
    d.same("HELLO", "3", "FOO");
    d.same("HELLO", "3", "AUTH", "default");
    d.same("HELLO", "3", "AUTH", "bob", "pw");
    d.same("HELLO", "3", "SETNAME", "bad name");
    d.compare(WITHOUT_ID, b("HELLO", "2", "AUTH", "default", "any", "SETNAME", "conn1"));
    d.same("CLIENT", "GETNAME");
    d.compare(WITHOUT_ID, b("HELLO", "3"));
    // RESP3 replies from now on
    d.same("PING");
    d.same("CLIENT", "GETNAME");
    d.same("CLIENT", "TRACKINGINFO");
    d.same("CONFIG", "GET", "maxclients");
    d.same("SET", "k", "v");
    d.same("GET", "nosuch");
    d.compare(WITHOUT_ID, b("HELLO"));
  }

  @Test
  void clientNames() throws Exception {
    d.same("CLIENT", "GETNAME");
    d.same("CLIENT", "SETNAME", "a b");
    d.same("CLIENT", "SETNAME", "a\nb");
    d.same("CLIENT", "SETNAME", "conn-1");
    d.same("CLIENT", "GETNAME");
    d.same("CLIENT", "SETNAME", "");
    d.same("CLIENT", "GETNAME");
    d.same("CLIENT", "SETNAME");
    d.sameType("CLIENT", "ID");
    d.same("CLIENT", "NOSUCH");
    d.same("CLIENT");
    d.same("CLIENT", "HELP");
  }

  @Test
  void clientSmallSubcommands() throws Exception {
    d.same("CLIENT", "NO-EVICT", "on");
    d.same("CLIENT", "NO-EVICT", "off");
    d.same("CLIENT", "NO-EVICT", "maybe");
    d.same("CLIENT", "GETREDIR");
    d.same("CLIENT", "TRACKINGINFO");
    d.same("CLIENT", "CACHING", "yes");
    d.same("CLIENT", "UNPAUSE");
    d.same("CLIENT", "UNBLOCK", "999999");
    d.same("CLIENT", "UNBLOCK", "x");
    d.same("CLIENT", "UNBLOCK", "1", "maybe");
    d.same("CLIENT", "PAUSE", "x");
    d.same("CLIENT", "PAUSE", "-1");
    d.same("CLIENT", "PAUSE", "10", "SOMETIMES");
    d.same("CLIENT", "REPLY", "maybe");
    d.same("CLIENT", "REPLY", "ON");
  }

  @Test
  void clientReplyOffAndSkip() throws Exception {
    for (var c : new io.codis.node.testing.RespClient[] {d.ours(), d.reference()}) {
      c.send("CLIENT", "REPLY", "OFF");
      c.send("SET", "a", "1");
      c.send("CLIENT", "REPLY", "SKIP");
      c.send("SET", "b", "2");
      assertEquals("+OK", c.call("CLIENT", "REPLY", "ON").toString());
      c.send("CLIENT", "REPLY", "SKIP");
      c.send("GET", "a");
      assertEquals("$\"2\"", c.call("GET", "b").toString());
    }
  }

  @Test
  void clientKillErrors() throws Exception {
    d.same("CLIENT", "KILL", "1.2.3.4:5");
    d.same("CLIENT", "KILL", "ID", "x");
    d.same("CLIENT", "KILL", "ID", "0");
    d.same("CLIENT", "KILL", "ID", "99999");
    d.same("CLIENT", "KILL", "TYPE", "foo");
    d.same("CLIENT", "KILL", "TYPE", "pubsub");
    d.same("CLIENT", "KILL", "USER", "bob");
    d.same("CLIENT", "KILL", "SKIPME", "maybe");
    d.same("CLIENT", "KILL", "FOO", "bar");
    d.same("CLIENT", "KILL", "ID", "1", "TYPE");
    d.same("CLIENT", "KILL", "ADDR", "1.2.3.4:5", "SKIPME", "yes");
    d.same("CLIENT", "LIST", "TYPE", "foo");
    d.same("CLIENT", "LIST", "ID", "x");
    d.same("CLIENT", "LIST", "FOO");
  }

  @Test
  void clientListHasRedisFieldsInRedisOrder() throws Exception {
    d.ours().call("CLIENT", "SETNAME", "me");
    d.reference().call("CLIENT", "SETNAME", "me");
    String ours = ((Reply.Bulk) d.ours().call("CLIENT", "INFO")).text();
    String theirs = ((Reply.Bulk) d.reference().call("CLIENT", "INFO")).text();
    assertEquals(fieldNames(theirs), fieldNames(ours));
    assertTrue(ours.endsWith("\n"));
    assertTrue(ours.contains(" name=me "), ours);
    assertTrue(ours.contains(" cmd=client|info "), ours);
    assertTrue(ours.contains(" flags=N "), ours);
    String list = ((Reply.Bulk) d.ours().call("CLIENT", "LIST")).text();
    for (String line : list.split("\n")) {
      assertEquals(fieldNames(theirs), fieldNames(line + "\n"));
    }
    String id = d.ours().call("CLIENT", "ID").toString().substring(1);
    String only = ((Reply.Bulk) d.ours().call("CLIENT", "LIST", "ID", id)).text();
    assertTrue(only.startsWith("id=" + id + " ") && only.indexOf('\n') == only.length() - 1, only);
  }

  @Test
  void reset() throws Exception {
    d.same("CLIENT", "SETNAME", "x");
    d.same("MULTI");
    d.same("SET", "a", "1");
    d.same("RESET");
    d.same("CLIENT", "GETNAME");
    d.same("EXEC");
    d.same("GET", "a");
    d.same("RESET", "x");
  }

  private static String fieldNames(String line) {
    StringBuilder names = new StringBuilder();
    for (String field : line.strip().split(" ")) {
      names.append(field, 0, field.indexOf('=')).append(' ');
    }
    return names.toString();
  }

  private static byte[][] b(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}
