package io.codis.node.commands.keys;

import static io.codis.node.commands.keys.Fixtures.sameValue;
import static io.codis.node.commands.keys.Fixtures.seedHash;
import static io.codis.node.commands.keys.Fixtures.seedList;
import static io.codis.node.commands.keys.Fixtures.seedSet;
import static io.codis.node.commands.keys.Fixtures.seedZSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DEL UNLINK EXISTS TOUCH TYPE RENAME RENAMENX COPY MOVE KEYS RANDOMKEY against redis-server. */
class KeyCommandsIT extends DifferentialTestBase {

  private void seedAllTypes() throws Exception {
    d.same("SET", "str", "v");
    seedList(d, "list", "a", "b", "c");
    seedHash(d, "hash", "f1", "v1", "f2", "v2");
    seedSet(d, "set", "x", "y");
    seedZSet(d, "zset", "1", "a", "2.5", "b");
  }

  @Test
  void delUnlinkExistsTouch() throws Exception {
    seedAllTypes();
    d.same("EXISTS", "str", "str", "nokey", "list", "hash", "set", "zset");
    d.same("TOUCH", "str", "str", "nokey", "zset");
    d.same("DEL", "str", "str", "nokey");
    d.same("EXISTS", "str");
    d.same("UNLINK", "list", "hash", "list");
    d.same("DEL", "set", "zset", "nothing");
    d.same("EXISTS", "set", "zset", "list", "hash");
    d.same("DEL");
    d.same("EXISTS");
    d.same("UNLINK");
    d.same("TOUCH");
    d.same("DEL", "");
    d.same("SET", "", "empty-name");
    d.same("EXISTS", "", "");
    d.same("DEL", "");
    d.same(new byte[][] {Fixtures.bytes("SET"), {0, (byte) 0xff, '\r', '\n'}, Fixtures.bytes("bin")});
    d.same(new byte[][] {Fixtures.bytes("EXISTS"), {0, (byte) 0xff, '\r', '\n'}});
    d.same(new byte[][] {Fixtures.bytes("DEL"), {0, (byte) 0xff, '\r', '\n'}});
  }

  @Test
  void type() throws Exception {
    seedAllTypes();
    for (String key : new String[] {"str", "list", "hash", "set", "zset", "nokey"}) {
      d.same("TYPE", key);
    }
    d.same("TYPE");
    d.same("TYPE", "a", "b");
  }

  @Test
  void rename() throws Exception {
    seedAllTypes();
    d.same("RENAME", "nokey", "other");
    d.same("RENAME", "nokey", "nokey");
    d.same("RENAME", "str", "str");
    d.same("RENAME", "str", "str2");
    d.same("GET", "str2");
    d.same("EXISTS", "str");
    d.same("RENAME", "list", "str2"); // overwrites a key of another type
    sameValue(d, "str2");
    d.same("TYPE", "str2");
    d.same("PEXPIRE", "hash", "100000");
    d.same("RENAME", "hash", "hash2");
    d.same("PERSIST", "hash2"); // the TTL moved with the value
    sameValue(d, "hash2");
    d.same("SET", "plain", "1");
    d.same("EXPIRE", "plain", "100");
    d.same("SET", "target", "2");
    d.same("RENAME", "target", "plain"); // the destination's TTL is not kept
    d.same("TTL", "plain");
    d.same("RENAME", "a");
    d.same("RENAME", "a", "b", "c");
  }

  @Test
  void renamenx() throws Exception {
    seedAllTypes();
    d.same("RENAMENX", "nokey", "x");
    d.same("RENAMENX", "nokey", "nokey");
    d.same("RENAMENX", "str", "str");
    d.same("RENAMENX", "str", "set");
    d.same("GET", "str");
    sameValue(d, "set");
    d.same("EXPIRE", "zset", "1000");
    d.same("RENAMENX", "zset", "zset2");
    d.same("TTL", "zset2");
    sameValue(d, "zset2");
    d.same("EXISTS", "zset");
  }

  @Test
  void copy() throws Exception {
    seedAllTypes();
    d.same("COPY", "nokey", "x");
    d.same("COPY", "nokey", "nokey");
    d.same("COPY", "str", "str");
    d.same("COPY", "str", "str", "DB", "0");
    for (String key : new String[] {"str", "list", "hash", "set", "zset"}) {
      d.same("COPY", key, key + "-copy");
      sameValue(d, key + "-copy");
      d.same("COPY", key, key + "-copy");
      d.same("COPY", key, "str", "REPLACE", "DB", "0");
      sameValue(d, "str");
      d.same("TYPE", "str");
    }
    d.same("DEL", "str");
    d.same("SET", "str", "v");
    d.same("PEXPIRE", "str", "50000");
    d.same("COPY", "str", "ttl-copy");
    Reply pttl = d.ours().call("PTTL", "ttl-copy");
    long ms = ((Reply.Int) pttl).value();
    assertTrue(ms > 40000 && ms <= 50000, "copied TTL " + ms);
    // The copy is independent of the source.
    d.same("COPY", "list", "l2");
    d.same("DEL", "list");
    sameValue(d, "l2");
    // Option errors, in Redis's order.
    d.same("COPY", "str", "x", "DB");
    d.same("COPY", "str", "x", "DB", "abc");
    d.same("COPY", "str", "x", "DB", "-1");
    d.same("COPY", "str", "x", "DB", "16");
    d.same("COPY", "str", "x", "DB", "4294967296");
    d.same("COPY", "str", "x", "REPLACE", "REPLACE", "foo");
    d.same("COPY", "str", "x", "foo");
    d.same("COPY", "str");
  }

  /** One database, like a Redis Cluster node: these answers come from a cluster-mode redis-server. */
  @Test
  void copyToOtherDatabaseAndMoveAreRefusedAsInCluster() throws Exception {
    try (var c = node.client()) {
      c.call("SET", "k", "v");
      assertEquals("-ERR Copying to another database is not allowed in cluster mode",
          c.call("COPY", "k", "k2", "DB", "1").toString());
      assertEquals("-ERR Copying to another database is not allowed in cluster mode",
          c.call("COPY", "k", "k", "DB", "15").toString());
      assertEquals("-ERR DB index is out of range", c.call("COPY", "k", "k2", "DB", "16").toString());
      assertEquals("-ERR syntax error", c.call("COPY", "k", "k2", "DB", "1", "bad").toString());
      assertEquals(":0", c.call("EXISTS", "k2").toString());
      assertEquals("-ERR MOVE is not allowed in cluster mode", c.call("MOVE", "k", "1").toString());
      assertEquals("-ERR MOVE is not allowed in cluster mode", c.call("MOVE", "nokey", "x").toString());
      assertEquals("-ERR wrong number of arguments for 'move' command", c.call("MOVE", "k").toString());
      assertEquals("$\"v\"", c.call("GET", "k").toString());
    }
  }

  @Test
  void keys() throws Exception {
    seedAllTypes();
    for (String k : new String[] {"hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h[a]llo",
        "a\\b", "", "user:1", "user:2", "user:10", "x^y", "-", "]"}) {
      d.same("SET", k, "1");
    }
    String[] patterns = {"*", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h[b-a]llo",
        "h\\*llo", "h[\\]]llo", "user:?", "user:*", "*[0-9]", "a\\\\b", "**", "[", "[^", "h[a",
        "\\", "*o", "?", "", "x^y", "[-]", "[]]", "*s*", "[!-/]", "nomatch*"};
    for (String p : patterns) {
      d.sameUnordered("KEYS", p);
    }
    d.same("KEYS");
    d.same("KEYS", "a", "b");
    d.same("FLUSHALL");
    d.same("KEYS", "*");
  }

  @Test
  void keysSkipsExpiredKeys() throws Exception {
    d.same("SET", "a", "1");
    d.same("SET", "b", "1");
    d.same("PEXPIRE", "a", "1");
    Thread.sleep(20);
    d.sameUnordered("KEYS", "*");
  }

  @Test
  void randomKey() throws Exception {
    d.same("RANDOMKEY");
    d.same("SET", "only", "1");
    d.same("RANDOMKEY");
    seedAllTypes();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Reply r = d.sameType("RANDOMKEY");
      seen.add(((Reply.Bulk) r).text());
    }
    assertEquals(Set.of("only", "str", "list", "hash", "set", "zset"), seen);
    d.same("RANDOMKEY", "extra");
  }

  @Test
  void randomKeySkipsExpiredKeys() throws Exception {
    try (var c = node.client()) {
      for (int i = 0; i < 500; i++) {
        c.call("SET", "gone" + i, "v");
        c.call("PEXPIRE", "gone" + i, "1");
      }
      c.call("SET", "live", "v");
      Thread.sleep(20);
      for (int i = 0; i < 20; i++) {
        assertEquals("$\"live\"", c.call("RANDOMKEY").toString());
      }
    }
  }
}
