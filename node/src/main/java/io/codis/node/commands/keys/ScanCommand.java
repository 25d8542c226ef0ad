package io.codis.node.commands.keys;

import io.codis.node.commands.common.CollectionScan;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.keyspace.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN over the keyspace. The cursor is {@link io.codis.node.keyspace.Keyspace#scan}'s (slot in the
 * low bits, that slot's reverse-binary bucket cursor above), so the guarantee is Redis's: a key
 * present for the whole iteration is returned at least once, whatever the tables do in between.
 */
final class ScanCommand {
  private ScanCommand() {}

  static void register(CommandRegistry r) {
    r.register("scan", ScanCommand::scan);
  }

  /* SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
  static void scan(Call c) {
    long cursor = CollectionScan.parseCursor(c.arg(1));
    CollectionScan.Options options = CollectionScan.parseOptions(c, 2, true);
    // Redis 7.0 compares the type's name, so an unknown name simply matches nothing.
    String type = options.type();
    List<byte[]> keys = new ArrayList<>();
    long next =
        c.keyspace()
            .scan(
                cursor,
                (int) Math.min(options.count(), Integer.MAX_VALUE),
                (key, value) -> {
                  if (!options.accepts(key)) {
                    return;
                  }
                  if (type != null && !ValueType.of(value).typeName().equalsIgnoreCase(type)) {
                    return;
                  }
                  keys.add(key);
                });
    CollectionScan.reply(c.reply(), next, keys);
  }
}
