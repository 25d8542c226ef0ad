package io.codis.node.commands.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.testing.Differential;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helpers that create collection keys on both servers and compare whole values.
 *
 * <p>The keyspace family is tested on its own, so it must not depend on the list, hash, set and
 * sorted-set families being present: {@code seed*} sends the real command (RPUSH, HSET, SADD,
 * ZADD) to both servers, and only when our node does not know it yet falls back to RESTORE of a
 * payload built here. {@link #sameValue} reads Redis's value with its read commands and ours through
 * DUMP, which serializes exactly what the node holds.
 */
final class Fixtures {
  private Fixtures() {}

  /** RPUSH key e1 e2 ... on a key that does not exist yet. */
  static void seedList(Differential d, String key, String... elements) throws IOException {
    ListValue value = new ListValue();
    for (String e : elements) {
      value.addLast(bytes(e));
    }
    seed(d, value, concat("RPUSH", key, elements));
  }

  /** HSET key f1 v1 f2 v2 ... on a key that does not exist yet. */
  static void seedHash(Differential d, String key, String... fieldsAndValues) throws IOException {
    HashValue value = new HashValue();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      value.fields().put(bytes(fieldsAndValues[i]), bytes(fieldsAndValues[i + 1]));
    }
    seed(d, value, concat("HSET", key, fieldsAndValues));
  }

  /** SADD key m1 m2 ... on a key that does not exist yet. */
  static void seedSet(Differential d, String key, String... members) throws IOException {
    SetValue value = new SetValue();
    for (String m : members) {
      value.add(bytes(m));
    }
    seed(d, value, concat("SADD", key, members));
  }

  /** ZADD key s1 m1 s2 m2 ... on a key that does not exist yet. */
  static void seedZSet(Differential d, String key, String... scoresAndMembers) throws IOException {
    ZSetValue value = new ZSetValue();
    for (int i = 0; i < scoresAndMembers.length; i += 2) {
      value.put(bytes(scoresAndMembers[i + 1]), parseScore(scoresAndMembers[i]));
    }
    seed(d, value, concat("ZADD", key, scoresAndMembers));
  }

  private static void seed(Differential d, Object value, String[] command) throws IOException {
    Reply expected = d.reference().call(command);
    assertFalse(expected instanceof Reply.Error, () -> "redis refused " + String.join(" ", command) + ": " + expected);
    Reply ours = d.ours().call(command);
    if (ours instanceof Reply.Error e && e.text().startsWith("ERR unknown command")) {
      Reply restored = d.ours().call(bytes("RESTORE"), bytes(command[1]), bytes("0"),
          DumpPayload.encode(value), bytes("REPLACE"));
      assertEquals("+OK", restored.toString());
    } else {
      assertEquals(expected.toString(), ours.toString(), () -> "seeding with " + command[0]);
    }
  }

  /** Asserts both servers hold the same value (type and content) at {@code key}. */
  static void sameValue(Differential d, String key) throws IOException {
    assertEquals(redisValue(d.reference(), key), ourValue(d.ours(), key), () -> "value of " + key);
  }

  static String redisValue(RespClient redis, String key) throws IOException {
    String type = ((Reply.Simple) redis.call("TYPE", key)).text();
    return switch (type) {
      case "none" -> "none";
      case "string" -> "string:" + redis.call("GET", key);
      case "list" -> "list:" + redis.call("LRANGE", key, "0", "-1");
      case "hash" -> "hash:" + Reply.unorderedPairs(redis.call("HGETALL", key));
      case "set" -> "set:" + Reply.unordered(redis.call("SMEMBERS", key));
      case "zset" -> {
        List<Reply> items = ((Reply.Arr) redis.call("ZRANGE", key, "0", "-1", "WITHSCORES")).items();
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < items.size(); i += 2) {
          pairs.add(items.get(i) + "=" + parseScore(((Reply.Bulk) items.get(i + 1)).text()));
        }
        yield "zset:" + pairs;
      }
      default -> throw new AssertionError("type " + type);
    };
  }

  static String ourValue(RespClient ours, String key) throws IOException {
    Reply dump = ours.call("DUMP", key);
    if (dump instanceof Reply.NullBulk) {
      return "none";
    }
    Object value;
    try {
      value = DumpPayload.decode(((Reply.Bulk) dump).bytes());
    } catch (DumpPayload.BadFormat e) {
      throw new AssertionError("our DUMP does not decode", e);
    }
    return canonical(value);
  }

  /** The same text {@link #redisValue} builds, from a value object. */
  static String canonical(Object value) {
    if (value instanceof byte[] b) {
      return "string:" + new Reply.Bulk(b);
    }
    if (value instanceof ListValue list) {
      List<Reply> items = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        items.add(new Reply.Bulk(list.get(i)));
      }
      return "list:" + new Reply.Arr('*', items);
    }
    if (value instanceof HashValue hash) {
      List<Reply> items = new ArrayList<>();
      hash.fields().forEach((f, v) -> {
        items.add(new Reply.Bulk(f));
        items.add(new Reply.Bulk(v));
      });
      return "hash:" + Reply.unorderedPairs(new Reply.Arr('*', items));
    }
    if (value instanceof SetValue set) {
      List<Reply> items = new ArrayList<>();
      set.members().forEach((m, unused) -> items.add(new Reply.Bulk(m)));
      return "set:" + Reply.unordered(new Reply.Arr('*', items));
    }
    ZSetValue zset = (ZSetValue) value;
    List<byte[]> members = new ArrayList<>();
    zset.scores().forEach((m, s) -> members.add(m));
    members.sort((a, b) -> {
      int byScore = Double.compare(zset.scores().get(a), zset.scores().get(b));
      return byScore != 0 ? byScore : java.util.Arrays.compareUnsigned(a, b);
    });
    List<String> pairs = new ArrayList<>();
    for (byte[] m : members) {
      pairs.add(new Reply.Bulk(m) + "=" + zset.scores().get(m));
    }
    return "zset:" + pairs;
  }

  private static double parseScore(String text) {
    return switch (text) {
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String[] concat(String command, String key, String... rest) {
    String[] all = new String[rest.length + 2];
    all[0] = command;
    all[1] = key;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }
}
