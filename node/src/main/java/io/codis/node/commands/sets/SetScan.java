package io.codis.node.commands.sets;

import io.codis.node.commands.common.CollectionScan;
import io.codis.node.exec.Call;
import io.codis.node.keyspace.SetValue;
import java.util.ArrayList;
import java.util.List;

/**
 * SSCAN: a compact set (intset or listpack-sized) in one reply with cursor 0, as Redis does, an
 * intset in ascending numeric order; a larger set by cursor.
 */
final class SetScan {
  private SetScan() {}

  /* SSCAN key cursor [MATCH pattern] [COUNT count] */
  static void sscan(Call c) {
    long cursor = CollectionScan.parseCursor(c.arg(2));
    SetValue set = c.typed(c.arg(1), SetValue.class);
    if (set == null) {
      CollectionScan.emptyReply(c.reply());
      return;
    }
    CollectionScan.Options options = CollectionScan.parseOptions(c, 3);
    List<byte[]> members = new ArrayList<>();
    if (set.isIntset()) {
      List<byte[]> all = new ArrayList<>(set.size());
      set.members().forEach((member, present) -> all.add(member));
      all.sort((a, b) -> Long.compare(decimal(a), decimal(b)));
      for (byte[] member : all) {
        if (options.accepts(member)) {
          members.add(member);
        }
      }
      CollectionScan.reply(c.reply(), 0, members);
      return;
    }
    if (set.isListpack()) {
      set.members().forEach((member, present) -> {
        if (options.accepts(member)) {
          members.add(member);
        }
      });
      CollectionScan.reply(c.reply(), 0, members);
      return;
    }
    int[] visited = {0};
    long next = CollectionScan.walk(set.members(), cursor, options.count(), (member, present) -> {
      visited[0]++;
      if (options.accepts(member)) {
        members.add(member);
      }
    }, () -> visited[0]);
    CollectionScan.reply(c.reply(), next, members);
  }

  private static long decimal(byte[] canonical) {
    return Long.parseLong(new String(canonical, java.nio.charset.StandardCharsets.US_ASCII));
  }
}
