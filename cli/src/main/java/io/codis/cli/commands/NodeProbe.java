package io.codis.cli.commands;

import io.codis.cli.CliException;
import io.codis.cli.Resp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What codisctl learns from a node over RESP: whether it answers PING, its INFO sections, its
 * replication state, and per-slot key counts (SLOTSINFO).
 */
public final class NodeProbe {
  /** Time a node gets to answer one probe; a node slower than this is shown as down. */
  public static final int PROBE_TIMEOUT_MS = 1_000;

  private NodeProbe() {}

  /** "up" when the node answers PING with PONG, else "down". */
  public static String health(String addr) {
    try (Resp r = Resp.connect(addr, PROBE_TIMEOUT_MS)) {
      Object pong = r.call("PING");
      return "PONG".equals(pong) ? "up" : "down";
    } catch (CliException e) {
      return "down";
    }
  }

  /** INFO [section] parsed into section name -> (field -> value). */
  public static Map<String, Map<String, String>> info(String addr, String section) {
    try (Resp r = Resp.connect(addr, PROBE_TIMEOUT_MS)) {
      Object text = section == null ? r.callOk("INFO") : r.callOk("INFO", section);
      return parseInfo(String.valueOf(text));
    }
  }

  static Map<String, Map<String, String>> parseInfo(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> cur = null;
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("# ")) {
        cur = new LinkedHashMap<>();
        sections.put(line.substring(2).trim().toLowerCase(), cur);
      } else if (!line.isBlank() && cur != null) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          cur.put(line.substring(0, colon), line.substring(colon + 1));
        }
      }
    }
    return sections;
  }

  /** INFO replication of a node, or an empty map when it is unreachable. */
  public static Map<String, String> replication(String addr) {
    try {
      return info(addr, "replication").getOrDefault("replication", Map.of());
    } catch (CliException e) {
      return Map.of();
    }
  }

  /**
   * Sends REPLICAOF to a node (host port, or NO ONE). Returns null when done, else why not (the
   * node does not support replication yet, or it refused).
   */
  public static String replicaOf(String addr, String masterAddr) {
    String[] args;
    if (masterAddr == null) {
      args = new String[] {"REPLICAOF", "NO", "ONE"};
    } else {
      int colon = masterAddr.lastIndexOf(':');
      args = new String[] {"REPLICAOF", masterAddr.substring(0, colon), masterAddr.substring(colon + 1)};
    }
    try (Resp r = Resp.connect(addr, PROBE_TIMEOUT_MS)) {
      Object reply = r.call(args);
      if (reply instanceof Resp.Error e) {
        return e.unknownCommand() ? addr + " does not support REPLICAOF yet" : addr + ": " + e.message();
      }
      return null;
    } catch (CliException e) {
      return e.getMessage();
    }
  }

  /** Key counts of the non-empty slots in [first, first + count) (the node's SLOTSINFO). */
  public static Map<Integer, Long> slotKeys(String addr, int first, int count) {
    try (Resp r = Resp.connect(addr, PROBE_TIMEOUT_MS * 5)) {
      Object reply = r.call("SLOTSINFO", String.valueOf(first), String.valueOf(count));
      if (reply instanceof Resp.Error e) {
        throw CliException.refused(addr + " answered SLOTSINFO: " + e.message(),
            e.unknownCommand() ? "this node is older than codisctl: upgrade it" : null);
      }
      Map<Integer, Long> out = new LinkedHashMap<>();
      for (Object row : (List<?>) reply) {
        List<?> pair = (List<?>) row;
        out.put(((Long) pair.get(0)).intValue(), (Long) pair.get(1));
      }
      return out;
    }
  }

  /** Estimated bytes of one slot's keys and values (the node's SLOTSMEMORY), or -1 if unsupported. */
  public static long slotBytes(String addr, int slot) {
    try (Resp r = Resp.connect(addr, PROBE_TIMEOUT_MS * 5)) {
      Object reply = r.call("SLOTSMEMORY", String.valueOf(slot));
      return reply instanceof Long n ? n : -1;
    }
  }
}
