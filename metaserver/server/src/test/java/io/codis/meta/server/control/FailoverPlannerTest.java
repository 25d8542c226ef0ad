package io.codis.meta.server.control;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.NodeView;
import io.codis.meta.server.control.FailoverPlanner.ReplicaState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The controller's decisions, from the state and from what the replicas said. */
class FailoverPlannerTest {
  static final GroupView G = new GroupView(1, 7, "m:1", List.of("a:1", "b:1", "c:1"), "", 0);

  static NodeView node(String addr, boolean failed, long offset) {
    return new NodeView(addr, "r", 0, 0, offset, failed ? List.of("m0", "m1") : List.of(), failed);
  }

  static Map<String, NodeView> nodes(boolean masterFailed, String... failedReplicas) {
    Map<String, NodeView> m = new java.util.HashMap<>();
    m.put("m:1", node("m:1", masterFailed, 1000));
    for (String r : G.replicas()) {
      m.put(r, node(r, List.of(failedReplicas).contains(r), 0));
    }
    return m;
  }

  @Test
  void aLiveMasterOrAnEmptyGroupIsLeftAlone() {
    assertInstanceOf(FailoverPlanner.Healthy.class, FailoverPlanner.assess(G, nodes(false), false));
    assertInstanceOf(FailoverPlanner.Healthy.class, FailoverPlanner.assess(G, Map.of(), false),
        "an unregistered master is never declared failed");
    GroupView empty = new GroupView(2, 1, "", List.of(), "", 0);
    assertInstanceOf(FailoverPlanner.Healthy.class, FailoverPlanner.assess(empty, Map.of(), false));
  }

  @Test
  void nothingIsReadWhileTheLeaseMayBeValid() {
    FailoverPlanner.Decision d = FailoverPlanner.assess(G, nodes(true), true);
    assertInstanceOf(FailoverPlanner.Waiting.class, d);
    assertTrue(d.state().contains("lease"), d.state());
  }

  @Test
  void failedReplicasAreNotCandidates() {
    FailoverPlanner.Decision d = FailoverPlanner.assess(G, nodes(true, "b:1"), false);
    assertEquals(List.of("a:1", "c:1"), ((FailoverPlanner.ReadOffsets) d).candidates());
    d = FailoverPlanner.assess(G, nodes(true, "a:1", "b:1", "c:1"), false);
    assertInstanceOf(FailoverPlanner.Blocked.class, d);
    GroupView alone = new GroupView(1, 7, "m:1", List.of(), "", 0);
    assertTrue(FailoverPlanner.assess(alone, nodes(true), false).state().contains("no replica"));
  }

  @Test
  void theHighestQualifyingOffsetWins() {
    FailoverPlanner.Decision d = FailoverPlanner.choose(G, 1000, List.of(
        new ReplicaState("a:1", true, 990, false, null),
        new ReplicaState("b:1", true, 2000, true, null),
        new ReplicaState("c:1", true, 995, false, null)), 100);
    FailoverPlanner.Promote p = (FailoverPlanner.Promote) d;
    assertEquals("c:1", p.addr());
    assertEquals(995, p.toOffset());
    assertEquals(1000, p.fromOffset());
    assertTrue(p.detail().contains("b:1 is loading"), p.detail());
  }

  @Test
  void tiesGoToTheFirstListed() {
    FailoverPlanner.Decision d = FailoverPlanner.choose(G, 0, List.of(
        new ReplicaState("b:1", true, 5, false, null),
        new ReplicaState("a:1", true, 5, false, null)), 0);
    assertEquals("b:1", ((FailoverPlanner.Promote) d).addr());
  }

  @Test
  void emptyLoadingBehindOrSilentReplicasAreNeverPromoted() {
    FailoverPlanner.Decision d = FailoverPlanner.choose(G, 1000, List.of(
        new ReplicaState("a:1", true, 0, false, null),
        new ReplicaState("b:1", true, 900, true, null),
        new ReplicaState("c:1", true, 800, false, null),
        ReplicaState.unreachable("d:1", "ConnectException")), 100);
    assertInstanceOf(FailoverPlanner.Blocked.class, d);
    String why = d.state();
    assertTrue(why.contains("a:1 is empty"), why);
    assertTrue(why.contains("b:1 is loading"), why);
    assertTrue(why.contains("c:1 is 200 bytes behind (allowed: 100)"), why);
    assertTrue(why.contains("d:1 did not answer"), why);
  }
}
