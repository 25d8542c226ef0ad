package io.codis.node.persistence;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.storage.StorageEngine;
import io.codis.node.storage.StoredValue;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole dataset as comparable text, one canonical line per key ({@code type|content|ttl?}), read
 * either through a client or straight from a store: two snapshots are equal when every key has the
 * same type, content and presence of a TTL.
 */
final class Snapshots {
  private static final HexFormat HEX = HexFormat.of();

  private Snapshots() {}

  /** Every live key, read with SCAN, TYPE and the type's full read. */
  static Map<String, String> ofClient(RespClient c) throws IOException {
    Map<String, String> out = new TreeMap<>();
    String cursor = "0";
    do {
      Reply.Arr page = (Reply.Arr) c.call("SCAN", cursor, "COUNT", "1000");
      cursor = ((Reply.Bulk) page.items().get(0)).text();
      for (Reply k : ((Reply.Arr) page.items().get(1)).items()) {
        byte[] key = ((Reply.Bulk) k).bytes();
        String type = ((Reply.Simple) c.call("TYPE".getBytes(), key)).text();
        List<String> parts = new ArrayList<>();
        switch (type) {
          case "string" -> parts.add(hex(c.call("GET".getBytes(), key)));
          case "list" -> items(c.call("LRANGE".getBytes(), key, b("0"), b("-1"))).forEach(r -> parts.add(hex(r)));
          case "hash" -> {
            List<Reply> flat = items(c.call("HGETALL".getBytes(), key));
            TreeMap<String, String> fields = new TreeMap<>();
            for (int i = 0; i < flat.size(); i += 2) {
              fields.put(hex(flat.get(i)), hex(flat.get(i + 1)));
            }
            fields.forEach((f, v) -> parts.add(f + "=" + v));
          }
          case "set" -> items(c.call("SMEMBERS".getBytes(), key)).stream().map(Snapshots::hex).sorted().forEach(parts::add);
          case "zset" -> {
            List<Reply> flat = items(c.call("ZRANGE".getBytes(), key, b("0"), b("-1"), b("WITHSCORES")));
            for (int i = 0; i < flat.size(); i += 2) {
              parts.add(hex(flat.get(i)) + "=" + score(((Reply.Bulk) flat.get(i + 1)).text()));
            }
          }
          default -> throw new AssertionError("unknown type " + type);
        }
        long pttl = ((Reply.Int) c.call("PTTL".getBytes(), key)).value();
        out.put(HEX.formatHex(key), type + "|" + String.join(",", parts) + (pttl > 0 ? "|ttl" : ""));
      }
    } while (!cursor.equals("0"));
    return out;
  }

  /** Every key of the store that is not expired at {@code nowMs}. */
  static Map<String, String> ofStore(StorageEngine engine, int slotCount, long nowMs) {
    Map<String, String> out = new TreeMap<>();
    for (int slot = 0; slot < slotCount; slot++) {
      byte[] after = null;
      while (true) {
        List<byte[]> keys = engine.slotKeys(slot, after, 1000);
        for (byte[] key : keys) {
          StoredValue v = engine.load(key);
          if (v.expireAtMs() != StorageEngine.NO_EXPIRY && v.expireAtMs() <= nowMs) {
            continue;
          }
          out.put(HEX.formatHex(key), canonical(v.value()) + (v.expireAtMs() != StorageEngine.NO_EXPIRY ? "|ttl" : ""));
        }
        if (keys.size() < 1000) {
          break;
        }
        after = keys.get(keys.size() - 1);
      }
    }
    return out;
  }

  /** The canonical line of an in-memory value (without the TTL part). */
  static String canonical(Object value) {
    List<String> parts = new ArrayList<>();
    String type;
    if (value instanceof byte[] s) {
      type = "string";
      parts.add(HEX.formatHex(s));
    } else if (value instanceof ListValue l) {
      type = "list";
      for (int i = 0; i < l.size(); i++) {
        parts.add(HEX.formatHex(l.get(i)));
      }
    } else if (value instanceof HashValue h) {
      type = "hash";
      TreeMap<String, String> fields = new TreeMap<>();
      h.fields().forEach((f, v) -> fields.put(HEX.formatHex(f), HEX.formatHex(v)));
      fields.forEach((f, v) -> parts.add(f + "=" + v));
    } else if (value instanceof SetValue s) {
      type = "set";
      TreeMap<String, Boolean> members = new TreeMap<>();
      s.members().forEach((m, p) -> members.put(HEX.formatHex(m), true));
      parts.addAll(members.keySet());
    } else if (value instanceof ZSetValue z) {
      type = "zset";
      List<Map.Entry<byte[], Double>> entries = new ArrayList<>();
      z.scores().forEach((m, score) -> entries.add(Map.entry(m, score)));
      entries.sort((a, b) -> {
        // Redis's order: -0 and 0 are one score (ties by member), unlike Double.compare.
        double x = a.getValue();
        double y = b.getValue();
        int byScore = x < y ? -1 : x > y ? 1 : 0;
        return byScore != 0 ? byScore : java.util.Arrays.compareUnsigned(a.getKey(), b.getKey());
      });
      entries.forEach(e -> parts.add(HEX.formatHex(e.getKey()) + "=" + e.getValue()));
    } else {
      throw new AssertionError("unknown value " + value);
    }
    return type + "|" + String.join(",", parts);
  }

  private static double score(String text) {
    return switch (text) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  private static List<Reply> items(Reply r) {
    return ((Reply.Arr) r).items();
  }

  private static String hex(Reply r) {
    return HEX.formatHex(((Reply.Bulk) r).bytes());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
