package io.codis.proxy.server;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.Slots;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.resp.RespValue;
import io.codis.proxy.route.Replies;
import io.codis.proxy.route.SlotTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * PUBSUB introspection across the cluster, from where the proxy puts subscriptions:
 * <ul>
 *   <li>CHANNELS / SHARDCHANNELS [pattern]: asked of every master, the union of the replies;
 *   <li>NUMSUB / SHARDNUMSUB channel...: each channel asked of its slot's master;
 *   <li>NUMPAT: the largest count among the masters (every proxy client's pattern is on all of
 *       them);
 *   <li>HELP: any master.
 * </ul>
 */
final class PubSubQueries {
  private PubSubQueries() {}

  static void run(ClientSession session, CommandSpec spec, byte[][] argv) {
    SlotTable table = session.table();
    if (table == null) {
      session.reply(Replies.error(ErrorCode.CLUSTERDOWN, session.downReason()));
      return;
    }
    if (table.masters().isEmpty()) {
      session.reply(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
      return;
    }
    switch (spec.name()) {
      case "pubsub|channels", "pubsub|shardchannels" ->
          gather(session, table.masters(), argv, PubSubQueries::union);
      case "pubsub|numpat" -> gather(session, table.masters(), argv, PubSubQueries::max);
      case "pubsub|numsub", "pubsub|shardnumsub" -> perChannel(session, table, argv);
      default -> gather(session, List.of(table.masters().get(0)), argv, r -> r[0]);
    }
  }

  /** Sends {@code argv} to each of {@code addrs}; the merged reply (or the first error) answers. */
  private static void gather(ClientSession session, List<String> addrs, byte[][] argv,
      Function<RespValue[], RespValue> merge) {
    List<byte[][]> same = new ArrayList<>();
    for (int i = 0; i < addrs.size(); i++) {
      same.add(argv);
    }
    gather(session, addrs, same, merge);
  }

  private static void gather(ClientSession session, List<String> addrs, List<byte[][]> requests,
      Function<RespValue[], RespValue> merge) {
    ClientSession.Pending p = session.enqueue();
    RespValue[] replies = new RespValue[addrs.size()];
    int[] missing = {replies.length};
    for (int i = 0; i < replies.length; i++) {
      int index = i;
      session.forward(addrs.get(i), requests.get(i), v -> {
        replies[index] = v;
        if (--missing[0] == 0) {
          for (RespValue r : replies) {
            if (r instanceof RespValue.ErrorValue) {
              session.complete(p, r);
              return;
            }
          }
          session.complete(p, merge.apply(replies));
        }
      });
    }
  }

  /** NUMSUB a b: one {@code PUBSUB NUMSUB x} per channel to its master, concatenated. */
  private static void perChannel(ClientSession session, SlotTable table, byte[][] argv) {
    if (argv.length == 2) {
      session.reply(new RespValue.ArrayValue(List.of()));
      return;
    }
    List<String> addrs = new ArrayList<>();
    List<byte[][]> requests = new ArrayList<>();
    for (int i = 2; i < argv.length; i++) {
      String m = table.masterOf(Slots.slotOf(argv[i], table.slotCount()));
      addrs.add(m == null ? table.masters().get(0) : m);
      requests.add(new byte[][] {argv[0], argv[1], argv[i]});
    }
    gather(session, addrs, requests, PubSubQueries::concat);
  }

  private static RespValue union(RespValue[] replies) {
    Set<RespValue> all = new LinkedHashSet<>();
    for (RespValue r : replies) {
      all.addAll(elements(r));
    }
    return new RespValue.ArrayValue(new ArrayList<>(all));
  }

  private static RespValue concat(RespValue[] replies) {
    List<RespValue> all = new ArrayList<>();
    for (RespValue r : replies) {
      all.addAll(elements(r));
    }
    return new RespValue.ArrayValue(all);
  }

  private static RespValue max(RespValue[] replies) {
    long max = 0;
    for (RespValue r : replies) {
      if (r instanceof RespValue.IntegerValue i) {
        max = Math.max(max, i.value());
      }
    }
    return new RespValue.IntegerValue(max);
  }

  private static List<RespValue> elements(RespValue r) {
    if (r instanceof RespValue.ArrayValue a && !a.isNull()) {
      return a.elements();
    }
    if (r instanceof RespValue.SetValue s) {
      return s.elements();
    }
    if (r instanceof RespValue.MapValue m) {
      List<RespValue> flat = new ArrayList<>();
      for (RespValue.Entry e : m.entries()) {
        flat.add(e.key());
        flat.add(e.value());
      }
      return flat;
    }
    return List.of();
  }
}
