package io.codis.node.commands.hashes;

import static io.codis.node.commands.hashes.CollectionReplies.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every hash command against a real redis-server, edge cases included (RESP2). */
class HashDifferentialIT extends DifferentialTestBase {

  @Test
  void setAndGet() throws Exception {
    d.same("HSET", "h", "a", "1");
    d.same("HSET", "h", "a", "2", "b", "3", "a", "4");
    d.same("HGET", "h", "a");
    d.same("HGET", "h", "missing");
    d.same("HGET", "nokey", "a");
    d.same("HSET", "h", "odd");
    d.same("HSET", "h", "a", "1", "b");
    d.same("HMSET", "h", "c", "5", "d", "6");
    d.same("HMSET", "h", "c");
    d.same("HMSET", "h", "c", "5", "d");
    d.same("HSETNX", "h", "a", "new");
    d.same("HSETNX", "h", "z", "new");
    d.same("HSETNX", "fresh", "f", "v");
    d.same("HMGET", "h", "a", "zz", "z", "a");
    d.same("HMGET", "nokey", "a", "b");
    d.same("HLEN", "h");
    d.same("HLEN", "nokey");
    d.same("HSTRLEN", "h", "z");
    d.same("HSTRLEN", "h", "zz");
    d.same("HSTRLEN", "nokey", "zz");
    d.same("HEXISTS", "h", "a");
    d.same("HEXISTS", "h", "zz");
    d.same("HEXISTS", "nokey", "a");
    d.same("HSET", "h", "", "");
    d.same("HGET", "h", "");
    d.same("HSTRLEN", "h", "");
    d.samePairsUnordered("HGETALL", "h");
  }

  @Test
  void arity() throws Exception {
    d.same("HSET", "h", "a");
    d.same("HSETNX", "h", "a");
    d.same("HGET", "h");
    d.same("HMGET", "h");
    d.same("HDEL", "h");
    d.same("HLEN");
    d.same("HKEYS", "h", "x");
    d.same("HINCRBY", "h", "a");
    d.same("HINCRBYFLOAT", "h", "a", "1", "2");
    d.same("HRANDFIELD");
    d.same("HSCAN", "h");
  }

  @Test
  void binaryFieldsAndValues() throws Exception {
    d.same(bytes("HSET", "bin", "\u0000\u00ff\r\n", "\u0001\u0000v", "f\u0000", "x"));
    d.same(bytes("HGET", "bin", "\u0000\u00ff\r\n"));
    d.same(bytes("HGET", "bin", "f"));
    d.same(bytes("HEXISTS", "bin", "f\u0000"));
    d.same(bytes("HSTRLEN", "bin", "\u0000\u00ff\r\n"));
    d.compare(Reply::unorderedPairs, bytes("HGETALL", "bin"));
    d.same(bytes("HDEL", "bin", "\u0000\u00ff\r\n", "f\u0000"));
    d.same(bytes("HLEN", "bin"));
    d.same(bytes("GET", "bin"));
  }

  @Test
  void deleteRemovesEmptyHash() throws Exception {
    d.same("HSET", "h", "a", "1", "b", "2");
    d.same("HDEL", "h", "a", "a", "zz");
    d.same("HDEL", "h", "b", "b");
    d.same("HLEN", "h");
    d.same("GET", "h");
    d.same("HDEL", "h", "b");
    d.same("HDEL", "nokey", "b");
    d.same("SET", "h", "now a string");
    d.same("GET", "h");
  }

  @Test
  void wrongType() throws Exception {
    d.same("SET", "s", "x");
    for (String[] cmd : new String[][] {
        {"HSET", "s", "a", "1"}, {"HMSET", "s", "a", "1"}, {"HSETNX", "s", "a", "1"},
        {"HGET", "s", "a"}, {"HMGET", "s", "a"}, {"HDEL", "s", "a"}, {"HLEN", "s"},
        {"HSTRLEN", "s", "a"}, {"HEXISTS", "s", "a"}, {"HKEYS", "s"}, {"HVALS", "s"},
        {"HGETALL", "s"}, {"HINCRBY", "s", "a", "1"}, {"HINCRBYFLOAT", "s", "a", "1"},
        {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "2"}, {"HRANDFIELD", "s", "-2", "WITHVALUES"},
        {"HSCAN", "s", "0"}, {"HSCAN", "s", "0", "COUNT", "0"}}) {
      d.same(cmd);
    }
    // Argument errors come first where Redis checks them first.
    d.same("HSET", "s", "a");
    d.same("HINCRBY", "s", "a", "x");
    d.same("HINCRBYFLOAT", "s", "a", "x");
    d.same("HRANDFIELD", "s", "x");
    d.same("HRANDFIELD", "s", "1", "bad");
    d.same("HSCAN", "s", "bad");
    d.same("GET", "s");
  }

  @Test
  void listings() throws Exception {
    d.same("HKEYS", "nokey");
    d.same("HVALS", "nokey");
    d.same("HGETALL", "nokey");
    d.same("HSET", "h", "a", "1", "b", "2", "c", "3");
    d.sameUnordered("HKEYS", "h");
    d.sameUnordered("HVALS", "h");
    d.samePairsUnordered("HGETALL", "h");
  }

  @Test
  void hincrby() throws Exception {
    d.same("HINCRBY", "h", "n", "5");
    d.same("HINCRBY", "h", "n", "-7");
    d.same("HINCRBY", "h", "n", "0");
    d.same("HINCRBY", "h", "n", "x");
    d.same("HINCRBY", "h", "n", "1.5");
    d.same("HINCRBY", "h", "n", " 1");
    d.same("HINCRBY", "h", "n", "01");
    d.same("HINCRBY", "h", "n", "9223372036854775808");
    d.same("HSET", "h", "max", "9223372036854775807", "min", "-9223372036854775808");
    d.same("HINCRBY", "h", "max", "1");
    d.same("HINCRBY", "h", "max", "0");
    d.same("HINCRBY", "h", "max", "-9223372036854775808");
    d.same("HINCRBY", "h", "min", "-1");
    d.same("HINCRBY", "h", "min", "9223372036854775807");
    d.same("HSET", "h", "text", "abc", "spaced", " 1", "zero", "007", "float", "1.0", "empty", "");
    d.same("HINCRBY", "h", "text", "1");
    d.same("HINCRBY", "h", "spaced", "1");
    d.same("HINCRBY", "h", "zero", "1");
    d.same("HINCRBY", "h", "float", "1");
    d.same("HINCRBY", "h", "empty", "1");
    d.same("HINCRBY", "fresh", "f", "-9223372036854775808");
    d.same("HINCRBY", "fresh2", "f", "x");
    d.same("HLEN", "fresh2");
    d.samePairsUnordered("HGETALL", "h");
  }

  @Test
  void hincrbyfloat() throws Exception {
    d.same("HSET", "h", "g", "10.5");
    String[] increments = {"0.1", "0.1", "-0.3", "1e3", "3.0e0", "1.", ".5", "+.25", "-0", "0x10",
        "0x1.8p3", "1e-20", "123456789012345678901234567890", "-123456789012345678901234567890",
        "0.333333333333333333333", "1e308", "1e4000", "-1e4000", "7e-3", "5"};
    for (String inc : increments) {
      d.same("HINCRBYFLOAT", "h", "g", inc);
      d.same("HINCRBYFLOAT", "h", "fresh-" + inc, inc);
    }
    String[] invalid = {"abc", "", " 1", "1 ", "1e", "e5", ".", "-", "nan", "NaN", "inf", "-inf",
        "infinity", "1e5000", "1e-5000", "0x", "1.5.5", "--1", "1d", "1f", "0x1p"};
    for (String inc : invalid) {
      d.same("HINCRBYFLOAT", "h", "g", inc);
    }
    d.same("HSET", "h", "text", "abc", "inf", "inf", "spaced", " 1", "hex", "0x1p4", "exp", "2e2",
        "empty", "");
    d.same("HINCRBYFLOAT", "h", "text", "1");
    d.same("HINCRBYFLOAT", "h", "inf", "1");
    d.same("HINCRBYFLOAT", "h", "spaced", "1");
    d.same("HINCRBYFLOAT", "h", "hex", "1");
    d.same("HINCRBYFLOAT", "h", "exp", "1");
    d.same("HINCRBYFLOAT", "h", "empty", "1");
    d.same("HSET", "h", "big", "1e4932");
    d.same("HINCRBYFLOAT", "h", "big", "1e4932");
    d.same("HINCRBYFLOAT", "h", "big", "-1e4932");
    d.same("HINCRBYFLOAT", "new", "f", "inf");
    d.same("HLEN", "new");
    d.samePairsUnordered("HGETALL", "h");
  }

  @Test
  void hincrbyfloatSequenceKeepsExtendedPrecision() throws Exception {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 300; i++) {
      String inc = switch (random.nextInt(4)) {
        case 0 -> Integer.toString(random.nextInt(2000) - 1000);
        case 1 -> (random.nextInt(2000) - 1000) + "." + random.nextInt(1000);
        case 2 -> random.nextInt(10) + "e" + (random.nextInt(40) - 20);
        default -> Double.toString(random.nextDouble() * 1000 - 500);
      };
      d.same("HINCRBYFLOAT", "h", "f" + random.nextInt(3), inc);
    }
  }

  @Test
  void hrandfield() throws Exception {
    d.same("HRANDFIELD", "nokey");
    d.same("HRANDFIELD", "nokey", "5");
    d.same("HRANDFIELD", "nokey", "-5", "WITHVALUES");
    d.same("HRANDFIELD", "nokey", "0");
    d.same("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
    Set<String> all = Set.of("a", "b", "c", "d", "e", "1", "2", "3", "4", "5");
    CollectionReplies.sameRandom(d, all, "HRANDFIELD", "h");
    d.same("HRANDFIELD", "h", "0");
    d.same("HRANDFIELD", "h", "0", "WITHVALUES");
    for (String count : new String[] {"1", "2", "3", "4", "-1", "-3", "-20"}) {
      CollectionReplies.sameRandom(d, all, "HRANDFIELD", "h", count);
      Reply withValues = CollectionReplies.sameRandom(d, all, "HRANDFIELD", "h", count, "withvalues");
      java.util.List<String> flat = CollectionReplies.texts(withValues);
      for (int i = 0; i < flat.size(); i += 2) {
        assertEquals(flat.get(i).charAt(0) - 'a' + 1, Integer.parseInt(flat.get(i + 1)), "pair " + flat);
      }
    }
    Reply distinct = d.compare(CollectionReplies::shape, bytes("HRANDFIELD", "h", "4"));
    assertEquals(4, Set.copyOf(CollectionReplies.texts(distinct)).size(), "distinct picks " + distinct);
    d.sameUnordered("HRANDFIELD", "h", "5");
    d.sameUnordered("HRANDFIELD", "h", "9223372036854775807");
    d.samePairsUnordered("HRANDFIELD", "h", "6", "WITHVALUES");
    d.same("HRANDFIELD", "h", "-9223372036854775808");
    d.same("HRANDFIELD", "h", "9223372036854775808");
    d.same("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES");
    d.same("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES");
    d.same("HRANDFIELD", "h", "1", "WITHVALUES", "x");
    d.same("HRANDFIELD", "h", "1", "WITHVALUE");
    d.same("HRANDFIELD", "h", "x");
  }

  @Test
  void hrandfieldOnLargeHash() throws Exception {
    java.util.Set<String> all = new java.util.HashSet<>();
    for (int i = 0; i < 300; i++) {
      d.same("HSET", "big", "f" + i, "v" + i);
      all.add("f" + i);
      all.add("v" + i);
    }
    for (String count : new String[] {"10", "99", "100", "101", "250", "299", "-50"}) {
      Reply r = CollectionReplies.sameRandom(d, all, "HRANDFIELD", "big", count);
      if (!count.startsWith("-")) {
        assertEquals(Integer.parseInt(count), Set.copyOf(CollectionReplies.texts(r)).size());
      }
    }
    d.sameUnordered("HRANDFIELD", "big", "300");
  }

  @Test
  void hscanSmallHashReturnsEverything() throws Exception {
    d.same("HSCAN", "nokey", "0");
    d.same("HSCAN", "nokey", "0", "COUNT", "0");
    d.same("HSCAN", "nokey", "bad");
    d.same("HSET", "h", "a1", "1", "a2", "2", "b1", "3", "b2", "4", "c", "5");
    for (String[] options : new String[][] {{}, {"COUNT", "1"}, {"MATCH", "a*"}, {"MATCH", "*1"},
        {"MATCH", "*"}, {"MATCH", "b?"}, {"match", "[ab]2", "count", "2"}, {"MATCH", "zz*"},
        {"COUNT", "9223372036854775807"}, {"MATCH", "a*", "MATCH", "b*"}}) {
      for (String cursor : new String[] {"0", "17", "-1", "+5", "", "007", "5\u0000x"}) {
        String[] cmd = new String[3 + options.length];
        cmd[0] = "HSCAN";
        cmd[1] = "h";
        cmd[2] = cursor;
        System.arraycopy(options, 0, cmd, 3, options.length);
        d.compare(r -> CollectionReplies.scanUnordered(r, true), bytes(cmd));
      }
    }
    for (String bad : new String[] {"x", " 1", "1 ", "-", "+", "18446744073709551616",
        "-18446744073709551616", "1.5"}) {
      d.same("HSCAN", "h", bad);
    }
    d.compare(r -> CollectionReplies.scanUnordered(r, true), bytes("HSCAN", "h", "18446744073709551615"));
    d.same("HSCAN", "h", "0", "COUNT", "0");
    d.same("HSCAN", "h", "0", "COUNT", "-1");
    d.same("HSCAN", "h", "0", "COUNT", "x");
    d.same("HSCAN", "h", "0", "COUNT");
    d.same("HSCAN", "h", "0", "MATCH");
    d.same("HSCAN", "h", "0", "TYPE", "string");
    d.same("HSCAN", "h", "0", "NOVALUES");
  }

  @Test
  void hscanLargeHashVisitsEveryField() throws Exception {
    for (int i = 0; i < 500; i++) {
      d.same("HSET", "big", "field:" + i, "v");
    }
    Set<String> expected = CollectionReplies.scanAll(d.reference(), "HSCAN", "big", true);
    assertEquals(500, expected.size());
    assertEquals(expected, CollectionReplies.scanAll(d.ours(), "HSCAN", "big", true));
    assertEquals(expected, CollectionReplies.scanAll(d.ours(), "HSCAN", "big", true, "COUNT", "1"));
    assertEquals(CollectionReplies.scanAll(d.reference(), "HSCAN", "big", true, "MATCH", "*7*"),
        CollectionReplies.scanAll(d.ours(), "HSCAN", "big", true, "MATCH", "*7*", "COUNT", "3"));
    Reply first = d.ours().call("HSCAN", "big", "0", "COUNT", "5");
    java.util.List<Reply> parts = ((Reply.Arr) first).items();
    org.junit.jupiter.api.Assertions.assertNotEquals("0", CollectionReplies.text(parts.get(0)),
        "a hash table is scanned in steps");
    // Shrinking keeps the hash-table encoding in Redis: COUNT larger than the hash still ends at once.
    for (int i = 10; i < 500; i++) {
      d.same("HDEL", "big", "field:" + i);
    }
    d.compare(r -> CollectionReplies.scanUnordered(r, true), bytes("HSCAN", "big", "0", "COUNT", "100"));
  }

  @Test
  void hscanLongValueLeavesListpack() throws Exception {
    String longValue = "x".repeat(65);
    d.same("HSET", "h", "a", "1", "b", longValue);
    d.same("HDEL", "h", "b");
    d.compare(r -> CollectionReplies.scanUnordered(r, true), bytes("HSCAN", "h", "0"));
    d.same("HSET", "g", "x".repeat(64), "y".repeat(64));
    d.compare(r -> CollectionReplies.scanUnordered(r, true), bytes("HSCAN", "g", "0", "COUNT", "1"));
  }
}
