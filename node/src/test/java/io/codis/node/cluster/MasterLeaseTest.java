package io.codis.node.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.protocol.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lease's state machine on the real monotonic clock (short TTLs; under a second in all). */
class MasterLeaseTest {
  static final CommandTable TABLE = CommandTable.standard();

  static boolean guards(String... argv) {
    byte[][] a = new byte[argv.length][];
    for (int i = 0; i < argv.length; i++) {
      a[i] = argv[i].getBytes(StandardCharsets.UTF_8);
    }
    return MasterLease.guards(TABLE.resolve(a));
  }

  @Test
  void driftMarginIsTheLargerOf200msAndATenth() {
    assertEquals(200, MasterLease.driftMarginMs(500));
    assertEquals(400, MasterLease.driftMarginMs(4_000));
    assertThrows(IllegalArgumentException.class, () -> new MasterLease(100));
  }

  @Test
  void dataCommandsAreGuardedAndTheRestAreNot() {
    for (String[] c : new String[][] {{"get", "k"}, {"set", "k", "v"}, {"keys", "*"}, {"scan", "0"},
        {"flushall"}, {"dbsize"}, {"randomkey"}, {"mget", "a", "b"}}) {
      assertTrue(guards(c), String.join(" ", c));
    }
    for (String[] c : new String[][] {{"ping"}, {"info"}, {"role"}, {"auth", "x"}, {"masterfence", "1"},
        {"replconf", "ack", "1"}, {"client", "list"}, {"multi"}, {"publish", "ch", "m"}}) {
      assertFalse(guards(c), String.join(" ", c));
    }
  }

  @Test
  void servesFromAGrantUntilTtlMinusDriftCountedFromTheSend() throws Exception {
    MasterLease lease = new MasterLease(500); // 300 ms of serving per grant
    assertEquals("FENCED this node is not its group's master in the cluster view (group 0, epoch 0)", lease.refusal());
    lease.view(3, 7, true);
    assertEquals("FENCED master lease not acquired yet (group 3, epoch 7)", lease.refusal());
    assertArrayEquals(new long[] {3, 7}, lease.renewalTarget());
    long sent = System.nanoTime();
    lease.granted(sent, 3, 7);
    assertNull(lease.refusal());
    assertTrue(lease.leaseValid());
    while (System.nanoTime() - sent < 300_000_000L) {
      Thread.sleep(5);
    }
    assertEquals("FENCED master lease expired (group 3, epoch 7)", lease.refusal());
    assertFalse(lease.leaseValid());
  }

  @Test
  void aGrantForAnOldEpochOrAfterTheViewMovedIsIgnored() {
    MasterLease lease = new MasterLease(4_000);
    lease.view(1, 2, true);
    lease.granted(System.nanoTime(), 1, 1);
    assertNotNull(lease.refusal());
    lease.granted(System.nanoTime(), 1, 2);
    assertNull(lease.refusal());
    lease.view(1, 3, true); // a new epoch: the lease must be acquired again
    assertEquals("FENCED master lease not acquired yet (group 1, epoch 3)", lease.refusal());
    lease.granted(System.nanoTime(), 1, 3);
    lease.view(1, 3, false);
    assertEquals("FENCED this node is not its group's master in the cluster view (group 1, epoch 3)", lease.refusal());
    assertNull(lease.renewalTarget());
  }

  @Test
  void revokedRenewalsFenceAtOnceAndUnreachableOnesDoNot() {
    MasterLease lease = new MasterLease(4_000);
    lease.view(1, 2, true);
    lease.granted(System.nanoTime(), 1, 2);
    lease.renewalFailed(1, 2, "UNAVAILABLE: no leader", false);
    assertNull(lease.refusal());
    lease.renewalFailed(1, 2, "STALE_EPOCH: epoch 3", true);
    assertEquals("FENCED master lease expired (group 1, epoch 2)", lease.refusal());
  }

  @Test
  void switchoverFenceNeedsTheEpochAndEndsWithClearOrANewerEpoch() {
    MasterLease lease = new MasterLease(4_000);
    lease.view(1, 5, true);
    lease.granted(System.nanoTime(), 1, 5);
    assertEquals("FENCED this master is at epoch 5, not 4 (group 1)", lease.fenceForSwitchover(4));
    assertNull(lease.refusal());
    assertNull(lease.fenceForSwitchover(5));
    assertEquals("FENCED master fenced for switchover (group 1, epoch 5)", lease.refusal());
    assertTrue(lease.leaseValid(), "the lease itself still holds: acked replies may go out");
    lease.granted(System.nanoTime(), 1, 5);
    assertNotNull(lease.refusal(), "a renewal does not lift the fence");
    assertNull(lease.clearSwitchoverFence(5));
    assertNull(lease.refusal());
    assertNull(lease.fenceForSwitchover(5));
    lease.view(1, 6, true);
    assertEquals("FENCED master lease not acquired yet (group 1, epoch 6)", lease.refusal());
    lease.granted(System.nanoTime(), 1, 6);
    assertNull(lease.refusal());
  }

  @Test
  void aReplicaKnowingANewerEpochFencesTheMaster() {
    MasterLease lease = new MasterLease(4_000);
    lease.view(2, 9, true);
    lease.granted(System.nanoTime(), 2, 9);
    assertNull(lease.replicaKnows(9));
    assertNull(lease.replicaKnows(0));
    assertEquals("FENCED this master is at epoch 9 of group 2; the replica knows epoch 10", lease.replicaKnows(10));
    assertEquals("FENCED group 2 has a newer epoch 10 than this master (group 2, epoch 9)", lease.refusal());
    List<String[]> info = lease.info();
    assertTrue(info.stream().anyMatch(f -> f[0].equals("master_lease_state") && f[1].equals("fenced_newer_epoch")));
  }

  @Test
  void becomingMasterAsksForARenewalAtOnce() {
    MasterLease lease = new MasterLease(4_000);
    int[] asked = {0};
    lease.onLeaseNeeded(() -> asked[0]++);
    lease.view(2, 5, false);
    assertEquals(0, asked[0], "a replica needs no lease");
    lease.view(2, 6, true);
    assertEquals(1, asked[0], "promoted: the lease is asked for now, not at the next period");
    lease.view(2, 6, true);
    assertEquals(1, asked[0], "the same view again changes nothing");
    lease.view(2, 7, true);
    assertEquals(2, asked[0], "master at a new epoch: a new lease");
  }
}
