package io.codis.node.commands.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.SlotView;
import io.codis.node.cluster.SlotOwnership;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node that belongs to a cluster refuses SORT's BY and GET patterns as Redis 7.0 does in cluster
 * mode: the keys a pattern forms may live in another group, where this node would see them as
 * missing and answer a silently wrong order. A standalone node keeps serving them.
 */
class SortInClusterIT {
  private static final int SLOTS = 1024;

  @Test
  void patternsAreRefusedInClusterModeOnly() throws Exception {
    try (TestNode node = TestNode.start(); RespClient c = node.client()) {
      c.call("RPUSH", "ids", "2", "1");
      c.call("SET", "w_1", "10");
      c.call("SET", "w_2", "5");
      assertEquals("*[$\"2\", $\"1\"]", c.call("SORT", "ids", "BY", "w_*").toString());

      node.server().services().ownership(SlotOwnership.of(ownsEverything(node.port()), "127.0.0.1:" + node.port()));

      assertEquals("-ERR BY option of SORT denied in Cluster mode.", c.call("SORT", "ids", "BY", "w_*").toString());
      assertEquals("-ERR GET option of SORT denied in Cluster mode.", c.call("SORT", "ids", "GET", "#").toString());
      assertEquals("-ERR GET option of SORT denied in Cluster mode.", c.call("SORT_RO", "ids", "GET", "o_*").toString());
      // BY without a star only means "do not sort": still served.
      assertEquals("*[$\"2\", $\"1\"]", c.call("SORT", "ids", "BY", "nosort").toString());
      assertEquals("*[$\"1\", $\"2\"]", c.call("SORT", "ids").toString());
    }
  }

  private static ClusterView ownsEverything(int port) {
    List<SlotView> slots = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      slots.add(new SlotView(i, 1, SlotView.STABLE));
    }
    GroupView group = new GroupView(1, 1, "127.0.0.1:" + port, List.of(), "", 0);
    return new ClusterView(1, true, SLOTS, 0, List.of(group), slots, List.of(), List.of());
  }
}
