package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.Slots;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Cluster-wide commands whose replies need a merge rule of their own (the row's tip says
 * {@code response_policy:special} or has none): KEYS, SCAN, RANDOMKEY and INFO. Keys a node holds
 * in slots it does not serve in the proxy's table (left behind by a reassignment) are left out,
 * so every key is listed once, by the group that serves it. KEYS, SCAN and RANDOMKEY need every
 * slot served (else {@code -CLUSTERDOWN}, as DBSIZE); INFO answers with whatever masters there are.
 *
 * <p>SCAN's cursor: {@code nodeCursor * MASTERS_MAX + index}, where {@code index} is the
 * position of the master in the table's master list and {@code nodeCursor} that node's own SCAN
 * cursor. A full iteration walks master 0 to the end, then master 1, and so on; while the table
 * does not change, it returns every key exactly once.
 */
final class ClusterCommands {
  /** The most masters a SCAN cursor can address (the low bits of the proxy's cursor). */
  static final int MASTERS_MAX = 1024;

  private final Supplier<InfoSections> info;

  ClusterCommands(Supplier<InfoSections> info) {
    this.info = info;
  }

  /** The route of {@code spec}, or null when it has no special rule here. */
  Route route(CommandSpec spec, byte[][] argv, SlotTable slots) {
    switch (spec.name()) {
      case "keys":
        return everyMaster(argv, slots, (f, r) -> keys(f, r, slots));
      case "scan":
        return scan(argv, slots);
      case "randomkey":
        return everyMaster(argv, slots, ClusterCommands::randomKey);
      case "info":
        return info(argv, slots);
      default:
        return null;
    }
  }

  private static Route everyMaster(byte[][] argv, SlotTable slots, Merger merger) {
    if (!slots.complete()) {
      // A KEYS or RANDOMKEY missing the unserved slots would be silently partial.
      return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
    }
    if (slots.masters().isEmpty()) {
      return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
    }
    List<Route.Part> parts = new ArrayList<>();
    for (String m : slots.masters()) {
      parts.add(new Route.Part(m, argv, new int[0], false));
    }
    return new Route.FanOut(parts, merger, 0);
  }

  private static boolean served(byte[] key, String addr, SlotTable slots) {
    return addr.equals(slots.masterOf(Slots.slotOf(key, slots.slotCount())));
  }

  private static RespValue keys(Route.FanOut f, RespValue[] replies, SlotTable slots) {
    RespValue err = firstError(replies);
    if (err != null) {
      return err;
    }
    List<RespValue> out = new ArrayList<>();
    for (int p = 0; p < replies.length; p++) {
      if (!(replies[p] instanceof RespValue.ArrayValue a) || a.isNull()) {
        return unexpected("KEYS");
      }
      String addr = f.parts().get(p).addr();
      for (RespValue k : a.elements()) {
        if (k instanceof RespValue.BulkString b && served(b.bytes(), addr, slots)) {
          out.add(k);
        }
      }
    }
    return new RespValue.ArrayValue(out);
  }

  private static RespValue randomKey(Route.FanOut f, RespValue[] replies) {
    RespValue err = firstError(replies);
    if (err != null) {
      return err;
    }
    List<RespValue> found = new ArrayList<>();
    for (RespValue r : replies) {
      if (r instanceof RespValue.BulkString b && !b.isNull()) {
        found.add(r);
      }
    }
    return found.isEmpty() ? RespValue.BulkString.NULL
        : found.get(ThreadLocalRandom.current().nextInt(found.size()));
  }

  /** SCAN cursor [MATCH p] [COUNT n] [TYPE t]: one master per call, chosen by the cursor. */
  private static Route scan(byte[][] argv, SlotTable slots) {
    long cursor;
    try {
      cursor = Long.parseUnsignedLong(new String(argv[1], StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return Route.Reply.of(Replies.error(ErrorCode.ERR, "invalid cursor"));
    }
    List<String> masters = slots.masters();
    if (!slots.complete() || masters.isEmpty()) {
      return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
    }
    int index = (int) Long.remainderUnsigned(cursor, MASTERS_MAX);
    long nodeCursor = Long.divideUnsigned(cursor, MASTERS_MAX);
    if (index >= masters.size()) {
      // A cursor from another table (fewer masters now): Redis answers a stale cursor with an
      // end of iteration rather than an error.
      return Route.Reply.of(new RespValue.ArrayValue(List.of(Replies.bulk("0"),
          new RespValue.ArrayValue(List.of()))));
    }
    String addr = masters.get(index);
    byte[][] sub = argv.clone();
    sub[1] = Long.toUnsignedString(nodeCursor).getBytes(StandardCharsets.US_ASCII);
    int masterCount = masters.size();
    Merger merger = (f, replies) -> {
      if (replies[0] instanceof RespValue.ErrorValue) {
        return replies[0];
      }
      if (!(replies[0] instanceof RespValue.ArrayValue a) || a.elements().size() != 2
          || !(a.elements().get(0) instanceof RespValue.BulkString next)
          || !(a.elements().get(1) instanceof RespValue.ArrayValue page)) {
        return unexpected("SCAN");
      }
      long nodeNext = Long.parseUnsignedLong(new String(next.bytes(), StandardCharsets.US_ASCII));
      long proxyNext;
      if (nodeNext != 0) {
        proxyNext = nodeNext * MASTERS_MAX + index;
      } else {
        proxyNext = index + 1 < masterCount ? index + 1 : 0;
      }
      List<RespValue> keys = new ArrayList<>();
      for (RespValue k : page.elements()) {
        if (k instanceof RespValue.BulkString b && served(b.bytes(), addr, slots)) {
          keys.add(k);
        }
      }
      return new RespValue.ArrayValue(List.of(Replies.bulk(Long.toUnsignedString(proxyNext)),
          new RespValue.ArrayValue(keys)));
    };
    return new Route.FanOut(List.of(new Route.Part(addr, sub, new int[0], false)), merger, 0);
  }

  /**
   * INFO [section ...]: the proxy's own sections (server, clients, proxy, groups) are answered
   * here; keyspace and commandstats are asked of every master and summed. Section names are
   * case-insensitive; "all", "everything" and "default" mean every section.
   */
  private Route info(byte[][] argv, SlotTable slots) {
    List<String> wanted = new ArrayList<>();
    for (int i = 1; i < argv.length; i++) {
      wanted.add(new String(argv[i], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT));
    }
    boolean all = wanted.isEmpty() || wanted.contains("all") || wanted.contains("everything")
        || wanted.contains("default");
    List<String> local = new ArrayList<>();
    for (String s : InfoSections.LOCAL) {
      if (all || wanted.contains(s)) {
        local.add(s);
      }
    }
    boolean keyspace = all || wanted.contains("keyspace");
    boolean commandstats = all || wanted.contains("commandstats");
    InfoSections sections = info.get();
    if ((!keyspace && !commandstats) || slots.masters().isEmpty()) {
      return Route.Reply.of(Replies.bulk(sections.render(local, slots, null, null)));
    }
    List<String> remote = new ArrayList<>();
    if (keyspace) {
      remote.add("keyspace");
    }
    if (commandstats) {
      remote.add("commandstats");
    }
    byte[][] sub = new byte[1 + remote.size()][];
    sub[0] = "INFO".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < remote.size(); i++) {
      sub[i + 1] = remote.get(i).getBytes(StandardCharsets.US_ASCII);
    }
    Merger merger = (f, replies) -> {
      RespValue err = firstError(replies);
      if (err != null) {
        return err;
      }
      Map<String, String> perMaster = new HashMap<>();
      for (int p = 0; p < replies.length; p++) {
        byte[] text = infoText(replies[p]);
        if (text == null) {
          return unexpected("INFO");
        }
        perMaster.put(f.parts().get(p).addr(), new String(text, StandardCharsets.UTF_8));
      }
      return Replies.bulk(sections.render(local, slots, keyspace ? perMaster : null,
          commandstats ? perMaster : null));
    };
    List<Route.Part> parts = new ArrayList<>();
    for (String m : slots.masters()) {
      parts.add(new Route.Part(m, sub, new int[0], false));
    }
    return new Route.FanOut(parts, merger, 0);
  }

  /** INFO's text: a bulk string (RESP2), or a verbatim string on a RESP3 connection; else null. */
  private static byte[] infoText(RespValue r) {
    if (r instanceof RespValue.BulkString b && !b.isNull()) {
      return b.bytes();
    }
    return r instanceof RespValue.VerbatimString v ? v.text() : null;
  }

    static RespValue firstError(RespValue[] replies) {
    for (RespValue r : replies) {
      if (r instanceof RespValue.ErrorValue) {
        return r;
      }
    }
    return null;
  }

  private static RespValue unexpected(String what) {
    return Replies.error(ErrorCode.ERR, "unexpected backend reply to a cluster-wide " + what);
  }

  static List<String> lines(String text) {
    return Arrays.asList(text.split("\r\n"));
  }
}
