package io.codis.meta.server;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.meta.client.MetaException;
import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.ProxyView;
import io.codis.meta.client.model.WatchResult;
import io.codis.meta.client.model.WriteResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** The HTTP API over three real peers, through the client module and through raw HTTP. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class ApiIT {
  static TestCluster cluster;
  static MetaClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster(3, cfg -> cfg).startAll();
    cluster.awaitWritable(20_000);
    client = new MetaClient(cluster.httpAddrs());
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  static void refused(ErrorCode code, Executable call) {
    MetaException e = assertThrows(MetaException.class, call);
    assertEquals(code, e.code(), e.getMessage());
  }

  static HttpResponse<String> raw(String method, String addr, String path, String body)
      throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + addr + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void topologyLifecycle() {
    refused(ErrorCode.NOT_INITIALIZED, () -> client.createGroup(1, null));
    client.initCluster(1024);
    refused(ErrorCode.ALREADY_INITIALIZED, () -> client.initCluster(16));
    client.createGroup(1, null);
    client.createGroup(2, null);
    refused(ErrorCode.GROUP_EXISTS, () -> client.createGroup(1, null));
    client.addServer(1, "127.0.0.1:6380");
    client.addServer(1, "127.0.0.1:6381");
    refused(ErrorCode.SERVER_IN_GROUP, () -> client.addServer(2, "127.0.0.1:6380"));
    client.assignSlots(0, 511, 1, null);
    client.assignSlots(512, 1023, 2, null);
    refused(ErrorCode.OUT_OF_RANGE, () -> client.assignSlots(1000, 1024, 2, null));
    refused(ErrorCode.GROUP_BUSY, () -> client.removeGroup(1));
    ClusterView v = client.cluster();
    assertEquals(1024, v.slotCount());
    assertEquals(1, v.ownerOf(5));
    assertEquals(2, v.ownerOf(700));
    assertEquals("127.0.0.1:6380", client.group(1).master());
    assertEquals(List.of("127.0.0.1:6381"), client.group(1).replicas());
    assertEquals("STABLE", client.slot(3).state());
    refused(ErrorCode.NO_SUCH_GROUP, () -> client.group(9));
    refused(ErrorCode.OUT_OF_RANGE, () -> client.slot(1024));
  }

  @Test
  @Order(2)
  void staleVersionIsRefusedWithoutChange() {
    long v = client.cluster().version();
    refused(ErrorCode.VERSION_MISMATCH, () -> client.assignSlots(0, 9, 2, v - 1));
    assertEquals(v, client.cluster().version());
    assertEquals(1, client.slot(0).groupId());
    WriteResult r = client.assignSlots(0, 9, 2, v);
    assertEquals(v + 1, r.version());
    assertEquals(2, client.slot(0).groupId());
  }

  @Test
  @Order(3)
  void malformedRequestsGet4xxAndChangeNothing() throws Exception {
    String addr = cluster.httpAddrs().get(0);
    long v = client.cluster().version();
    assertEquals(400, raw("POST", addr, "/v1/groups", "{\"id\": 5").statusCode());
    assertEquals(400, raw("POST", addr, "/v1/groups", "{\"id\": 5, \"color\": 1}").statusCode());
    assertEquals(400, raw("POST", addr, "/v1/groups", "{\"id\": \"x\"}").statusCode());
    assertEquals(400, raw("POST", addr, "/v1/groups", "{}").statusCode());
    assertEquals(400, raw("POST", addr, "/v1/groups", "").statusCode());
    assertEquals(400, raw("POST", addr, "/v1/groups", "{\"id\": 70000}").statusCode());
    assertEquals(400, raw("POST", addr, "/v1/groups", "{\"id\": 1e3}").statusCode());
    assertEquals(400, raw("POST", addr, "/v1/slots/assign",
        "{\"first\": -1, \"last\": 3, \"groupId\": 1}").statusCode());
    assertEquals(400, raw("POST", addr, "/v1/proxies",
        "{\"id\": \"p\", \"addr\": \"nope\"}").statusCode());
    assertEquals(400, raw("POST", addr, "/v1/proxies",
        "{\"id\": \"p\", \"addr\": \"h:1\", \"leaseTtlMs\": 1}").statusCode());
    assertEquals(404, raw("GET", addr, "/v1/nothing", null).statusCode());
    assertEquals(405, raw("PUT", addr, "/v1/groups/1/promote", "{}").statusCode());
    HttpResponse<String> r = raw("POST", addr, "/v1/groups", "[1,2");
    assertTrue(r.body().contains("\"code\":\"BAD_REQUEST\""), r.body());
    assertEquals(413, raw("PUT", addr, "/v1/kv/big", "{\"value\":\"" + "x".repeat(2 << 20) + "\"}")
        .statusCode());
    assertEquals(v, client.cluster().version());
  }

  @Test
  @Order(4)
  void keyValueNamespace() {
    assertTrue(client.kvGet("a/b c").isEmpty());
    long v1 = client.kvPut("a/b c", "1").kvVersion();
    assertEquals("1", client.kvGet("a/b c").orElseThrow().value());
    refused(ErrorCode.CAS_FAILED, () -> client.kvCas("a/b c", v1 + 100, "2"));
    long v2 = client.kvCas("a/b c", v1, "2").kvVersion();
    refused(ErrorCode.CAS_FAILED, () -> client.kvCasValue("a/b c", "1", "3"));
    client.kvCasValue("a/b c", "2", "3");
    refused(ErrorCode.CAS_FAILED, () -> client.kvDelete("a/b c", v2));
    client.kvDelete("a/b c", null);
    refused(ErrorCode.NO_SUCH_KEY, () -> client.kvDelete("a/b c", null));
  }

  @Test
  @Order(5)
  void watchWakesWithinOneSecondOfAChangeOnAnotherPeer() throws Exception {
    MetaClient onPeer0 = new MetaClient(List.of(cluster.httpAddrs().get(0)));
    MetaClient onPeer2 = new MetaClient(List.of(cluster.httpAddrs().get(2)));
    long v = onPeer0.cluster().version();
    CompletableFuture<WatchResult> w = CompletableFuture.supplyAsync(() -> onPeer0.watch(v, 10_000));
    Thread.sleep(200);
    assertFalse(w.isDone());
    long t0 = System.nanoTime();
    onPeer2.setSlotsOffline(1000, 1023);
    WatchResult r = w.get(5, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(r.changed());
    assertTrue(r.version() > v);
    assertTrue(ms < 1000, "watch woke after " + ms + " ms");
    WatchResult idle = onPeer0.watch(r.version() + 5, 200);
    assertFalse(idle.changed());

    BlockingQueue<ClusterView> seen = new ArrayBlockingQueue<>(16);
    AutoCloseable loop = onPeer0.watchLoop(r.version(), seen::offer);
    try {
      onPeer2.assignSlots(1000, 1023, 2, null);
      ClusterView next = seen.poll(5, TimeUnit.SECONDS);
      assertNotNull(next);
      assertEquals(2, next.ownerOf(1010));
    } finally {
      loop.close();
    }
  }

  @Test
  @Order(6)
  void proxyLeasesExpireWithoutRenewals() throws Exception {
    client.registerProxy("px", "127.0.0.1:19000", "127.0.0.1:11080", 600);
    client.renewProxy("px", 3);
    long deadline = System.currentTimeMillis() + 5_000;
    ProxyView p;
    do {
      Thread.sleep(100);
      p = client.proxies().stream().filter(x -> x.id().equals("px")).findFirst().orElseThrow();
    } while (!p.expired() && System.currentTimeMillis() < deadline);
    assertTrue(p.expired(), "lease never expired");
    assertEquals(3, p.tableVersionSeen());
    assertTrue(p.lastSeenMs() > 0);
    refused(ErrorCode.PROXY_EXPIRED, () -> client.renewProxy("px", 4));
    client.registerProxy("px", "127.0.0.1:19000", "", 5_000);
    client.removeProxy("px");
    refused(ErrorCode.NO_SUCH_PROXY, () -> client.removeProxy("px"));
  }

  @Test
  @Order(7)
  void nodesAndMasterLeases() {
    client.registerNode("127.0.0.1:6380", "run-1");
    client.reportOffset("127.0.0.1:6380", 1234);
    assertEquals(1234, client.nodes().get(0).offset());
    long epoch = client.group(1).epoch();
    WriteResult lease = client.renewMasterLease(1, "127.0.0.1:6380", epoch, 5_000);
    assertEquals(epoch, lease.epoch());
    assertTrue(lease.leaseExpiresAtMs() > System.currentTimeMillis() + 3_000);
    refused(ErrorCode.LEASE_HELD, () -> client.promote(1, "127.0.0.1:6381"));
    refused(ErrorCode.NOT_MASTER, () -> client.renewMasterLease(1, "127.0.0.1:6381", epoch, 5_000));
    refused(ErrorCode.STALE_EPOCH, () -> client.renewMasterLease(1, "127.0.0.1:6380", epoch - 1, 5_000));
    client.suspect("127.0.0.1:6380", "m0", true);
    assertFalse(client.nodes().get(0).failed());
    client.suspect("127.0.0.1:6380", "m2", true);
    assertTrue(client.nodes().get(0).failed(), "two of three peers suspect it");
    assertEquals(List.of("m0", "m2"), client.nodes().get(0).suspectedBy());
  }

  @Test
  @Order(8)
  void clientSkipsDeadAddresses() throws Exception {
    List<String> addrs = new ArrayList<>();
    addrs.add("127.0.0.1:" + TestCluster.freePort());
    addrs.addAll(cluster.httpAddrs());
    MetaClient c = new MetaClient(addrs, new MetaClientOptions(500, 5_000, 5_000, 50, 1_000));
    assertEquals(1024, c.cluster().slotCount());
    assertNotEquals(addrs.get(0), c.currentAddr());
    assertTrue((Boolean) c.health().containsKey("leader"));
  }
}
