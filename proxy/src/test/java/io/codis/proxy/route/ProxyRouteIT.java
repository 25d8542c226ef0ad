package io.codis.proxy.route;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.node.NodeConfig;
import io.codis.node.cluster.ClusterLink;
import io.codis.node.cluster.ClusterMember;
import io.codis.node.cluster.RoleListener;
import io.codis.node.server.NodeServer;
import io.codis.protocol.Slots;
import io.codis.proxy.ProxyConfig;
import io.codis.proxy.ProxyLimits;
import io.codis.proxy.admin.AdminServer;
import io.codis.proxy.server.ProxyServer;
import io.codis.proxy.testing.MetaPeers;
import io.codis.proxy.topology.MetaTopology;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * One metaserver peer, two groups of one in-JVM node each that follow the metaserver
 * ({@code --meta}), a proxy with a lease and an admin port, and Jedis/redis-cli as clients: nodes
 * refuse foreign slots with MOVED, the proxy retries invisibly (also while the table changes under
 * writing clients), cluster-wide commands, AUTH and refusals, the admin endpoints.
 * About 20 s on a loaded 2-core machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class ProxyRouteIT {
  static final int SLOTS = 1024;
  static MetaPeers meta;
  static MetaClient admin;
  static Node n1;
  static Node n2;
  static ProxyServer proxy;
  static MetaTopology topology;
  static AdminServer adminPort;
  static int proxyPort;

  /** A node following the metaserver, and the roles it was told. */
  static final class Node implements AutoCloseable {
    final NodeServer server;
    final int port;
    final ClusterMember member;
    final List<String> roles = new CopyOnWriteArrayList<>();

    Node(List<String> metaAddrs, String requirepass) throws InterruptedException {
      server = new NodeServer(NodeConfig.defaults().withPort(0).withRequirepass(requirepass));
      port = server.start();
      member = ClusterLink.startIfConfigured(String.join(",", metaAddrs), addr(), server.services(),
          new RoleListener() {
            @Override
            public void becomeMaster() {
              roles.add("master");
            }

            @Override
            public void replicaOf(String host, int p) {
              roles.add("replica of " + host + ":" + p);
            }
          });
    }

    String addr() {
      return "127.0.0.1:" + port;
    }

    Jedis direct() {
      return new Jedis("127.0.0.1", port);
    }

    long ownershipVersion() {
      var o = server.services().ownership();
      return o == null ? -1 : o.version();
    }

    @Override
    public void close() {
      if (member != null) {
        member.close();
      }
      server.close();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    meta = MetaPeers.start(1);
    admin = new MetaClient(meta.httpAddrs());
    meta.init(admin, SLOTS, 30_000);
    n1 = new Node(meta.httpAddrs(), null);
    n2 = new Node(meta.httpAddrs(), null);
    admin.createGroup(1, null);
    admin.addServer(1, n1.addr());
    admin.createGroup(2, null);
    admin.addServer(2, n2.addr());
    admin.assignSlots(0, 511, 1, null);
    long v = admin.assignSlots(512, 1023, 2, null).version();
    awaitNodes(v);
    ProxyConfig cfg = ProxyConfig.defaults("route-it", meta.httpAddrs()).withPort(0).withEventLoops(2)
        .withLimits(ProxyLimits.DEFAULTS.withRequestDeadlineMs(2_000));
    topology = new MetaTopology(new MetaClient(meta.httpAddrs()), cfg.id(), cfg.leaseTtlMs(), cfg.renewPeriodMs());
    proxy = new ProxyServer(cfg, topology);
    proxyPort = proxy.start();
    adminPort = AdminServer.start(proxy, "127.0.0.1", 0);
    topology.start("127.0.0.1:" + proxyPort);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (topology.usable() == null || topology.usable().version() < v) {
      assertTrue(System.nanoTime() < deadline, "no table: " + topology.downReason());
      Thread.sleep(20);
    }
  }

  /** Waits until both nodes have published ownership of at least {@code version}. */
  static void awaitNodes(long version) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (n1.ownershipVersion() < version || n2.ownershipVersion() < version) {
      assertTrue(System.nanoTime() < deadline, "nodes did not learn version " + version);
      Thread.sleep(10);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {adminPort, proxy, topology, n1, n2, meta}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // keep closing the others
        }
      }
    }
  }

  static Jedis jedis() {
    return new Jedis("127.0.0.1", proxyPort, 5_000);
  }

  static int slot(String key) {
    return Slots.slotOf(key.getBytes(StandardCharsets.UTF_8), SLOTS);
  }

  static String keyInGroup(int group, String prefix) {
    for (int n = 0; ; n++) {
      String k = prefix + n;
      if ((slot(k) < 512) == (group == 1)) {
        return k;
      }
    }
  }

  @Test
  @Order(1)
  void nodesRefuseSlotsTheirGroupDoesNotOwnAndFollowTheirRole() {
    String k2 = keyInGroup(2, "moved:");
    try (Jedis d = n1.direct()) {
      JedisDataException e = assertThrows(JedisDataException.class, () -> d.set(k2, "x"));
      assertEquals("MOVED " + slot(k2) + " " + n2.addr(), e.getMessage());
      assertEquals("OK", d.set(keyInGroup(1, "own:"), "x"));
      assertEquals(1L, d.dbSize(), "keyless commands are not checked");
      JedisDataException multi = assertThrows(JedisDataException.class,
          () -> d.mget(keyInGroup(1, "own:"), k2));
      assertEquals("MOVED " + slot(k2) + " " + n2.addr(), multi.getMessage());
    }
    assertEquals(List.of("master"), n1.roles);
    assertEquals(List.of("master"), n2.roles);
    try (Jedis d = n1.direct()) {
      d.flushAll();
    }
  }

  /** A table the test switches: stale (everything on n1) until the proxy refreshes it. */
  static final class StaleSource implements TableSource {
    final AtomicReference<SlotTable> table = new AtomicReference<>();
    final SlotTable fresh;
    volatile int refreshes;

    StaleSource(SlotTable stale, SlotTable fresh) {
      table.set(stale);
      this.fresh = fresh;
    }

    @Override
    public SlotTable usable() {
      return table.get();
    }

    @Override
    public String downReason() {
      return "none";
    }

    @Override
    public void refresh(Runnable done) {
      refreshes++;
      table.set(fresh);
      new Thread(done).start();
    }
  }

  @Test
  @Order(2)
  void aStaleProxyIsMovedRefreshesAndRetriesInvisibly() throws Exception {
    SlotTable stale = SlotTable.of(1, SLOTS, List.of(new SlotTable.Range(0, 1023, n1.addr())));
    StaleSource source = new StaleSource(stale, topology.current());
    ProxyConfig cfg = ProxyConfig.defaults("stale-it", List.of()).withPort(0).withEventLoops(1);
    try (ProxyServer p = new ProxyServer(cfg, source)) {
      int port = p.start();
      String k2 = keyInGroup(2, "stale:");
      String k1 = keyInGroup(1, "stale:");
      try (Jedis j = new Jedis("127.0.0.1", port)) {
        assertEquals("OK", j.set(k2, "v2"));
        assertEquals("OK", j.mset(k1, "a", keyInGroup(2, "stale-b:"), "b"));
        assertEquals("v2", j.get(k2));
      }
      assertEquals(1, source.refreshes);
      try (Jedis d = n2.direct()) {
        assertEquals("v2", d.get(k2), "the write landed in the owning group");
      }
      assertTrue(p.metrics().snapshot().retries() >= 1);
    }
    try (Jedis j = jedis()) {
      j.flushAll();
    }
  }

  @Test
  @Order(2)
  void aConnectionRefusedBeforeSendingIsRetriedOnTheNewTable() throws Exception {
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort(); // closed again: connecting to it is refused
    }
    SlotTable stale = SlotTable.of(1, SLOTS, List.of(new SlotTable.Range(0, 1023, "127.0.0.1:" + dead)));
    StaleSource source = new StaleSource(stale, topology.current());
    ProxyConfig cfg = ProxyConfig.defaults("refused-it", List.of()).withPort(0).withEventLoops(1);
    try (ProxyServer p = new ProxyServer(cfg, source)) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port)) {
        assertEquals("OK", j.set("refused", "v"));
        assertEquals("v", j.get("refused"));
      }
      assertEquals(1, source.refreshes);
    }
    try (Jedis j = jedis()) {
      j.del("refused");
    }
  }

  /**
   * What a session sends on its own connections is retried like a keyed command when a node
   * refuses it before running it: a blocking command (refused before it blocks), SPUBLISH, WATCH,
   * and a transaction whose commands the node refused at queue time (EXECABORT: nothing ran).
   * Each case uses a proxy whose table is stale (every slot on n1) until its first refresh.
   */
  @Test
  @Order(2)
  void aStaleProxyRetriesBlockingPublishWatchAndExecOnDedicatedConnections() throws Exception {
    SlotTable stale = SlotTable.of(1, SLOTS, List.of(new SlotTable.Range(0, 1023, n1.addr())));
    String k2 = keyInGroup(2, "dedicated:");
    String tx = "{" + k2 + "}:tx";
    String w = "{" + k2 + "}:w";
    try (Jedis d = n2.direct()) {
      d.rpush(k2, "x");
    }
    withStaleProxy(stale, (j, source) -> {
      assertEquals(List.of(k2, "x"), j.blpop(2, k2), "BLPOP reached group 2 after n1's MOVED");
      assertEquals(1, source.refreshes);
    });

    String channel = keyInGroup(2, "shard:");
    try (java.net.Socket sub = new java.net.Socket("127.0.0.1", n2.port)) {
      sub.setSoTimeout(5_000);
      sub.getOutputStream().write(("*2\r\n$10\r\nSSUBSCRIBE\r\n$" + channel.length() + "\r\n" + channel + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String confirm = "*3\r\n$10\r\nssubscribe\r\n$" + channel.length() + "\r\n" + channel + "\r\n:1\r\n";
      assertEquals(confirm, new String(sub.getInputStream().readNBytes(confirm.length()), StandardCharsets.US_ASCII));
      withStaleProxy(stale, (j, source) -> {
        Object n = j.sendCommand(redis.clients.jedis.Protocol.Command.SPUBLISH, channel, "hello");
        assertEquals(1L, n, "SPUBLISH reached the subscriber on group 2");
        assertEquals(1, source.refreshes);
      });
    }

    withStaleProxy(stale, (j, source) -> {
      redis.clients.jedis.Transaction t = j.multi();
      t.set(tx, "1");
      t.incr(tx);
      assertEquals(List.of("OK", 2L), t.exec(), "EXECABORT after n1's queue-time MOVED: sent again to n2");
      assertEquals(1, source.refreshes);
    });
    try (Jedis d = n2.direct()) {
      assertEquals("2", d.get(tx));
    }

    withStaleProxy(stale, (j, source) -> {
      assertEquals("OK", j.watch(w), "WATCH moved to n2");
      redis.clients.jedis.Transaction t = j.multi();
      t.set(w, "watched");
      assertEquals(List.of("OK"), t.exec());
      assertEquals(1, source.refreshes);
      // The watch holds on n2: a write by another client nulls EXEC, as in Redis.
      assertEquals("OK", j.watch(w));
      try (Jedis d = n2.direct()) {
        d.set(w, "changed");
      }
      redis.clients.jedis.Transaction t2 = j.multi();
      t2.set(w, "lost");
      assertNull(t2.exec());
    });
    try (Jedis d = n2.direct()) {
      assertEquals("changed", d.get(w));
    }
    try (Jedis j = jedis()) {
      j.flushAll();
    }
  }

  interface StaleCase {
    void run(Jedis j, StaleSource source) throws Exception;
  }

  static void withStaleProxy(SlotTable stale, StaleCase body) throws Exception {
    StaleSource source = new StaleSource(stale, topology.current());
    ProxyConfig cfg = ProxyConfig.defaults("stale-dedicated-it", List.of()).withPort(0).withEventLoops(1);
    try (ProxyServer p = new ProxyServer(cfg, source)) {
      int port = p.start();
      try (Jedis j = new Jedis("127.0.0.1", port, 5_000)) {
        body.run(j, source);
      }
      assertTrue(p.metrics().snapshot().retries() >= 1);
    }
  }

  @Test
  @Order(3)
  void clusterWideCommandsSeeEveryGroup() throws Exception {
    Set<String> keys = new HashSet<>();
    try (Jedis j = jedis()) {
      assertEquals("OK", j.flushAll());
      for (int i = 0; i < 300; i++) {
        String k = "cw:" + i;
        keys.add(k);
        j.set(k, "v" + i);
      }
      j.hset("cw:hash", "f", "v");
      keys.add("cw:hash");
      assertEquals(301L, j.dbSize());
      assertEquals(keys, j.keys("cw:*"));
      assertEquals(Set.of("cw:hash"), j.keys("cw:h*"));

      // A full SCAN returns every key exactly once, across both groups.
      List<String> seen = new ArrayList<>();
      String cursor = "0";
      int calls = 0;
      do {
        ScanResult<String> r = j.scan(cursor, new ScanParams().count(25));
        seen.addAll(r.getResult());
        cursor = r.getCursor();
        calls++;
      } while (!cursor.equals("0"));
      assertTrue(calls > 2, "iterated in pages");
      assertEquals(keys.size(), seen.size(), "no key twice");
      assertEquals(keys, new HashSet<>(seen));
      assertEquals(List.of("cw:hash"), scanAll(j, new ScanParams().match("cw:*").count(50), "hash"));
      assertEquals(Set.of("cw:10", "cw:11", "cw:12", "cw:13", "cw:14", "cw:15", "cw:16", "cw:17",
          "cw:18", "cw:19"), new HashSet<>(scanAll(j, new ScanParams().match("cw:1?").count(7), null)));
      assertThrows(JedisDataException.class, () -> j.scan("abc"));

      assertTrue(keys.contains(j.randomKey()));
      String info = j.info();
      for (String s : List.of("# Server", "# Clients", "# Proxy", "# Groups", "# Commandstats", "# Keyspace")) {
        assertTrue(info.contains(s), s + " in " + info);
      }
      assertTrue(info.contains("db0:keys=301,"), info);
      assertTrue(j.info("keyspace").startsWith("# Keyspace\r\ndb0:keys=301,"));
      assertFalse(j.info("server").contains("# Keyspace"));
      assertTrue(j.info("server").contains("redis_mode:proxy"));
      assertTrue(j.info("groups").contains("master1:group=2,addr=" + n2.addr() + ",slots=512\r\n"));
      assertTrue(info.contains("master1:group=2,addr=" + n2.addr() + ",slots=512,keys="), info);
      assertTrue(j.info("commandstats").contains("cmdstat_set:calls="));

      assertEquals(2, j.time().size());
      assertEquals("OK", j.select(0));
      assertThrows(JedisDataException.class, () -> j.select(1));
      assertEquals("OK", j.clientSetname("routeit"));
      assertEquals("routeit", j.clientGetname());
      assertTrue(j.clientList().contains("name=routeit"));
      assertTrue(j.clientInfo().contains("id=" + j.clientId()));
    }
    // redis-cli, the reference client for --scan and KEYS
    assertEquals(keys.size(), redisCli("--scan", "--pattern", "cw:*").size());
    assertEquals(keys, new HashSet<>(redisCli("KEYS", "cw:*")));
  }

  static List<String> scanAll(Jedis j, ScanParams params, String type) {
    List<String> out = new ArrayList<>();
    String cursor = "0";
    do {
      ScanResult<String> r = type == null ? j.scan(cursor, params) : j.scan(cursor, params, type);
      out.addAll(r.getResult());
      cursor = r.getCursor();
    } while (!cursor.equals("0"));
    return out;
  }

  static List<String> redisCli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(proxyPort)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
    }
    assertEquals(0, p.waitFor(), "redis-cli " + lines);
    return lines;
  }

  @Test
  @Order(4)
  void authRefusalsAndTheBackendPassword() throws Exception {
    try (Node locked = new Node(List.of(), "nodepw")) {
      SlotTable all = SlotTable.of(1, SLOTS, List.of(new SlotTable.Range(0, 1023, locked.addr())));
      ProxyConfig cfg = ProxyConfig.defaults("auth-it", List.of()).withPort(0).withEventLoops(1);
      try (ProxyServer p = new ProxyServer(cfg, TableSource.fixed(all), new RouterOptions("s3cret", false),
              RetryPolicy.DEFAULTS, "nodepw");
          ProxyServer noBackendPass = new ProxyServer(cfg, TableSource.fixed(all))) {
        int port = p.start();
        try (Jedis j = new Jedis("127.0.0.1", port)) {
          assertEquals("NOAUTH Authentication required.", assertThrows(JedisDataException.class, () -> j.get("k")).getMessage());
          assertEquals("WRONGPASS invalid username-password pair or user is disabled.",
              assertThrows(JedisDataException.class, () -> j.auth("nope")).getMessage());
          assertEquals("OK", j.auth("default", "s3cret"));
          assertEquals("OK", j.set("k", "v"), "the proxy AUTHs to the node with its own password");
          assertEquals("v", j.get("k"));
          // Blocking commands and transactions run on dedicated connections: they AUTH too.
          j.rpush("bl", "x");
          assertEquals(List.of("bl", "x"), j.blpop(1, "bl"));
          redis.clients.jedis.Transaction t = j.multi();
          t.set("tx", "1");
          assertEquals(List.of("OK"), t.exec());
          // So do subscriber connections: the node counts the subscriber PUBLISH reaches.
          try (java.net.Socket sub = new java.net.Socket("127.0.0.1", port)) {
            sub.setSoTimeout(5_000);
            sub.getOutputStream().write(("*2\r\n$4\r\nAUTH\r\n$6\r\ns3cret\r\n"
                + "*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n").getBytes(StandardCharsets.US_ASCII));
            String expected = "+OK\r\n*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n";
            byte[] got = sub.getInputStream().readNBytes(expected.length());
            assertEquals(expected, new String(got, StandardCharsets.US_ASCII));
            assertEquals(1, j.publish("ch", "m"));
          }
          assertEquals("ERR 'shutdown' is not allowed through the proxy",
              assertThrows(JedisDataException.class, () -> j.shutdown()).getMessage());
          assertTrue(assertThrows(JedisDataException.class, () -> j.flushAll()).getMessage()
              .startsWith("ERR 'flushall' is disabled on this proxy"));
          assertEquals("ERR 'config set' is not allowed through the proxy",
              assertThrows(JedisDataException.class, () -> j.configSet("maxmemory", "1")).getMessage());
        }
        try (Jedis j = new Jedis("127.0.0.1", port)) {
          Object hello = j.sendCommand(redis.clients.jedis.Protocol.Command.HELLO, "2", "AUTH", "default", "s3cret",
              "SETNAME", "helloname");
          assertNotNull(hello);
          assertEquals("helloname", j.clientGetname());
        }
        // Lettuce negotiates with HELLO 3 AUTH and then speaks RESP3 (the proxy's RESP3 backend
        // connections AUTH with --backend-password too); an explicit RESP2 client works as well.
        for (io.lettuce.core.protocol.ProtocolVersion pv : new io.lettuce.core.protocol.ProtocolVersion[] {
            null, io.lettuce.core.protocol.ProtocolVersion.RESP2}) {
          io.lettuce.core.RedisClient lettuce = io.lettuce.core.RedisClient.create(
              io.lettuce.core.RedisURI.builder().withHost("127.0.0.1").withPort(port)
                  .withPassword("s3cret".toCharArray()).withTimeout(Duration.ofSeconds(5)).build());
          if (pv != null) {
            lettuce.setOptions(io.lettuce.core.ClientOptions.builder().protocolVersion(pv).build());
          }
          try (var conn = lettuce.connect()) {
            assertEquals("OK", conn.sync().set("lettuce", "v"));
            assertEquals("v", conn.sync().get("lettuce"));
          } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
          }
        }
        int port2 = noBackendPass.start();
        try (Jedis j = new Jedis("127.0.0.1", port2)) {
          assertEquals("NOAUTH Authentication required.",
              assertThrows(JedisDataException.class, () -> j.get("k")).getMessage(),
              "without --backend-password the node's own refusal comes through");
        }
      }
    }
  }

  @Test
  @Order(5)
  void theAdminPortServesMetricsStatsAndTheSlowlog() throws Exception {
    try (Jedis j = jedis()) {
      j.set("m", "1");
      j.get("m");
      assertThrows(JedisDataException.class, () -> j.hget("m", "f"));
      j.blpop(1, "m:empty"); // served on a dedicated connection: counted all the same
      j.multi().exec();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://127.0.0.1:" + adminPort.port();
    String metrics = get(http, base + "/metrics");
    assertTrue(metrics.contains("codis_proxy_commands_total{command=\"set\"}"), metrics);
    assertTrue(metrics.contains("codis_proxy_commands_total{command=\"blpop\"}"), metrics);
    assertTrue(metrics.contains("codis_proxy_commands_total{command=\"exec\"}"), metrics);
    assertTrue(metrics.contains("codis_proxy_errors_total{code=\"WRONGTYPE\"}"), metrics);
    assertTrue(metrics.contains("codis_proxy_request_duration_seconds{quantile=\"0.999\"}"), metrics);
    assertTrue(metrics.contains("codis_proxy_request_latency_seconds_bucket{le=\"+Inf\"}"), metrics);
    assertTrue(metrics.contains("codis_proxy_backend_up{addr=\"" + n1.addr() + "\"} 1"), metrics);
    assertTrue(metrics.contains("codis_proxy_serving 1"), metrics);
    String stats = get(http, base + "/stats");
    assertTrue(stats.contains("\"sessions\""), stats);
    assertTrue(stats.contains("\"p999\""), stats);
    assertTrue(get(http, base + "/slowlog").trim().startsWith("["));
  }

  static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }

  /** codis-node as a real process with --meta/--announce: it registers and refuses foreign slots. */
  @Test
  @Order(7)
  void aNodeProcessStartedWithMetaRegistersAndAnswersMoved() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String self = "127.0.0.1:" + port;
    Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.codis.node.NodeMain", "--port", Integer.toString(port),
        "--meta", String.join(",", meta.httpAddrs()), "--announce", self)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String k = keyInGroup(2, "proc:");
      long deadline = System.nanoTime() + 30_000_000_000L;
      String answer = null;
      while (System.nanoTime() < deadline) {
        try (Jedis d = new Jedis("127.0.0.1", port, 2_000)) {
          d.get(k);
          answer = "no error";
        } catch (JedisDataException e) {
          answer = e.getMessage();
          if (answer.startsWith("MOVED")) {
            break;
          }
        } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
          answer = "not listening yet";
        }
        Thread.sleep(100);
      }
      assertEquals("MOVED " + slot(k) + " " + n2.addr(), answer, "a node in no group owns no slot");
      assertTrue(admin.nodes().stream().anyMatch(n -> n.addr().equals(self)), "registered as " + self);
    } finally {
      p.destroy(); // SIGTERM: graceful stop
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("codis-node did not stop on SIGTERM");
      }
    }
  }

  /**
   * Clients keep writing distinct keys while the slot table flips twice: group 1's half moves to
   * group 2 and back. No client sees an error; every acknowledged key is stored exactly once, in
   * one group (a retried write never lands in two groups, none is lost).
   */
  @Test
  @Order(8)
  void aSlotTableChangeWhileClientsKeepWritingIsInvisible() throws Exception {
    try (Jedis j = jedis()) {
      j.flushAll();
    }
    AtomicBoolean stop = new AtomicBoolean();
    Map<String, String> acked = new ConcurrentHashMap<>();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        try (Jedis j = jedis()) {
          for (int i = 0; !stop.get(); i++) {
            String k = "flip:" + id + ":" + i;
            String v = "v" + i;
            assertEquals("OK", j.set(k, v));
            acked.put(k, v);
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      t.start();
      writers.add(t);
    }
    long retriesBefore = proxy.metrics().snapshot().retries();
    Thread.sleep(300);
    admin.assignSlots(0, 511, 2, null);
    Thread.sleep(700);
    long v = admin.assignSlots(0, 511, 1, null).version();
    Thread.sleep(700);
    stop.set(true);
    for (Thread t : writers) {
      t.join(10_000);
    }
    assertEquals(List.of(), errors);
    awaitNodes(v);
    assertTrue(acked.size() > 100, "writes happened: " + acked.size());
    Map<String, Integer> copies = new HashMap<>();
    for (Node n : List.of(n1, n2)) {
      try (Jedis d = n.direct()) {
        for (String k : d.keys("flip:*")) {
          copies.merge(k, 1, Integer::sum);
        }
      }
    }
    for (String k : acked.keySet()) {
      assertEquals(1, copies.getOrDefault(k, 0), "copies of " + k);
    }
    assertEquals(acked.keySet(), copies.keySet(), "nothing stored that was not acknowledged");
    System.out.printf("table flips: %d writes acknowledged, %d retries%n", acked.size(),
        proxy.metrics().snapshot().retries() - retriesBefore);
  }

  /** Last (it stops the metaserver): the proxy's lease runs out and it stops serving keys. */
  @Test
  @Order(9)
  void aProxyCutOffFromTheMetaserverFencesItself() throws Exception {
    meta.close();
    meta = null;
    long deadline = System.nanoTime() + 20_000_000_000L;
    String answer = null;
    try (Jedis j = jedis()) {
      while (System.nanoTime() < deadline) {
        try {
          j.get("fence");
          answer = "served";
        } catch (JedisDataException e) {
          answer = e.getMessage();
          if (answer.startsWith("CLUSTERDOWN")) {
            break;
          }
        }
        Thread.sleep(100);
      }
      assertEquals("CLUSTERDOWN the proxy's lease with the metaserver has expired", answer);
      assertEquals("PONG", j.ping(), "local commands still work");
    }
  }
}
