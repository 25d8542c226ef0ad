package io.codis.proxy.replica;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.proxy.ProxyConfig;
import io.codis.proxy.server.ProxyServer;
import io.codis.proxy.testing.MetaPeers;
import io.codis.proxy.topology.MetaTopology;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads from replicas end to end: one metaserver, one group of two real {@code codis-node}
 * processes (master M, replica R, following roles from the view), and two proxies in this JVM on
 * the same cluster, one with reads from replicas on (lag bound 1000 ms, probes every 250 ms), one
 * without. Where a read ran is read from the nodes' own {@code INFO commandstats} (GET calls).
 * Proves: with the flag reads run on R and not on M; without it nothing reaches R; a replica cut
 * off its master (REPLICAOF to nowhere) or stopped (SIGSTOP) stops getting reads within about a
 * second and the reads still succeed, from M; a codis-proxy process with CODIS_READ_FROM_REPLICA=yes
 * reads from R; under writes no read misses a write acknowledged longer than the bound ago.
 * 20-45 s on the loaded 2-core machine.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyReplicaReadIT {
  /** Time a cut-off replica may still get reads: the lag bound, a probe period and slack for load. */
  static final long DROP_OUT_MS_MAX = 1_000 + 250 + 750;

  static MetaPeers meta;
  static MetaClient admin;
  static Process master;
  static Process replica;
  static int masterPort;
  static int replicaPort;
  static MetaTopology onTopology;
  static MetaTopology offTopology;
  static ProxyServer on;
  static ProxyServer off;
  static int onPort;
  static int offPort;

  @BeforeAll
  static void start() throws Exception {
    meta = MetaPeers.start(1);
    admin = new MetaClient(meta.httpAddrs());
    meta.init(admin, 1024, 30_000);
    masterPort = freePort();
    replicaPort = freePort();
    master = node(masterPort);
    replica = node(replicaPort);
    admin.createGroup(1, null);
    admin.addServer(1, "127.0.0.1:" + masterPort);
    admin.addServer(1, "127.0.0.1:" + replicaPort);
    admin.assignSlots(0, 1023, 1, null);
    await("the master serves writes", 40_000, () -> {
      try (Jedis d = new Jedis("127.0.0.1", masterPort, 2_000)) {
        return "OK".equals(d.set("ready", "1"));
      } catch (JedisDataException | JedisConnectionException e) {
        return false;
      }
    });
    await("the replica's link is up", 40_000, () -> "up".equals(replication(replicaPort).get("master_link_status")));
    onTopology = topology("replica-reads-on");
    on = new ProxyServer(config("replica-reads-on"), onTopology);
    on.readFromReplicas(new ReplicaReadOptions(1_000, 250));
    onPort = on.start();
    onTopology.start("127.0.0.1:" + onPort);
    offTopology = topology("replica-reads-off");
    off = new ProxyServer(config("replica-reads-off"), offTopology);
    offPort = off.start();
    offTopology.start("127.0.0.1:" + offPort);
    await("both proxies have a table", 20_000, () -> onTopology.usable() != null && offTopology.usable() != null);
    try (Jedis p = new Jedis("127.0.0.1", onPort, 10_000)) {
      for (int i = 0; i < 20; i++) {
        assertEquals("OK", p.set("k" + i, "v" + i));
      }
    }
    await("the replica has the keys", 20_000, () -> {
      try (Jedis r = new Jedis("127.0.0.1", replicaPort, 2_000)) {
        return "v19".equals(r.get("k19"));
      }
    });
  }

  static ProxyConfig config(String id) {
    return ProxyConfig.defaults(id, meta.httpAddrs()).withPort(0).withEventLoops(1);
  }

  static MetaTopology topology(String id) {
    ProxyConfig cfg = config(id);
    return new MetaTopology(new MetaClient(meta.httpAddrs()), cfg.id(), cfg.leaseTtlMs(), cfg.renewPeriodMs());
  }

  static Process node(int port) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.codis.node.NodeMain", "--port", Integer.toString(port),
        "--meta", String.join(",", meta.httpAddrs()), "--announce", "127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (replica != null) {
      signal(replica, "-CONT");
    }
    for (AutoCloseable c : new AutoCloseable[] {on, onTopology, off, offTopology}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // keep closing the others
        }
      }
    }
    for (Process p : new Process[] {master, replica}) {
      if (p != null) {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
    if (meta != null) {
      meta.close();
    }
  }

  /** Every test starts with the replica fresh in the eyes of the proxy with the flag. */
  @BeforeEach
  void replicaReadable() throws Exception {
    await("the replica is readable at the proxy", 40_000, ProxyReplicaReadIT::replicaReadableNow);
  }

  static boolean replicaReadableNow() {
    return "readable".equals(on.replicaHealth().states().get("127.0.0.1:" + replicaPort));
  }

  @Test
  @Order(1)
  void withTheFlagReadsRunOnTheReplicaAndWithoutItOnTheMaster() throws Exception {
    long m0 = getCalls(masterPort);
    long r0 = getCalls(replicaPort);
    long sent0 = on.replicaHealth().reads();
    readAll(onPort, 200);
    long r1 = getCalls(replicaPort);
    assertEquals(200, r1 - r0, "every GET through the proxy with the flag ran on the replica");
    assertEquals(0, getCalls(masterPort) - m0, "no GET through the proxy with the flag ran on the master");
    assertEquals(200, on.replicaHealth().reads() - sent0);
    try (Jedis p = new Jedis("127.0.0.1", onPort, 10_000)) {
      assertTrue(p.info("proxy").contains("replica0:addr=127.0.0.1:" + replicaPort + ",state=readable"));
      // A write still goes to the master (a replica would answer READONLY).
      assertEquals("OK", p.set("k0", "v0"));
    }

    long m1 = getCalls(masterPort);
    readAll(offPort, 200);
    assertEquals(200, getCalls(masterPort) - m1, "without the flag every GET ran on the master");
    assertEquals(r1, getCalls(replicaPort), "without the flag no GET reached the replica");
    assertNull(off.replicaHealth());
  }

  /**
   * The switch as an operator sets it: a {@code codis-proxy} process ({@code ProxyMain}) started
   * with {@code CODIS_READ_FROM_REPLICA=yes} in its environment: its GETs run on the replica.
   */
  @Test
  @Order(2)
  void aProxyProcessStartedWithTheEnvironmentDefaultReadsFromTheReplica() throws Exception {
    int port = freePort();
    int adminPort = freePort();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.codis.proxy.ProxyMain", "--port", Integer.toString(port),
        "--meta", String.join(",", meta.httpAddrs()), "--admin-port", Integer.toString(adminPort), "--event-loops", "1")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("CODIS_READ_FROM_REPLICA", "yes");
    Process proxyProcess = pb.start();
    try {
      await("the proxy process reads from the replica", 60_000, () -> {
        try (Jedis p = new Jedis("127.0.0.1", port, 2_000)) {
          return p.info("proxy").contains("replica0:addr=127.0.0.1:" + replicaPort + ",state=readable");
        } catch (JedisConnectionException | JedisDataException e) {
          return false;
        }
      });
      long m0 = getCalls(masterPort);
      long r0 = getCalls(replicaPort);
      readAll(port, 100);
      assertEquals(100, getCalls(replicaPort) - r0, "the process's GETs ran on the replica");
      assertEquals(0, getCalls(masterPort) - m0, "none ran on the master");
      try (Jedis p = new Jedis("127.0.0.1", port, 2_000)) {
        assertTrue(p.info("proxy").contains("replica_reads_total:100"), p.info("proxy"));
      }
      String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("\ncodis_proxy_replica_reads_total 100\n"), metrics);
      assertTrue(metrics.contains("codis_proxy_replica_readable{addr=\"127.0.0.1:" + replicaPort + "\"} 1"), metrics);
    } finally {
      proxyProcess.destroy();
      if (!proxyProcess.waitFor(10, TimeUnit.SECONDS)) {
        proxyProcess.destroyForcibly();
      }
    }
  }

  @Test
  @Order(3)
  void aReplicaCutOffItsMasterStopsServingWithinASecondAndReadsGoToTheMaster() throws Exception {
    long cutAt = System.nanoTime();
    try (Jedis r = new Jedis("127.0.0.1", replicaPort, 5_000)) {
      assertEquals("OK", r.replicaof("127.0.0.1", 1)); // nobody listens on port 1
    }
    try {
      long tookMs = awaitNotReadable(cutAt);
      System.out.println("ProxyReplicaReadIT: a replica cut off its master dropped out after " + tookMs + " ms");
      assertTrue(tookMs <= DROP_OUT_MS_MAX, "dropped out after " + tookMs + " ms");
      readsRunOnTheMasterOnly();
    } finally {
      try (Jedis r = new Jedis("127.0.0.1", replicaPort, 5_000)) {
        r.replicaof("127.0.0.1", masterPort);
      }
    }
  }

  @Test
  @Order(4)
  void aStoppedReplicaStopsServingWithinASecondAndReadsGoToTheMaster() throws Exception {
    long sentBefore = on.replicaHealth().reads();
    long stoppedAt = System.nanoTime();
    signal(replica, "-STOP");
    try {
      // Sent at once, while the replica still counts as fresh: it goes to the stopped replica, gets
      // no reply within the replica read deadline (the 1000 ms lag bound), and is answered by the
      // master instead.
      CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> {
        try (Jedis p = new Jedis("127.0.0.1", onPort, 10_000)) {
          return p.get("k1");
        }
      });
      long tookMs = awaitNotReadable(stoppedAt);
      System.out.println("ProxyReplicaReadIT: a stopped replica dropped out after " + tookMs + " ms");
      assertTrue(tookMs <= DROP_OUT_MS_MAX, "dropped out after " + tookMs + " ms");
      assertEquals("v1", inFlight.get(20, TimeUnit.SECONDS));
      long inFlightMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
      System.out.println("ProxyReplicaReadIT: a read sent to the stopped replica was answered by the master after "
          + inFlightMs + " ms");
      if (on.replicaHealth().reads() > sentBefore) {
        assertTrue(inFlightMs >= 900, "it waited for the replica's deadline: " + inFlightMs + " ms");
        assertTrue(inFlightMs < 2_900, "not for the 3 s request deadline: " + inFlightMs + " ms");
      }
      long m0 = getCallsMasterOnly();
      readAll(onPort, 100);
      assertEquals(100, getCallsMasterOnly() - m0, "the reads ran on the master");
    } finally {
      signal(replica, "-CONT");
    }
    await("the stopped replica is readable again once it runs", 40_000, ProxyReplicaReadIT::replicaReadableNow);
  }

  /**
   * The bound itself, under writes: a writer increments a counter through the proxy (master) and
   * notes when each value was acknowledged; a reader reads it through the proxy (mostly from the
   * replica) for 3 s. Every value read is at least the last one acknowledged 1000 ms (the lag
   * bound) before the read was sent.
   */
  @Test
  @Order(5)
  void underWritesAReadNeverMissesAWriteAcknowledgedLongerThanTheBoundAgo() throws Exception {
    java.util.concurrent.ConcurrentSkipListMap<Long, Long> ackedAt = new java.util.concurrent.ConcurrentSkipListMap<>();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    long bound = TimeUnit.MILLISECONDS.toNanos(1_000);
    long sentBefore = on.replicaHealth().reads();
    CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
      long i = 0;
      try (Jedis p = new Jedis("127.0.0.1", onPort, 10_000)) {
        while (!stop.get()) {
          p.set("counter", Long.toString(++i));
          ackedAt.put(System.nanoTime(), i);
        }
      }
      return i;
    });
    long reads = 0;
    try (Jedis p = new Jedis("127.0.0.1", onPort, 10_000)) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < end) {
        long sent = System.nanoTime();
        String v = p.get("counter");
        long read = v == null ? 0 : Long.parseLong(v);
        Map.Entry<Long, Long> due = ackedAt.floorEntry(sent - bound);
        if (due != null) {
          assertTrue(read >= due.getValue(), "read " + read + " but " + due.getValue()
              + " was acknowledged more than the bound before the read");
        }
        reads++;
      }
    } finally {
      stop.set(true);
    }
    long written = writer.get(20, TimeUnit.SECONDS);
    long fromReplica = on.replicaHealth().reads() - sentBefore;
    System.out.println("ProxyReplicaReadIT: under " + written + " writes, " + fromReplica + " of " + reads
        + " reads went to the replica, none older than the bound");
    assertTrue(fromReplica > 0, "the replica served some reads under writes");
  }

  private static long getCallsMasterOnly() throws IOException {
    return getCalls(masterPort);
  }

  private static void readsRunOnTheMasterOnly() throws Exception {
    long m0 = getCalls(masterPort);
    long r0 = getCalls(replicaPort);
    readAll(onPort, 100);
    assertEquals(100, getCalls(masterPort) - m0, "the reads ran on the master");
    assertEquals(r0, getCalls(replicaPort), "no read reached the cut-off replica");
  }

  /** Milliseconds from {@code sinceNanos} until the proxy no longer reads from the replica. */
  private static long awaitNotReadable(long sinceNanos) throws Exception {
    await("the replica drops out", 10_000, () -> !replicaReadableNow());
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
  }

  /** {@code n} GETs of the test's keys through the proxy on {@code port}; every value checked. */
  private static void readAll(int port, int n) {
    try (Jedis p = new Jedis("127.0.0.1", port, 10_000)) {
      for (int i = 0; i < n; i++) {
        assertEquals("v" + (i % 20), p.get("k" + (i % 20)));
      }
    }
  }

  /** GET calls the node on {@code port} has run ({@code INFO commandstats}). */
  private static long getCalls(int port) {
    try (Jedis d = new Jedis("127.0.0.1", port, 5_000)) {
      for (String line : d.info("commandstats").split("\r\n")) {
        if (line.startsWith("cmdstat_get:calls=")) {
          return Long.parseLong(line.substring("cmdstat_get:calls=".length(), line.indexOf(',')));
        }
      }
      return 0;
    }
  }

  private static Map<String, String> replication(int port) {
    try (Jedis d = new Jedis("127.0.0.1", port, 2_000)) {
      Map<String, String> out = new java.util.HashMap<>();
      for (String line : d.info("replication").split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          out.put(line.substring(0, colon), line.substring(colon + 1));
        }
      }
      return out;
    } catch (JedisConnectionException e) {
      return Map.of();
    }
  }

  static void signal(Process p, String sig) throws IOException, InterruptedException {
    assertEquals(0, new ProcessBuilder("kill", sig, Long.toString(p.pid())).inheritIO().start().waitFor());
  }

  static void await(String what, long timeoutMs, BooleanSupplier ok) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (!ok.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
      Thread.sleep(20);
    }
  }
}
