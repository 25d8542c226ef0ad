package io.codis.node.commands.sets;

import static io.codis.node.commands.hashes.CollectionReplies.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.commands.hashes.CollectionReplies;
import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every set command against a real redis-server, edge cases included (RESP2). */
class SetDifferentialIT extends DifferentialTestBase {

  @Test
  void addRemoveAndMembership() throws Exception {
    d.same("SADD", "s", "a", "b", "a", "c");
    d.same("SADD", "s", "a");
    d.same("SADD", "s", "d", "d", "d");
    d.same("SCARD", "s");
    d.same("SCARD", "nokey");
    d.same("SISMEMBER", "s", "a");
    d.same("SISMEMBER", "s", "zz");
    d.same("SISMEMBER", "nokey", "a");
    d.same("SMISMEMBER", "s", "a", "zz", "a", "d");
    d.same("SMISMEMBER", "nokey", "a", "b");
    d.sameUnordered("SMEMBERS", "s");
    d.same("SMEMBERS", "nokey");
    d.same("SREM", "s", "a", "a", "zz");
    d.same("SREM", "nokey", "a");
    d.same("SREM", "s", "b", "c", "d", "e");
    d.same("SCARD", "s");
    d.same("GET", "s");
    d.same("SADD", "s", "");
    d.same("SISMEMBER", "s", "");
    d.same("SMEMBERS", "s");
  }

  @Test
  void arity() throws Exception {
    d.same("SADD", "s");
    d.same("SREM", "s");
    d.same("SCARD");
    d.same("SISMEMBER", "s");
    d.same("SMISMEMBER", "s");
    d.same("SMEMBERS");
    d.same("SPOP");
    d.same("SRANDMEMBER");
    d.same("SMOVE", "a", "b");
    d.same("SINTER");
    d.same("SINTERCARD", "1");
    d.same("SINTERSTORE", "d");
    d.same("SUNION");
    d.same("SUNIONSTORE", "d");
    d.same("SDIFF");
    d.same("SDIFFSTORE", "d");
    d.same("SSCAN", "s");
  }

  @Test
  void binaryMembers() throws Exception {
    d.same(bytes("SADD", "bin", "\u0000", "\u00ff\r\n", "a\u0000b", "a"));
    d.same(bytes("SISMEMBER", "bin", "a\u0000b"));
    d.same(bytes("SISMEMBER", "bin", "a\u0000"));
    d.compare(Reply::unordered, bytes("SMEMBERS", "bin"));
    d.same(bytes("SADD", "other", "\u0000", "x"));
    d.compare(Reply::unordered, bytes("SINTER", "bin", "other"));
    d.compare(Reply::unordered, bytes("SDIFF", "bin", "other"));
    d.same(bytes("SREM", "bin", "\u00ff\r\n"));
    d.same(bytes("SMOVE", "bin", "other", "a\u0000b"));
    d.compare(Reply::unordered, bytes("SMEMBERS", "other"));
  }

  @Test
  void wrongType() throws Exception {
    d.same("SET", "str", "x");
    d.same("SADD", "s", "a");
    for (String[] cmd : new String[][] {
        {"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SCARD", "str"}, {"SISMEMBER", "str", "a"},
        {"SMISMEMBER", "str", "a"}, {"SMEMBERS", "str"}, {"SPOP", "str"}, {"SPOP", "str", "2"},
        {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "-2"}, {"SMOVE", "str", "s", "a"},
        {"SMOVE", "s", "str", "a"}, {"SMOVE", "s", "str", "zz"}, {"SINTER", "s", "str"},
        {"SINTER", "nokey", "str"}, {"SINTERCARD", "2", "nokey", "str"}, {"SUNION", "nokey", "str"},
        {"SDIFF", "nokey", "str"}, {"SDIFF", "s", "str"}, {"SINTERSTORE", "d", "s", "str"},
        {"SUNIONSTORE", "d", "str"}, {"SDIFFSTORE", "d", "s", "str"}, {"SSCAN", "str", "0"}}) {
      d.same(cmd);
    }
    // Checked before the type: the count, the syntax, the cursor.
    d.same("SPOP", "str", "-1");
    d.same("SPOP", "str", "1", "2");
    d.same("SRANDMEMBER", "str", "x");
    d.same("SRANDMEMBER", "str", "1", "2");
    d.same("SSCAN", "str", "x");
    d.same("SINTERCARD", "0", "str");
    // A missing source answers 0 before the destination's type is looked at.
    d.same("SMOVE", "nokey", "str", "a");
    d.same("GET", "str");
  }

  @Test
  void smove() throws Exception {
    d.same("SADD", "src", "a", "b");
    d.same("SADD", "dst", "b", "c");
    d.same("SMOVE", "src", "dst", "a");
    d.same("SMOVE", "src", "dst", "a");
    d.same("SMOVE", "src", "dst", "b");
    d.same("SCARD", "src");
    d.same("GET", "src");
    d.sameUnordered("SMEMBERS", "dst");
    d.same("SMOVE", "dst", "dst", "c");
    d.same("SMOVE", "dst", "dst", "zz");
    d.same("SMOVE", "dst", "newdst", "c");
    d.same("SMEMBERS", "newdst");
    d.same("SMOVE", "nokey", "dst", "c");
  }

  @Test
  void algebra() throws Exception {
    d.same("SADD", "a", "1", "2", "3", "4", "x");
    d.same("SADD", "b", "2", "3", "y");
    d.same("SADD", "c", "3", "4", "x", "z");
    for (String op : new String[] {"SINTER", "SUNION", "SDIFF"}) {
      d.sameUnordered(op, "a");
      d.sameUnordered(op, "a", "b");
      d.sameUnordered(op, "a", "c");
      d.sameUnordered(op, "a", "b", "c");
      d.sameUnordered(op, "c", "a", "a");
      d.sameUnordered(op, "a", "nokey");
      d.sameUnordered(op, "nokey", "a");
      d.sameUnordered(op, "nokey");
      d.sameUnordered(op, "b", "b");
    }
    d.same("SINTERCARD", "1", "a");
    d.same("SINTERCARD", "2", "a", "c");
    d.same("SINTERCARD", "3", "a", "b", "c");
    d.same("SINTERCARD", "2", "a", "nokey");
    d.same("SINTERCARD", "2", "a", "c", "LIMIT", "0");
    d.same("SINTERCARD", "2", "a", "c", "LIMIT", "1");
    d.same("SINTERCARD", "2", "a", "c", "limit", "2");
    d.same("SINTERCARD", "2", "a", "c", "LIMIT", "100");
    d.same("SINTERCARD", "1", "a", "LIMIT", "2", "LIMIT", "3");
    d.same("SINTERCARD", "2", "a", "c", "LIMIT", "-1");
    d.same("SINTERCARD", "2", "a", "c", "LIMIT", "x");
    d.same("SINTERCARD", "2", "a", "c", "LIMIT");
    d.same("SINTERCARD", "2", "a", "c", "LIMITS", "1");
    d.same("SINTERCARD", "1", "a", "c");
    d.same("SINTERCARD", "0", "a");
    d.same("SINTERCARD", "-1", "a");
    d.same("SINTERCARD", "x", "a");
    d.same("SINTERCARD", "3", "a", "b");
    d.same("SINTERCARD", "9223372036854775807", "a");
    d.same("SINTERCARD", "99999999999999999999", "a");
  }

  @Test
  void stores() throws Exception {
    d.same("SADD", "a", "1", "2", "3", "x");
    d.same("SADD", "b", "2", "3", "y");
    d.same("SINTERSTORE", "dst", "a", "b");
    d.sameUnordered("SMEMBERS", "dst");
    d.same("SUNIONSTORE", "dst", "a", "b");
    d.sameUnordered("SMEMBERS", "dst");
    d.same("SDIFFSTORE", "dst", "a", "b");
    d.sameUnordered("SMEMBERS", "dst");
    // Empty results delete the destination.
    d.same("SINTERSTORE", "dst", "a", "nokey");
    d.same("GET", "dst");
    d.same("SUNIONSTORE", "dst", "a");
    d.same("SDIFFSTORE", "dst", "a", "a");
    d.same("GET", "dst");
    d.same("SUNIONSTORE", "dst", "nokey");
    d.same("SDIFFSTORE", "dst", "nokey", "a");
    d.same("SINTERSTORE", "dst", "nokey");
    d.same("GET", "dst");
    // The destination may be a source, and may hold another type (it is replaced).
    d.same("SUNIONSTORE", "a", "a", "b");
    d.sameUnordered("SMEMBERS", "a");
    d.same("SDIFFSTORE", "a", "a", "b");
    d.sameUnordered("SMEMBERS", "a");
    d.same("SET", "str", "x");
    d.same("SINTERSTORE", "str", "a", "a");
    d.sameUnordered("SMEMBERS", "str");
    d.same("SET", "str", "x");
    d.same("SUNIONSTORE", "str", "nokey");
    d.same("GET", "str");
    d.same("SET", "str", "x");
    d.same("SDIFFSTORE", "str", "a");
    d.sameUnordered("SMEMBERS", "str");
  }

  @Test
  void spop() throws Exception {
    d.same("SPOP", "nokey");
    d.same("SPOP", "nokey", "3");
    d.same("SPOP", "nokey", "0");
    d.same("SADD", "s", "a", "b", "c", "d", "e");
    Set<String> left = new HashSet<>(Set.of("a", "b", "c", "d", "e"));
    Reply one = CollectionReplies.sameRandom(d, left, "SPOP", "s");
    resync("s", List.of(CollectionReplies.text(one)));
    d.same("SPOP", "s", "0");
    d.same("SPOP", "s", "-1");
    d.same("SPOP", "s", "x");
    d.same("SPOP", "s", "1", "2");
    d.same("SCARD", "s");
    Reply two = CollectionReplies.sameRandom(d, smembers("s"), "SPOP", "s", "2");
    assertEquals(2, Set.copyOf(CollectionReplies.texts(two)).size());
    resync("s", CollectionReplies.texts(two));
    d.same("SCARD", "s");
    d.sameUnordered("SPOP", "s", "2");
    d.same("GET", "s");
    d.same("SADD", "s", "x");
    d.same("SPOP", "s");
    d.same("GET", "s");
  }

  @Test
  void spopLargeCountsRebuildTheSet() throws Exception {
    Set<String> members = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      members.add(Integer.toString(i));
      members.add("m" + i);
    }
    d.same(bytes(concat(new String[] {"SADD", "s"}, members.toArray(new String[0]))));
    // 390 of 400: fewer than a fifth remain, so Redis rebuilds the set from the survivors.
    Reply popped = CollectionReplies.sameRandom(d, members, "SPOP", "s", "390");
    assertEquals(390, Set.copyOf(CollectionReplies.texts(popped)).size());
    resync("s", CollectionReplies.texts(popped));
    d.same("SCARD", "s");
    d.sameUnordered("SMEMBERS", "s");
    d.sameUnordered("SPOP", "s", "9223372036854775807");
    d.same("SCARD", "s");
  }

  @Test
  void srandmember() throws Exception {
    d.same("SRANDMEMBER", "nokey");
    d.same("SRANDMEMBER", "nokey", "3");
    d.same("SRANDMEMBER", "nokey", "-3");
    d.same("SADD", "s", "a", "b", "c", "d", "e");
    Set<String> all = Set.of("a", "b", "c", "d", "e");
    CollectionReplies.sameRandom(d, all, "SRANDMEMBER", "s");
    d.same("SRANDMEMBER", "s", "0");
    for (String count : new String[] {"1", "2", "4", "-1", "-4", "-50"}) {
      Reply r = CollectionReplies.sameRandom(d, all, "SRANDMEMBER", "s", count);
      if (!count.startsWith("-")) {
        assertEquals(Integer.parseInt(count), Set.copyOf(CollectionReplies.texts(r)).size());
      }
    }
    d.sameUnordered("SRANDMEMBER", "s", "5");
    d.sameUnordered("SRANDMEMBER", "s", "9223372036854775807");
    d.same("SRANDMEMBER", "s", "-9223372036854775808");
    d.same("SRANDMEMBER", "s", "x");
    d.same("SRANDMEMBER", "s", "1", "2");
    d.same("SCARD", "s");
  }

  @Test
  void srandmemberOnLargeSet() throws Exception {
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      all.add("m" + i);
    }
    d.same(bytes(concat(new String[] {"SADD", "s"}, all.toArray(new String[0]))));
    for (String count : new String[] {"10", "99", "100", "101", "299", "-500"}) {
      Reply r = CollectionReplies.sameRandom(d, all, "SRANDMEMBER", "s", count);
      if (!count.startsWith("-")) {
        assertEquals(Integer.parseInt(count), Set.copyOf(CollectionReplies.texts(r)).size());
      }
    }
  }

  @Test
  void sscanIntsetIsSortedAndWhole() throws Exception {
    d.same("SSCAN", "nokey", "0");
    d.same("SADD", "ints", "10", "-3", "7", "100", "-9223372036854775808", "9223372036854775807", "0");
    for (String[] options : new String[][] {{}, {"COUNT", "1"}, {"MATCH", "1*"}, {"MATCH", "-*"},
        {"MATCH", "*", "COUNT", "2"}, {"MATCH", "[0-9]"}}) {
      String[] cmd = concat(new String[] {"SSCAN", "ints", "5"}, options);
      d.same(cmd);
    }
    d.same("SSCAN", "ints", "0", "COUNT", "0");
    d.same("SSCAN", "ints", "0", "TYPE", "set");
    d.same("SSCAN", "ints", "-");
    // 513 integers leave the intset: scanning continues by cursor and still sees everything.
    String[] many = new String[515];
    many[0] = "SADD";
    many[1] = "ints";
    for (int i = 0; i < 513; i++) {
      many[i + 2] = Integer.toString(i * 7);
    }
    d.same(many);
    assertEquals(CollectionReplies.scanAll(d.reference(), "SSCAN", "ints", false),
        CollectionReplies.scanAll(d.ours(), "SSCAN", "ints", false));
  }

  @Test
  void sscanSmallAndLargeStringSets() throws Exception {
    d.same("SADD", "s", "apple", "avocado", "banana", "cherry", "42");
    for (String[] options : new String[][] {{}, {"MATCH", "a*"}, {"MATCH", "*an*"},
        {"MATCH", "[a-b]*", "COUNT", "100"}}) {
      d.compare(r -> CollectionReplies.scanUnordered(r, false),
          bytes(concat(new String[] {"SSCAN", "s", "0"}, options)));
    }
    for (int i = 0; i < 1000; i++) {
      d.same("SADD", "big", "member:" + i);
    }
    Set<String> expected = CollectionReplies.scanAll(d.reference(), "SSCAN", "big", false);
    assertEquals(1000, expected.size());
    assertEquals(expected, CollectionReplies.scanAll(d.ours(), "SSCAN", "big", false, "COUNT", "7"));
    assertEquals(CollectionReplies.scanAll(d.reference(), "SSCAN", "big", false, "MATCH", "*:1?"),
        CollectionReplies.scanAll(d.ours(), "SSCAN", "big", false, "MATCH", "*:1?"));
  }

  /** The members of a set on the reference server. */
  private Set<String> smembers(String key) throws Exception {
    return new HashSet<>(CollectionReplies.texts(d.reference().call("SMEMBERS", key)));
  }

  /**
   * After a random SPOP both servers hold different survivors; make ours hold what Redis holds, so
   * the comparison can go on: put back what we popped, remove what Redis popped.
   */
  private void resync(String key, List<String> oursPopped) throws Exception {
    Set<String> reference = smembers(key);
    if (!oursPopped.isEmpty()) {
      d.ours().call(bytes(concat(new String[] {"SADD", key}, oursPopped.toArray(new String[0]))));
    }
    Set<String> ours = new HashSet<>(CollectionReplies.texts(d.ours().call("SMEMBERS", key)));
    ours.removeAll(reference);
    if (!ours.isEmpty()) {
      d.ours().call(bytes(concat(new String[] {"SREM", key}, ours.toArray(new String[0]))));
    }
    Set<String> after = new HashSet<>(CollectionReplies.texts(d.ours().call("SMEMBERS", key)));
    assertTrue(after.equals(reference), () -> "resync failed: " + after + " vs " + reference);
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
