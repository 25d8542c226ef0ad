package io.codis.node.commands.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.codis.node.testing.Reply;
import io.codis.protocol.command.CommandFlag;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.CommandTable;
import io.codis.protocol.command.KeySpec;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Our rows of the string and bitmap groups against redis-server's COMMAND INFO. */
class StringRowsIT extends StringsTestBase {

  @Test
  void arityFlagsAndKeysMatchRedis() throws Exception {
    int checked = 0;
    for (CommandSpec spec : CommandTable.standard().all()) {
      if (!spec.group().equals("string") && !spec.group().equals("bitmap")) {
        continue;
      }
      Reply.Arr info = assertInstanceOf(Reply.Arr.class, d.reference().call("COMMAND", "INFO", spec.name()));
      Reply.Arr row = assertInstanceOf(Reply.Arr.class, info.items().get(0), spec.name());
      List<Reply> fields = row.items();
      assertEquals(((Reply.Int) fields.get(1)).value(), spec.arity(), spec.name() + " arity");
      Set<String> redisFlags = new TreeSet<>();
      for (Reply flag : ((Reply.Arr) fields.get(2)).items()) {
        redisFlags.add(((Reply.Simple) flag).text());
      }
      Set<String> ourFlags = new TreeSet<>();
      for (CommandFlag flag : spec.flags()) {
        ourFlags.add(flag.replyName());
      }
      assertEquals(redisFlags, ourFlags, spec.name() + " flags");
      KeySpec.Range keys = (KeySpec.Range) spec.keys().get(0);
      assertEquals(((Reply.Int) fields.get(3)).value(), keys.first(), spec.name() + " first key");
      assertEquals(((Reply.Int) fields.get(4)).value(), keys.last(), spec.name() + " last key");
      assertEquals(((Reply.Int) fields.get(5)).value(), keys.step(), spec.name() + " key step");
      checked++;
    }
    assertEquals(29, checked, "string and bitmap rows");
    assertFalse(CommandTable.standard().lookup("bitfield_ro").isWrite());
  }
}
