package io.codis.meta.server.state;

import static io.codis.meta.server.state.Commands.*;
import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.model.FailoverView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.KvEntry;
import io.codis.meta.client.model.ProxyView;
import io.codis.meta.client.model.SlotView;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random command sequences checked against named invariants after every step. A failure
 * prints the seed; rerun with that seed to reproduce.
 */
class ClusterStateSimulationTest {
  private static final int SEEDS = 200;
  private static final int STEPS = 400;
  private static final String[] ADDRS = {"a:1", "b:1", "c:1", "d:1", "e:1", "f:1"};

  @Test
  void invariantsHoldForRandomSequences() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      run(seed);
    }
    // Guard against a generator that only produces refusals: every kind must be accepted sometimes.
    for (Command.BodyCase kind : Command.BodyCase.values()) {
      if (kind != Command.BodyCase.BODY_NOT_SET) {
        assertTrue(accepted.getOrDefault(kind, 0) > 0, "never accepted: " + kind);
      }
    }
  }

  private final Map<Command.BodyCase, Integer> accepted = new HashMap<>();

  private void run(long seed) {
    Random rnd = new Random(seed);
    ClusterState s = new ClusterState();
    ClusterState twin = new ClusterState();
    Map<Integer, Long> epochs = new HashMap<>();
    Map<String, Long> kvVersions = new HashMap<>();
    long now = 0;
    List<Command> log = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      now += rnd.nextInt(400) - 50;
      Command c = randomCommand(rnd, s, now);
      long versionBefore = s.version();
      long kvRevisionBefore = s.kv.revision();
      byte[] before = Snapshots.toProto(s).toByteArray();
      Result r = s.apply(c);
      twin.apply(c);
      log.add(c);
      String where = "seed " + seed + " step " + step + " " + c.getBodyCase() + " -> " + r.getCode();
      if (r.getOk()) {
        accepted.merge(c.getBodyCase(), 1, Integer::sum);
      } else {
        assertArrayEquals(before, Snapshots.toProto(s).toByteArray(), "refusal changed state: " + where);
      }
      if (c.hasExpectedVersion() && c.getExpectedVersion() != versionBefore) {
        assertFalse(r.getOk(), "stale CAS applied: " + where);
      }
      assertTrue(s.version() >= versionBefore, "version went back: " + where);
      assertTrue(s.version() <= versionBefore + 1, "version jumped: " + where);
      assertTrue(s.kv.revision() >= kvRevisionBefore, "kv revision went back: " + where);
      checkInvariants(s, epochs, kvVersions, where);
    }
    assertArrayEquals(Snapshots.toProto(s).toByteArray(), Snapshots.toProto(twin).toByteArray(),
        "replicas diverged, seed " + seed);
    ClusterState restored = Snapshots.fromProto(Snapshots.toProto(s), Limits.DEFAULT);
    assertArrayEquals(Snapshots.toProto(s).toByteArray(), Snapshots.toProto(restored).toByteArray());
  }

  private void checkInvariants(ClusterState s, Map<Integer, Long> epochs,
      Map<String, Long> kvVersions, String where) {
    Set<Integer> groupIds = new HashSet<>();
    Set<String> servers = new HashSet<>();
    for (GroupView g : Views.groups(s)) {
      groupIds.add(g.id());
      Long last = epochs.get(g.id());
      assertTrue(last == null || g.epoch() >= last, "epoch went back: " + where);
      epochs.put(g.id(), g.epoch());
      assertTrue(g.epoch() <= s.version(), "epoch above version: " + where);
      if (!g.master().isEmpty()) {
        assertTrue(servers.add(g.master()), "server in two groups: " + where);
      }
      for (String r : g.replicas()) {
        assertTrue(servers.add(r), "server in two groups: " + where);
      }
      assertTrue(!g.master().isEmpty() || g.replicas().isEmpty(), "replicas without master: " + where);
    }
    for (SlotView slot : Views.slots(s)) {
      // A slot has one owner field, so "at most one group" reduces to: the owner exists, and the
      // state agrees with having one.
      if (slot.groupId() != 0) {
        assertTrue(groupIds.contains(slot.groupId()), "slot owned by missing group: " + where);
        assertEquals(SlotView.STABLE, slot.state(), where);
      } else {
        assertEquals(SlotView.OFFLINE, slot.state(), where);
      }
    }
    for (ProxyView p : Views.proxies(s)) {
      assertEquals(p.leaseExpiresAtMs() <= s.lastNowMs(), p.expired(), "proxy lease flag: " + where);
    }
    for (KvEntry e : Views.kvAll(s)) {
      Long last = kvVersions.get(e.key());
      assertTrue(last == null || e.version() >= last, "key version went back: " + where);
      assertTrue(e.version() <= s.kv.revision(), where);
      kvVersions.put(e.key(), e.version());
    }
  }

  private long term = 1;

  private Command randomCommand(Random rnd, ClusterState s, long now) {
    int group = 1 + rnd.nextInt(4);
    String addr = ADDRS[rnd.nextInt(ADDRS.length)];
    int slots = 32;
    int a = rnd.nextInt(slots + 2) - 1;
    int b = a + rnd.nextInt(8);
    Command c = switch (rnd.nextInt(19)) {
      case 0 -> init(now, rnd.nextInt(10) == 0 ? 0 : slots);
      case 1 -> createGroup(now, group);
      case 2 -> removeGroup(now, group);
      case 3 -> addServer(now, group, addr);
      case 4 -> removeServer(now, group, addr);
      case 5 -> promote(now, group, addr);
      case 6 -> assign(now, a, b, group);
      case 7 -> offline(now, a, b);
      case 8 -> registerProxy(now, "p" + rnd.nextInt(3), 100 + rnd.nextInt(1000));
      case 9 -> renewProxy(now, "p" + rnd.nextInt(3));
      case 10 -> removeProxy(now, "p" + rnd.nextInt(3));
      case 11 -> tick(now);
      case 12 -> {
        // Mostly the group's real master and epoch, so renewals are accepted often enough.
        GroupView g = Views.group(s, group);
        boolean real = g != null && rnd.nextInt(3) > 0;
        yield renewLease(now, group, real ? g.master() : addr,
            real ? g.epoch() : rnd.nextInt(6), 100 + rnd.nextInt(1000));
      }
      case 13 -> registerNode(now, addr);
      case 14 -> rnd.nextBoolean()
          ? suspect(now, addr, "m" + rnd.nextInt(3), rnd.nextBoolean(), 3) : put(now, "k" + rnd.nextInt(3), "v" + rnd.nextInt(5));
      case 15 -> rnd.nextBoolean() ? reportOffset(now, addr, rnd.nextInt(100))
          : casVersion(now, "k" + rnd.nextInt(3), rnd.nextInt(8), "v" + rnd.nextInt(5));
      case 16 -> {
        // Mostly a real replica at the real epoch, so some failovers are accepted.
        GroupView g = Views.group(s, group);
        boolean real = g != null && !g.replicas().isEmpty() && rnd.nextInt(3) > 0;
        yield failover(now, group, real ? g.replicas().get(rnd.nextInt(g.replicas().size())) : addr,
            real ? g.epoch() : rnd.nextInt(6),
            rnd.nextBoolean() ? FailoverView.SWITCHOVER : FailoverView.MASTER_FAILED);
      }
      case 17 -> failoverState(now, group, rnd.nextBoolean() ? "" : "waiting " + rnd.nextInt(3));
      default -> delete(now, "k" + rnd.nextInt(3));
    };
    // Terms only grow, as the applier copies them from the log; a new one arrives now and then.
    c = c.toBuilder().setTerm(term).build();
    if (rnd.nextInt(50) == 0) {
      term++;
    }
    if (rnd.nextInt(4) == 0) {
      // Sometimes a client-driven change based on the current version, sometimes on a stale one.
      long expected = s.version() - (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(3));
      c = c.toBuilder().setExpectedVersion(expected).build();
    }
    return c;
  }
}
