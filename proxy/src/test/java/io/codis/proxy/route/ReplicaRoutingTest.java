package io.codis.proxy.route;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.protocol.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which routes {@link Router#preferReplica} moves to a replica, and which it leaves alone. */
class ReplicaRoutingTest {
  static final String A = "10.0.0.1:6380";
  static final String A_REPLICA = "10.0.0.11:6380";
  static final String B = "10.0.0.2:6380";
  static final SlotTable TABLE;

  static {
    String[] bySlot = new String[1024];
    Arrays.fill(bySlot, 0, 512, A);
    Arrays.fill(bySlot, 512, 1024, B);
    TABLE = new SlotTable(3, bySlot, Map.of(A, 1, B, 2), Map.of(A, List.of(A_REPLICA)));
  }

  final Router router = new Router(CommandTable.standard());
  final TableSource source = TableSource.fixed(TABLE);

  static byte[][] argv(String... parts) {
    return Arrays.stream(parts).map(p -> p.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  /** The address {@code parts} is sent to, routed then offered to the replica choice. */
  String target(String... parts) {
    byte[][] a = argv(parts);
    Route r = router.preferReplica(a, router.route(a, source, 1), source);
    return r instanceof Route.Forward f ? f.addr() : r.getClass().getSimpleName();
  }

  /** A key of group 1 (master A), distinct for each i. */
  static String keyOnA(int i) {
    for (int n = 0; ; n++) {
      String k = "k:" + i + ":" + n;
      if (A.equals(TABLE.masterOf(io.codis.protocol.Slots.slotOf(k.getBytes(StandardCharsets.UTF_8), 1024)))) {
        return k;
      }
    }
  }

  @Test
  void offByDefaultEveryReadGoesToTheMaster() {
    assertEquals(A, target("GET", keyOnA(1)));
  }

  @Test
  void onReadonlyRequestsOfOneGroupGoToTheReplicaWritesNever() {
    router.readFromReplicas((master, table) -> table.replicasOf(master).isEmpty() ? null : table.replicasOf(master).get(0));
    String k = keyOnA(1);
    assertEquals(A_REPLICA, target("GET", k));
    assertEquals(A_REPLICA, target("HGET", k, "f"));
    assertEquals(A_REPLICA, target("MGET", k, "{" + k + "}x"));
    assertEquals(A, target("SET", k, "v"));
    assertEquals(A, target("INCR", k));
    // A master without replicas keeps its reads; a fan-out over two groups is not moved.
    String onB = "b";
    while (!B.equals(TABLE.masterOf(io.codis.protocol.Slots.slotOf(onB.getBytes(StandardCharsets.UTF_8), 1024)))) {
      onB = onB + "b";
    }
    assertEquals(B, target("GET", onB));
    assertEquals("FanOut", target("MGET", k, onB));
    // A retry is routed again without the replica choice: the master.
    Route.Forward again = assertInstanceOf(Route.Forward.class, router.reroute(argv("GET", k), source));
    assertEquals(A, again.addr());
  }

  @Test
  void noFreshReplicaMeansTheMaster() {
    router.readFromReplicas((master, table) -> null);
    assertEquals(A, target("GET", keyOnA(2)));
  }
}
