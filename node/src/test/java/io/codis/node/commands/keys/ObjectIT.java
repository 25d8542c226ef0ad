package io.codis.node.commands.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.node.testing.DifferentialTestBase;
import org.junit.jupiter.api.Test;

/**
 * OBJECT against redis-server. Encodings are compared for values built in one step (Redis's depend
 * on history, ours on content only); IDLETIME is ours to answer (no access clock: 0).
 */
class ObjectIT extends DifferentialTestBase {

  private static String[] numbered(String prefix, int n, int width) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = prefix + "x".repeat(width) + i;
    }
    return out;
  }

  private static String[] pairs(String[] names, String value) {
    String[] out = new String[names.length * 2];
    for (int i = 0; i < names.length; i++) {
      out[2 * i] = names[i];
      out[2 * i + 1] = value;
    }
    return out;
  }

  private static String[] scored(String[] names) {
    String[] out = new String[names.length * 2];
    for (int i = 0; i < names.length; i++) {
      out[2 * i] = Integer.toString(i);
      out[2 * i + 1] = names[i];
    }
    return out;
  }

  @Test
  void encodings() throws Exception {
    String[][] strings = {{"i", "12345"}, {"neg", "-9223372036854775808"}, {"big", "9223372036854775808"},
        {"zero", "0"}, {"lead", "007"}, {"e", ""}, {"s", "hello"}, {"s44", "x".repeat(44)},
        {"s45", "x".repeat(45)}, {"sp", " 1"}};
    for (String[] kv : strings) {
      d.same("SET", kv[0], kv[1]);
      d.same("OBJECT", "ENCODING", kv[0]);
    }
    Fixtures.seedList(d, "l", "a");
    Fixtures.seedList(d, "lbig", numbered("e", 200, 100));
    Fixtures.seedHash(d, "h", "f", "v");
    Fixtures.seedHash(d, "hmany", pairs(numbered("f", 513, 1), "v"));
    Fixtures.seedHash(d, "h512", pairs(numbered("f", 512, 1), "v"));
    Fixtures.seedHash(d, "hlong", "f", "v".repeat(65));
    Fixtures.seedHash(d, "hlong64", "f", "v".repeat(64));
    Fixtures.seedSet(d, "si", "1", "2", "-3");
    Fixtures.seedSet(d, "ss", "1", "a");
    Fixtures.seedSet(d, "s513", numbered("", 513, 0));
    Fixtures.seedSet(d, "s512", numbered("", 512, 0));
    Fixtures.seedZSet(d, "z", "1", "a");
    Fixtures.seedZSet(d, "z129", scored(numbered("m", 129, 1)));
    Fixtures.seedZSet(d, "zlong", "1", "m".repeat(65));
    for (String key : new String[] {"l", "lbig", "h", "hmany", "h512", "hlong", "hlong64", "si", "ss",
        "s513", "s512", "z", "z129", "zlong"}) {
      d.same("OBJECT", "ENCODING", key);
    }
    d.same("OBJECT", "ENCODING", "nokey");
  }

  @Test
  void refcountFreqIdletime() throws Exception {
    d.same("SET", "small", "100");
    d.same("SET", "large", "10000");
    d.same("SET", "text", "abc");
    Fixtures.seedList(d, "l", "a");
    for (String key : new String[] {"small", "large", "text", "l", "nokey"}) {
      d.same("OBJECT", "REFCOUNT", key);
      d.same("OBJECT", "FREQ", key);
    }
    d.same("OBJECT", "IDLETIME", "nokey");
    d.sameType("OBJECT", "IDLETIME", "text");
    assertEquals(":0", d.ours().call("OBJECT", "IDLETIME", "text").toString());
  }

  @Test
  void helpAndErrors() throws Exception {
    d.same("OBJECT", "HELP");
    d.same("OBJECT", "help");
    d.same("OBJECT", "HELP", "extra");
    d.same("OBJECT");
    d.same("OBJECT", "FOO");
    d.same("OBJECT", "FOO", "k");
    d.same("OBJECT", "ENCODING");
    d.same("OBJECT", "ENCODING", "a", "b");
    d.same("OBJECT", "REFCOUNT");
  }
}
