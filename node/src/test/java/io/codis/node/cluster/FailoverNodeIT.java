package io.codis.node.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaException;
import io.codis.node.testing.MetaProcesses;
import io.codis.node.testing.NodeProcess;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.protocol.Slots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The node side of failover (docs/failover.md) with real processes: three metaserver JVMs and four
 * node JVMs. Group 1 (slots 0-511): A master, B replica, async. Group 2 (512-1023): C master and D
 * replica, both {@code replication-mode sync}. Leases of 2000 ms (drift margin 200 ms) keep it
 * short. Group 1's promotions go through {@code POST /v1/groups/{id}/promote} (it waits for the
 * old master's lease); group 2 is switched over ({@code POST /v1/groups/{id}/switchover}, which
 * sends MASTERFENCE), then its master is killed and the metaservers' controller replaces it. About 60-90 s on a loaded 2-core machine, most of it JVM starts and leases.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(240)
class FailoverNodeIT {
  static final long TTL_MS = 2_000;
  static final long DRIFT_MS = MasterLease.driftMarginMs(TTL_MS);
  static Path dir;
  static MetaProcesses meta;
  static MetaClient admin;
  static NodeProcess a;
  static NodeProcess b;
  static NodeProcess c;
  static NodeProcess d;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("failover-node-it");
    meta = MetaProcesses.start(3);
    admin = meta.client();
    meta.init(admin, 1024);
    a = node("a");
    b = node("b");
    c = node("c", "--replication-mode", "sync");
    d = node("d", "--replication-mode", "sync");
    admin.createGroup(1, null);
    admin.addServer(1, addr(a));
    admin.addServer(1, addr(b));
    admin.createGroup(2, null);
    admin.addServer(2, addr(c));
    admin.addServer(2, addr(d));
    admin.assignSlots(0, 511, 1, null);
    admin.assignSlots(512, 1023, 2, null);
  }

  static NodeProcess node(String name, String... extra) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--meta", meta.metaFlag(), "--master-lease-ttl", Long.toString(TTL_MS)));
    args.addAll(List.of(extra));
    return NodeProcess.start(dir.resolve(name), args.toArray(String[]::new));
  }

  @AfterAll
  static void stop() throws IOException {
    for (NodeProcess n : new NodeProcess[] {a, b, c, d}) {
      if (n != null) {
        n.close();
      }
    }
    if (meta != null) {
      meta.close();
    }
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
      }
    }
  }

  static String addr(NodeProcess n) {
    return "127.0.0.1:" + n.port();
  }

  /** A key in group 1's slots (first) or group 2's. */
  static String key(boolean group1, String prefix, int i) {
    for (int n = 0; ; n++) {
      String k = prefix + ":" + i + ":" + n;
      if ((Slots.slotOf(k.getBytes(StandardCharsets.UTF_8), 1024) < 512) == group1) {
        return k;
      }
    }
  }

  static Map<String, String> info(RespClient client, String section) throws IOException {
    String text = ((Reply.Bulk) client.call("INFO", section)).text();
    Map<String, String> m = new HashMap<>();
    for (String line : text.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        m.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return m;
  }

  static void await(String what, long timeoutMs, Check check) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!check.ok()) {
      if (System.currentTimeMillis() > deadline) {
        fail("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void signal(NodeProcess n, String sig) throws IOException, InterruptedException {
    assertEquals(0, new ProcessBuilder("kill", sig, Long.toString(n.pid())).inheritIO().start().waitFor());
  }

  /**
   * Promotes through the metaserver, retrying while the old master's lease is held; done as well
   * when the metaserver's own failover controller promoted {@code to} first.
   */
  static void promote(int group, NodeProcess to) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!addr(to).equals(admin.group(group).master())) {
      try {
        admin.promote(group, addr(to));
        return;
      } catch (MetaException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(100); // LEASE_HELD until the old master's lease ran out, or an election
      }
    }
  }

  /** The node answers a guarded read: it is a master holding its lease (or a replica). */
  static boolean servesReads(NodeProcess n) {
    try (RespClient client = new RespClient("127.0.0.1", n.port(), 5_000)) {
      return !(client.call("GET", key(false, "probe", 0)) instanceof Reply.Error)
          && "master".equals(info(client, "replication").get("role"));
    } catch (IOException e) {
      return false;
    }
  }

  static boolean setOk(NodeProcess n, String k, String v) {
    try (RespClient client = new RespClient("127.0.0.1", n.port(), 5_000)) {
      return client.call("SET", k, v).toString().equals("+OK");
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  @Order(1)
  void aMasterServesOnlyWithItsLeaseAndMasterfenceFencesIt() throws Exception {
    await("A holds its lease", 60_000, () -> setOk(a, key(true, "k", 0), "v"));
    long epoch = admin.group(1).epoch();
    try (RespClient client = new RespClient(a.port())) {
      Map<String, String> cluster = info(client, "cluster");
      assertEquals("valid", cluster.get("master_lease_state"), cluster.toString());
      assertEquals(Long.toString(epoch), cluster.get("cluster_epoch"));
      assertEquals("1", cluster.get("cluster_group"));
      long remaining = Long.parseLong(cluster.get("master_lease_remaining_ms"));
      assertTrue(remaining > 0 && remaining <= TTL_MS - DRIFT_MS, "remaining " + remaining);

      assertEquals("-FENCED this master is at epoch " + epoch + ", not " + (epoch + 7) + " (group 1)",
          client.call("MASTERFENCE", Long.toString(epoch + 7)).toString());
      client.call("SET", key(true, "k", 1), "before the fence");
      Reply fenceOffset = client.call("MASTERFENCE", Long.toString(epoch));
      assertInstanceOf(Reply.Int.class, fenceOffset, fenceOffset.toString());
      assertEquals(info(client, "replication").get("master_repl_offset"),
          Long.toString(((Reply.Int) fenceOffset).value()));
      String fenced = "-FENCED master fenced for switchover (group 1, epoch " + epoch + ")";
      assertEquals(fenced, client.call("SET", key(true, "k", 2), "x").toString());
      assertEquals(fenced, client.call("GET", key(true, "k", 1)).toString());
      assertEquals(fenced, client.call("DBSIZE").toString());
      assertEquals("+PONG", client.call("PING").toString());
      assertEquals("fenced_switchover", info(client, "cluster").get("master_lease_state"));
      assertTrue(client.call("MASTERFENCE", "CLEAR", Long.toString(epoch + 1)).toString().startsWith("-FENCED"));
      assertEquals("+OK", client.call("MASTERFENCE", "CLEAR", Long.toString(epoch)).toString());
      assertEquals("$\"before the fence\"", client.call("GET", key(true, "k", 1)).toString());
    }
    try (RespClient replica = new RespClient(b.port())) {
      assertTrue(replica.call("MASTERFENCE", "1").toString().startsWith("-FENCED this node is a replica"));
      long replicaOffset = Long.parseLong(info(replica, "replication").get("master_repl_offset"));
      assertTrue(replicaOffset > 0);
      await("master and replica report their offsets", 20_000, () -> admin.nodes().stream()
          .filter(n -> (n.addr().equals(addr(a)) || n.addr().equals(addr(b))) && n.offset() >= replicaOffset)
          .count() == 2);
    }
  }

  @Test
  @Order(2)
  void cutOffFromTheMetaserversTheMasterStopsServingBeforeItsLeaseEnds() throws Exception {
    String k = key(true, "k", 0);
    await("A holds its lease", 30_000, () -> setOk(a, k, "v"));
    long epoch = admin.group(1).epoch();
    try (RespClient client = new RespClient(a.port()); RespClient tx = new RespClient(a.port())) {
      assertEquals("+OK", tx.call("MULTI").toString());
      assertEquals("+QUEUED", tx.call("SET", key(true, "tx", 0), "1").toString());
      meta.pauseAll();
      // Every renewal that can still succeed was sent before this instant.
      long pausedAt = System.nanoTime();
      long lastServedSentMs = -1;
      String fenced = null;
      while (fenced == null) {
        long sent = (System.nanoTime() - pausedAt) / 1_000_000;
        Reply r = client.call("GET", k);
        if (r instanceof Reply.Error e) {
          fenced = e.text();
        } else {
          lastServedSentMs = sent;
        }
        assertTrue(sent < TTL_MS + 3_000, "still serving " + sent + " ms after the metaservers paused");
        Thread.sleep(5);
      }
      long fencedAfterMs = (System.nanoTime() - pausedAt) / 1_000_000;
      assertEquals("FENCED master lease expired (group 1, epoch " + epoch + ")", fenced);
      assertTrue(lastServedSentMs < TTL_MS - DRIFT_MS,
          "served a GET sent " + lastServedSentMs + " ms after the last possible renewal");
      assertTrue(fencedAfterMs <= TTL_MS + 1_000, "fenced only " + fencedAfterMs + " ms after the pause");
      System.out.printf("lease fencing: last GET served was sent %d ms after the pause, FENCED after %d ms "
          + "(ttl %d, drift %d)%n", lastServedSentMs, fencedAfterMs, TTL_MS, DRIFT_MS);
      assertEquals("-" + fenced, client.call("SET", k, "w").toString());
      assertEquals("-" + fenced, client.call("KEYS", "*").toString());
      assertEquals("-" + fenced, tx.call("EXEC").toString()); // whole, so a proxy knows nothing ran
      assertEquals("expired", info(client, "cluster").get("master_lease_state"));
      assertEquals("+PONG", client.call("PING").toString());
    } finally {
      meta.resumeAll();
    }
    await("A serves again once the metaservers are back", 90_000, () -> setOk(a, k, "after"));
    try (RespClient client = new RespClient(a.port())) {
      assertEquals("$nil", client.call("GET", key(true, "tx", 0)).toString()); // the fenced EXEC ran nothing
    }
  }

  @Test
  @Order(3)
  void anOldMasterRejoiningCountsAndLogsTheWritesTheNewMasterNeverSaw() throws Exception {
    await("A holds its lease", 30_000, () -> setOk(a, key(true, "k", 0), "v"));
    try (RespClient ca = new RespClient(a.port()); RespClient cb = new RespClient(b.port())) {
      await("B caught up with A", 30_000, () -> info(cb, "replication").get("master_link_status").equals("up")
          && info(cb, "replication").get("master_repl_offset").equals(info(ca, "replication").get("master_repl_offset")));
      // Cut B off A's stream without a new history: B keeps A's replication id and offset.
      assertEquals("+OK", cb.call("REPLICAOF", "127.0.0.1", "1").toString());
      await("A lost its replica", 10_000, () -> info(ca, "replication").get("connected_slaves").equals("0"));
      int lost = 25;
      for (int i = 0; i < lost; i++) {
        assertEquals("+OK", ca.call("SET", key(true, "lost", i), "never on B").toString());
      }
    }
    long epochBefore = admin.group(1).epoch();
    signal(a, "-STOP");
    try {
      promote(1, b);
      assertEquals(epochBefore + 1, admin.group(1).epoch());
      await("B serves at the new epoch", 30_000, () -> setOk(b, key(true, "after", 0), "on B"));
    } finally {
      signal(a, "-CONT");
    }
    try (RespClient ca = new RespClient(a.port())) {
      await("A rejoined as B's replica", 60_000, () -> {
        Map<String, String> r = info(ca, "replication");
        return "slave".equals(r.get("role")) && "up".equals(r.get("master_link_status"))
            && String.valueOf(b.port()).equals(r.get("master_port"));
      });
      Map<String, String> cl = info(ca, "cluster");
      assertEquals("25", cl.get("discarded_writes"), cl.toString());
      assertTrue(Long.parseLong(cl.get("discarded_bytes")) > 25 * 10, cl.toString());
      assertEquals("1", cl.get("discard_events"));
      assertEquals("$nil", ca.call("GET", key(true, "lost", 0)).toString());
      assertEquals("$\"on B\"", ca.call("GET", key(true, "after", 0)).toString());
    }
    String log = a.log();
    assertTrue(log.contains("DISCARDED WRITES") && log.contains(": 25 writes"), log);
  }

  @Test
  @Order(4)
  void aMasterThatHearsOfANewerEpochFromAReplicaFencesItself() throws Exception {
    long epoch = admin.group(1).epoch();
    await("B holds its lease", 30_000, () -> setOk(b, key(true, "k", 0), "v"));
    try (RespClient cb = new RespClient(b.port())) {
      assertEquals("-FENCED this master is at epoch " + epoch + " of group 1; the replica knows epoch " + (epoch + 1),
          cb.call("REPLCONF", "epoch", Long.toString(epoch + 1)).toString());
      assertEquals("-FENCED group 1 has a newer epoch " + (epoch + 1) + " than this master (group 1, epoch " + epoch + ")",
          cb.call("SET", key(true, "k", 0), "x").toString());
      assertEquals("fenced_newer_epoch", info(cb, "cluster").get("master_lease_state"));
    }
  }

  /** Writes distinct keys to {@code target} until stopped or refused; keeps the acknowledged ones. */
  static final class Writer implements AutoCloseable {
    final List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean stop = new AtomicBoolean();
    volatile String firstError;
    final Thread thread;

    Writer(NodeProcess target, String prefix) {
      thread = new Thread(() -> {
        try (RespClient client = new RespClient("127.0.0.1", target.port(), 5_000)) {
          for (int i = 0; !stop.get(); i++) {
            String k = key(false, prefix, i);
            Reply r = client.call("SET", k, "v" + i);
            if (r.toString().equals("+OK")) {
              acknowledged.add(k);
            } else {
              firstError = r.toString();
              return; // refused (FENCED): nothing more to learn from this master
            }
          }
        } catch (IOException e) {
          // the master died: this write's outcome is unknown, and it is not counted
        }
      }, "sync-writer");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(15_000);
    }
  }

  static void assertAllOn(NodeProcess n, List<String> keys) throws IOException {
    try (RespClient client = new RespClient(n.port())) {
      List<String> missing = new ArrayList<>();
      for (String k : List.copyOf(keys)) {
        if (!(client.call("GET", k) instanceof Reply.Bulk)) {
          missing.add(k);
        }
      }
      assertEquals(List.of(), missing, "acknowledged writes lost (of " + keys.size() + ")");
    }
  }

  @Test
  @Order(5)
  void plannedSwitchoverUnderSyncWritesLosesNothing() throws Exception {
    await("C holds its lease with D attached", 60_000, () -> setOk(c, key(false, "s", -1), "v"));
    long epoch = admin.group(2).epoch();
    io.codis.meta.client.model.SwitchoverResult result;
    try (Writer w = new Writer(c, "sw")) {
      await("writes acknowledged", 30_000, () -> w.acknowledged.size() >= 100);
      result = admin.switchover(2, addr(d), 5_000L);
      await("the writer was refused by the old master", 10_000, () -> w.firstError != null);
      // FENCED while fenced; READONLY if its next write came only after the node became a replica
      assertTrue(w.firstError.startsWith("-FENCED master fenced for switchover (group 2, epoch " + epoch + ")")
          || w.firstError.startsWith("-READONLY"), w.firstError);
      w.close();
      assertEquals(addr(d), result.master());
      assertEquals(epoch + 1, result.epoch());
      System.out.printf("switchover: writes paused %d ms (fence offset %d, target offset %d), %d writes acknowledged%n",
          result.pauseMs(), result.fenceOffset(), result.targetOffset(), w.acknowledged.size());
      await("D serves as master", 30_000, () -> setOk(d, key(false, "s", -2), "v"));
      assertAllOn(d, w.acknowledged);
    }
  }

  @Test
  @Order(6)
  void theControllerReplacesAKilledSyncMasterAndNoAcknowledgedWriteIsLost() throws Exception {
    await("C follows D", 60_000, () -> {
      try (RespClient cc = new RespClient(c.port())) {
        Map<String, String> r = info(cc, "replication");
        return "slave".equals(r.get("role")) && "up".equals(r.get("master_link_status"));
      }
    });
    try (Writer w = new Writer(d, "kill")) {
      await("writes acknowledged", 30_000, () -> w.acknowledged.size() >= 200);
      d.killNine();
      long killedAt = System.nanoTime();
      w.close();
      // No promote call: the metaservers' failover controller detects the death and promotes C.
      // A read: in sync mode the new master has no replica left, so writes get NOREPLICAS.
      await("C serves as master", 60_000, () -> servesReads(c));
      System.out.printf("kill -9 of the master to the first read served by the new master: %d ms%n",
          (System.nanoTime() - killedAt) / 1_000_000);
      assertEquals(addr(c), admin.group(2).master());
      try (RespClient cc = new RespClient(c.port())) {
        assertEquals("-NOREPLICAS Not enough good replicas to write.", cc.call("SET", key(false, "s", -3), "v").toString());
      }
      assertAllOn(c, w.acknowledged);
    }
  }
}
