package io.codis.proxy.route;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.NodeView;
import io.codis.meta.client.model.SlotView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replicas a table offers for reads: the view's, minus those the metaserver marks failed. */
class SlotTableReplicasTest {
  static NodeView node(String addr, boolean failed) {
    return new NodeView(addr, "run", 0, 0, 0, failed ? List.of("m0", "m1") : List.of(), failed);
  }

  @Test
  void failedReplicasAreLeftOutAndGroupsWithoutMastersOfferNone() {
    List<SlotView> slots = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      slots.add(new SlotView(i, i < 4 ? 1 : 2, SlotView.STABLE));
    }
    ClusterView view = new ClusterView(5, true, 8, 0,
        List.of(new GroupView(1, 1, "m1:1", List.of("r1:1", "r1:2"), "", 0),
            new GroupView(2, 1, "m2:1", List.of("r2:1"), "", 0),
            new GroupView(3, 1, "", List.of("r3:1"), "", 0)),
        slots, List.of(),
        List.of(node("m1:1", false), node("r1:1", true), node("r1:2", false), node("r2:1", false)));
    SlotTable t = SlotTable.of(view);
    assertEquals(List.of("r1:2"), t.replicasOf("m1:1"), "r1:1 is failed");
    assertEquals(List.of("r2:1"), t.replicasOf("m2:1"));
    assertEquals(List.of(), t.replicasOf("r3:1"));
    assertEquals(List.of(), t.replicasOf("nobody:1"));
    assertEquals(List.of(), SlotTable.of(1, 8, List.of(new SlotTable.Range(0, 7, "m1:1"))).replicasOf("m1:1"),
        "a fixed table has no replicas");
  }
}
