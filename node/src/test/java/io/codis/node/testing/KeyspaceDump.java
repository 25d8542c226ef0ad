package io.codis.node.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A node's content as comparable text: every key with its type, value (collections in a canonical
 * order) and absolute expiry (PEXPIRETIME: replicated and migrated as absolute time, so it must match
 * exactly). Replication tests compare a master with its replicas, migration tests a slot on both
 * sides.
 */
public final class KeyspaceDump {
  private KeyspaceDump() {}

  /** Every key of the node. */
  public static Map<String, String> all(RespClient c) throws IOException {
    return of(c, key -> true);
  }

  /** The keys {@code wanted} accepts (e.g. one slot's). */
  public static Map<String, String> of(RespClient c, Predicate<String> wanted) throws IOException {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    do {
      Reply.Arr page = (Reply.Arr) c.call("SCAN", cursor, "COUNT", "1000");
      cursor = ((Reply.Bulk) page.items().get(0)).text();
      for (Reply k : ((Reply.Arr) page.items().get(1)).items()) {
        String key = ((Reply.Bulk) k).text();
        if (wanted.test(key)) {
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
        default -> null; // "none": expired between SCAN and TYPE
      };
      if (value != null) {
        out.put(key, type + " " + value + " exp=" + c.call("PEXPIRETIME", key));
      }
    }
    return out;
  }

  /** The elements of an array reply in groups of {@code group} (hash: field+value), sorted. */
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
