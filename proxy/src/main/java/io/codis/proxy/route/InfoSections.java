package io.codis.proxy.route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the proxy's INFO reply: its own sections (facts handed in by the server at the time of
 * the request) and the keyspace and commandstats of every master, summed. The line format is
 * Redis's: {@code # Section}, {@code field:value}, a blank line between sections.
 */
public final class InfoSections {
  /** The sections the proxy answers itself, in output order. */
  static final List<String> LOCAL = List.of("server", "clients", "proxy", "groups");

  private final Map<String, Map<String, String>> facts;

  /** {@code facts}: fields of the server, clients and proxy sections, by section name. */
  public InfoSections(Map<String, Map<String, String>> facts) {
    this.facts = facts;
  }

  /** Sections with only the fields the router knows (tests, fixed tables). */
  public static InfoSections minimal() {
    Map<String, Map<String, String>> f = new LinkedHashMap<>();
    f.put("server", Map.of("redis_version", LocalCommands.PROXY_VERSION, "redis_mode", "proxy"));
    return new InfoSections(f);
  }

  /**
   * The INFO text with the {@code local} sections, then Commandstats and Keyspace summed over
   * the masters' replies (each null when not asked for; values are the masters' INFO texts).
   */
  String render(List<String> local, SlotTable slots, Map<String, String> keyspaceOf,
      Map<String, String> commandstatsOf) {
    StringBuilder out = new StringBuilder();
    for (String s : local) {
      if (s.equals("groups")) {
        section(out, "Groups", groups(slots, keyspaceOf));
      } else {
        section(out, Character.toUpperCase(s.charAt(0)) + s.substring(1), facts.getOrDefault(s, Map.of()));
      }
    }
    if (commandstatsOf != null) {
      section(out, "Commandstats", commandstats(commandstatsOf));
    }
    if (keyspaceOf != null) {
      long[] sum = new long[2];
      for (String text : keyspaceOf.values()) {
        long[] one = keyspace(text);
        sum[0] += one[0];
        sum[1] += one[1];
      }
      Map<String, String> ks = new LinkedHashMap<>();
      if (sum[0] > 0) {
        ks.put("db0", "keys=" + sum[0] + ",expires=" + sum[1] + ",avg_ttl=0");
      }
      section(out, "Keyspace", ks);
    }
    // Redis ends the last section without the blank separator line.
    int len = out.length();
    if (len >= 2) {
      out.setLength(len - 2);
    }
    return out.toString();
  }

  private static void section(StringBuilder out, String title, Map<String, String> fields) {
    out.append("# ").append(title).append("\r\n");
    fields.forEach((k, v) -> out.append(k).append(':').append(v).append("\r\n"));
    out.append("\r\n");
  }

  private static Map<String, String> groups(SlotTable slots, Map<String, String> keyspaceOf) {
    Map<String, String> g = new LinkedHashMap<>();
    Map<String, Integer> counts = slots.slotCounts();
    g.put("table_version", Long.toString(slots.version()));
    g.put("masters", Integer.toString(slots.masters().size()));
    g.put("slots_served", Integer.toString(counts.values().stream().mapToInt(Integer::intValue).sum()));
    int i = 0;
    for (String m : slots.masters()) {
      StringBuilder v = new StringBuilder("group=").append(slots.groupOf(m)).append(",addr=").append(m)
          .append(",slots=").append(counts.get(m));
      if (keyspaceOf != null && keyspaceOf.containsKey(m)) {
        v.append(",keys=").append(keyspace(keyspaceOf.get(m))[0]);
      }
      g.put("master" + i++, v.toString());
    }
    return g;
  }

  /** keys and expires of a master's {@code db0:} line (0, 0 when absent). */
  static long[] keyspace(String infoText) {
    for (String line : ClusterCommands.lines(infoText)) {
      if (line.startsWith("db0:")) {
        Map<String, String> f = fields(line.substring(4));
        return new long[] {parse(f.get("keys")), parse(f.get("expires"))};
      }
    }
    return new long[2];
  }

  private static Map<String, String> commandstats(Map<String, String> byMaster) {
    // name -> calls, usec, rejected, failed
    Map<String, long[]> sums = new TreeMap<>();
    for (String text : byMaster.values()) {
      for (String line : ClusterCommands.lines(text)) {
        int colon = line.indexOf(':');
        if (!line.startsWith("cmdstat_") || colon < 0) {
          continue;
        }
        Map<String, String> f = fields(line.substring(colon + 1));
        long[] s = sums.computeIfAbsent(line.substring(0, colon), k -> new long[4]);
        s[0] += parse(f.get("calls"));
        s[1] += parse(f.get("usec"));
        s[2] += parse(f.get("rejected_calls"));
        s[3] += parse(f.get("failed_calls"));
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    sums.forEach((name, s) -> out.put(name, "calls=" + s[0] + ",usec=" + s[1] + ",usec_per_call="
        + String.format(Locale.ROOT, "%.2f", s[0] == 0 ? 0.0 : (double) s[1] / s[0])
        + ",rejected_calls=" + s[2] + ",failed_calls=" + s[3]));
    return out;
  }

  private static Map<String, String> fields(String csv) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String kv : csv.split(",")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        f.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return f;
  }

  private static long parse(String s) {
    if (s == null) {
      return 0;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
