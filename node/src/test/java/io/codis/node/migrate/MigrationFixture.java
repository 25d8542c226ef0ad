package io.codis.node.migrate;

import io.codis.node.testing.KeyspaceDump;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.protocol.Slots;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Helpers of the migration tests: keys of a chosen slot, status fields, full contents of a slot. */
final class MigrationFixture {
  private MigrationFixture() {}

  /** A hash tag whose keys ({@code {tag}...}) all land in a slot other than {@code avoid}. */
  static String tagOfSomeSlot(int seed, int avoid) {
    for (int i = seed; ; i++) {
      String tag = "t" + i;
      if (Slots.slotOf(tag.getBytes(), 1024) != avoid) {
        return tag;
      }
    }
  }

  static int slotOf(String tag) {
    return Slots.slotOf(tag.getBytes(), 1024);
  }

  /** SLOTSMIGRATE STATUS of one slot as a field map (empty when the node never migrated it). */
  static Map<String, String> status(RespClient c, int slot) throws IOException {
    Reply.Arr all = (Reply.Arr) c.call("SLOTSMIGRATE", "STATUS", Integer.toString(slot));
    Map<String, String> out = new HashMap<>();
    if (all.items().isEmpty()) {
      return out;
    }
    List<Reply> f = ((Reply.Arr) all.items().get(0)).items();
    for (int i = 0; i < f.size(); i += 2) {
      Reply v = f.get(i + 1);
      out.put(((Reply.Bulk) f.get(i)).text(), v instanceof Reply.Int n ? Long.toString(n.value()) : ((Reply.Bulk) v).text());
    }
    return out;
  }

  static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  static String phase(RespClient c, int slot) {
    try {
      return status(c, slot).getOrDefault("phase", "");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Keys of one slot on a node, with type, canonical value and absolute expiry. */
  static Map<String, String> slotContent(RespClient c, int slot) throws IOException {
    return KeyspaceDump.of(c, key -> Slots.slotOf(key.getBytes(), 1024) == slot);
  }
}
