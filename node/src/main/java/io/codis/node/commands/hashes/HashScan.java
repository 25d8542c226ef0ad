package io.codis.node.commands.hashes;

import io.codis.node.commands.common.CollectionScan;
import io.codis.node.exec.Call;
import io.codis.node.keyspace.HashValue;
import java.util.ArrayList;
import java.util.List;

/** HSCAN: a listpack-sized hash in one reply (as Redis does), a larger one by cursor. */
final class HashScan {
  private HashScan() {}

  /* HSCAN key cursor [MATCH pattern] [COUNT count] */
  static void hscan(Call c) {
    long cursor = CollectionScan.parseCursor(c.arg(2));
    HashValue hash = c.typed(c.arg(1), HashValue.class);
    if (hash == null) {
      CollectionScan.emptyReply(c.reply());
      return;
    }
    CollectionScan.Options options = CollectionScan.parseOptions(c, 3);
    List<byte[]> pairs = new ArrayList<>();
    if (hash.isListpack()) {
      // Redis returns a listpack whole and ignores the cursor it was given.
      hash.fields().forEach((field, value) -> addIfMatching(options, pairs, field, value));
      CollectionScan.reply(c.reply(), 0, pairs);
      return;
    }
    // COUNT counts fields, but Redis compares it with a list holding fields and values.
    long wanted = options.count() > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : options.count() * 2;
    int[] visited = {0};
    long next = CollectionScan.walk(hash.fields(), cursor, wanted, (field, value) -> {
      visited[0] += 2;
      addIfMatching(options, pairs, field, value);
    }, () -> visited[0]);
    CollectionScan.reply(c.reply(), next, pairs);
  }

  private static void addIfMatching(CollectionScan.Options options, List<byte[]> pairs, byte[] field,
      byte[] value) {
    if (options.accepts(field)) {
      pairs.add(field);
      pairs.add(value);
    }
  }
}
