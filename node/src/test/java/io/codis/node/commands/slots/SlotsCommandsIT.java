package io.codis.node.commands.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import io.codis.protocol.Slots;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SLOTSINFO and SLOTSMEMORY against a node's real keyspace (about 1 s). */
class SlotsCommandsIT {
  private static int slotOf(String key) {
    return Slots.slotOf(key.getBytes(StandardCharsets.UTF_8), Slots.DEFAULT_SLOT_COUNT);
  }

  @Test
  void countsKeysPerSlotAndEstimatesBytes() throws Exception {
    try (TestNode node = TestNode.start(); RespClient c = node.client()) {
      assertEquals(new Reply.Arr('*', List.of()), c.call("SLOTSINFO"));
      for (int i = 0; i < 50; i++) {
        c.call("SET", "{a}" + i, "x".repeat(100));
      }
      c.call("SET", "b", "1");
      int a = slotOf("{a}");
      int b = slotOf("b");
      Reply.Arr all = (Reply.Arr) c.call("SLOTSINFO");
      assertEquals(a == b ? 1 : 2, all.items().size());
      Reply.Arr one = (Reply.Arr) c.call("SLOTSINFO", String.valueOf(a), "1");
      assertEquals(new Reply.Arr('*', List.of(new Reply.Arr('*', List.of(new Reply.Int(a), new Reply.Int(a == b ? 51 : 50))))), one);
      long bytes = ((Reply.Int) c.call("SLOTSMEMORY", String.valueOf(a))).value();
      assertTrue(bytes >= 50 * 100 && bytes < 50 * 1000, "bytes " + bytes);
      int empty = (a + 1) % Slots.DEFAULT_SLOT_COUNT == b ? (a + 2) % Slots.DEFAULT_SLOT_COUNT : (a + 1) % Slots.DEFAULT_SLOT_COUNT;
      assertEquals(new Reply.Int(0), c.call("SLOTSMEMORY", String.valueOf(empty)));
      assertEquals(new Reply.Error("ERR invalid slot number"), c.call("SLOTSINFO", "1024"));
      assertEquals(new Reply.Error("ERR invalid slot number"), c.call("SLOTSMEMORY", "-1"));
      assertEquals(new Reply.Error("ERR value is not an integer or out of range"), c.call("SLOTSINFO", "x"));
    }
  }
}
