package io.codis.node.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.SlotView;
import io.codis.protocol.Slots;
import io.codis.protocol.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotOwnershipTest {
  static final CommandTable TABLE = CommandTable.standard();
  static final int N = 16;

  /** Slots 0..7 group 1 (master a:1), 8..13 group 2 (master b:2), 14 offline, 15 an unknown state. */
  static ClusterView view() {
    List<SlotView> slots = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      String state = i == 14 ? SlotView.OFFLINE : i == 15 ? "SWITCHING" : SlotView.STABLE;
      slots.add(new SlotView(i, i < 8 ? 1 : i == 14 ? 0 : 2, state));
    }
    return new ClusterView(7, true, N, 0,
        List.of(new GroupView(1, 1, "a:1", List.of("r:9"), null, 0), new GroupView(2, 1, "b:2", List.of(), null, 0)),
        slots, List.of(), List.of());
  }

  static String keyIn(int slot) {
    for (int i = 0; ; i++) {
      String k = "k" + i;
      if (Slots.slotOf(k.getBytes(StandardCharsets.UTF_8), N) == slot) {
        return k;
      }
    }
  }

  static String refusal(SlotOwnership o, String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return o.refusal(TABLE.resolve(argv), argv);
  }

  @Test
  void ownedSlotsRunOthersAreMovedDownOrSwitching() {
    SlotOwnership o = SlotOwnership.of(view(), "a:1");
    assertEquals(1, o.groupId());
    assertEquals(8, o.ownedCount());
    assertNull(refusal(o, "GET", keyIn(3)));
    assertEquals("MOVED 9 b:2", refusal(o, "SET", keyIn(9), "v"));
    assertEquals("CLUSTERDOWN Hash slot not served", refusal(o, "GET", keyIn(14)));
    assertEquals("TRYAGAIN slot 15 is switching owner", refusal(o, "GET", keyIn(15)));
    assertNull(refusal(o, "DBSIZE"), "keyless commands are not checked");
    assertNull(refusal(o, "PING"));
  }

  @Test
  void aMigratingSlotIsStillItsSourceGroupsUntilTheSwitch() {
    List<SlotView> slots = new ArrayList<>(view().slots());
    slots.set(3, new SlotView(3, 1, SlotView.MIGRATING));
    ClusterView v = view();
    ClusterView migrating = new ClusterView(v.version(), true, N, 0, v.groups(), slots, List.of(), List.of());
    assertNull(refusal(SlotOwnership.of(migrating, "a:1"), "SET", keyIn(3), "v"), "the source serves it");
    assertEquals("MOVED 3 a:1", refusal(SlotOwnership.of(migrating, "b:2"), "GET", keyIn(3)),
        "the target does not serve it before the switch");
  }

  @Test
  void multiKeyCommandsAreRefusedForTheFirstForeignKey() {
    SlotOwnership o = SlotOwnership.of(view(), "a:1");
    assertNull(refusal(o, "MGET", keyIn(1), keyIn(2)));
    assertEquals("MOVED 10 b:2", refusal(o, "MGET", keyIn(1), keyIn(10), keyIn(9)));
    assertEquals("MOVED 12 b:2", refusal(o, "MSET", keyIn(0), "x", keyIn(12), "y"));
  }

  @Test
  void aReplicaOwnsItsGroupsSlotsAndAStrangerOwnsNothing() {
    assertEquals(8, SlotOwnership.of(view(), "r:9").ownedCount());
    SlotOwnership stranger = SlotOwnership.of(view(), "z:0");
    assertEquals(0, stranger.ownedCount());
    assertEquals("MOVED 3 a:1", refusal(stranger, "GET", keyIn(3)));
  }

  @Test
  void beforeTheFirstViewEveryKeyedCommandIsRefused() {
    SlotOwnership o = SlotOwnership.unknown(N);
    assertTrue(refusal(o, "GET", "x").startsWith("CLUSTERDOWN "));
    assertNull(refusal(o, "PING"));
  }
}
