package io.codis.node.migrate;

import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.protocol.Slots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** Helpers of the migration tests: keys of a chosen slot, status fields, full contents of a slot. */
final class MigrationFixture {
  private MigrationFixture() {}

  /** A hash tag whose keys ({@code {tag}...}) all land in a slot other than {@code avoid}. */
  static String tagOfSomeSlot(int seed, int avoid) {
    for (int i = seed; ; i++) {
      String tag = "t" + i;
      if (Slots.slotOf(tag.getBytes(), 1024) != avoid) {
        return tag;
      }
    }
  }

  static int slotOf(String tag) {
    return Slots.slotOf(tag.getBytes(), 1024);
  }

  /** SLOTSMIGRATE STATUS of one slot as a field map (empty when the node never migrated it). */
  static Map<String, String> status(RespClient c, int slot) throws IOException {
    Reply.Arr all = (Reply.Arr) c.call("SLOTSMIGRATE", "STATUS", Integer.toString(slot));
    Map<String, String> out = new HashMap<>();
    if (all.items().isEmpty()) {
      return out;
    }
    List<Reply> f = ((Reply.Arr) all.items().get(0)).items();
    for (int i = 0; i < f.size(); i += 2) {
      Reply v = f.get(i + 1);
      out.put(((Reply.Bulk) f.get(i)).text(), v instanceof Reply.Int n ? Long.toString(n.value()) : ((Reply.Bulk) v).text());
    }
    return out;
  }

  static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  static String phase(RespClient c, int slot) {
    try {
      return status(c, slot).getOrDefault("phase", "");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Keys of one slot on a node, with type, canonical value and absolute expiry. */
  static Map<String, String> slotContent(RespClient c, int slot) throws IOException {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    do {
      Reply.Arr page = (Reply.Arr) c.call("SCAN", cursor, "COUNT", "1000");
      cursor = ((Reply.Bulk) page.items().get(0)).text();
      for (Reply k : ((Reply.Arr) page.items().get(1)).items()) {
        String key = ((Reply.Bulk) k).text();
        if (Slots.slotOf(key.getBytes(), 1024) == slot) {
          keys.add(key);
        }
      }
    } while (!cursor.equals("0"));
    Map<String, String> out = new TreeMap<>();
    for (String key : keys) {
      String type = ((Reply.Simple) c.call("TYPE", key)).text();
      String value = switch (type) {
        case "string" -> c.call("GET", key).toString();
        case "list" -> c.call("LRANGE", key, "0", "-1").toString();
        case "hash" -> sorted(c.call("HGETALL", key), 2);
        case "set" -> sorted(c.call("SMEMBERS", key), 1);
        case "zset" -> c.call("ZRANGE", key, "0", "-1", "WITHSCORES").toString();
        default -> "none";
      };
      out.put(key, type + " " + value + " exp=" + c.call("PEXPIRETIME", key));
    }
    return out;
  }

  private static String sorted(Reply reply, int group) {
    List<Reply> items = ((Reply.Arr) reply).items();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < items.size(); i += group) {
      parts.add(items.subList(i, i + group).toString());
    }
    parts.sort(null);
    return parts.toString();
  }
}
