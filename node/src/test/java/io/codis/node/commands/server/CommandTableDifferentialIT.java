package io.codis.node.commands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every row of our table that redis-server also has: name, arity, flags and legacy key positions in
 * COMMAND INFO must be Redis's (subcommands included). COMMAND COUNT differs by design (we do not
 * have streams, scripting, cluster...), so only the common commands are compared.
 */
class CommandTableDifferentialIT extends DifferentialTestBase {
  @Test
  void commonRowsMatchRedis() throws Exception {
    Reply.Arr names = (Reply.Arr) d.ours().call("COMMAND", "LIST");
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (Reply name : names.items()) {
      String n = ((Reply.Bulk) name).text();
      Reply theirs = d.reference().call("COMMAND", "INFO", n);
      Reply.Arr theirEntry = ((Reply.Arr) theirs).items().get(0) instanceof Reply.Arr a ? a : null;
      if (theirEntry == null) {
        continue; // a command Redis 7.0 does not have (CLIENT SETINFO is 7.2's)
      }
      Reply.Arr ourEntry = (Reply.Arr) ((Reply.Arr) d.ours().call("COMMAND", "INFO", n)).items().get(0);
      String ours = legacy(ourEntry);
      String redis = legacy(theirEntry);
      compared++;
      if (!ours.equals(redis)) {
        mismatches.add("\n  redis " + redis + "\n  ours  " + ours);
      }
    }
    assertEquals(List.of(), mismatches, "rows that differ from Redis 7.0 (of " + compared + " compared)");
  }

  /** name, arity, flags (sorted), first, last, step. */
  private static String legacy(Reply.Arr entry) {
    List<Reply> items = entry.items();
    List<String> flags = new ArrayList<>();
    for (Reply f : ((Reply.Arr) items.get(2)).items()) {
      flags.add(f.toString());
    }
    flags.sort(null);
    return items.get(0) + " " + items.get(1) + " " + flags + " " + items.get(3) + " " + items.get(4) + " " + items.get(5);
  }
}
