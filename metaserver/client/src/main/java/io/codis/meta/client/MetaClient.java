package io.codis.meta.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codis.meta.client.model.ApiError;
import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.KvEntry;
import io.codis.meta.client.model.NodeView;
import io.codis.meta.client.model.PeerView;
import io.codis.meta.client.model.ProxyView;
import io.codis.meta.client.model.SlotView;
import io.codis.meta.client.model.SwitchoverResult;
import io.codis.meta.client.model.WatchResult;
import io.codis.meta.client.model.WriteResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Client of the metaserver's HTTP API. It knows several metaserver addresses and sticks to the one
 * that last answered. On a connection failure, or an answer of 503 (that peer cannot reach a
 * quorum), it moves to the next address, within a bounded time budget. Writes are not resent after
 * they reached a server that did not answer (the outcome is unknown; the caller gets TIMEOUT).
 * Thread-safe.
 */
public final class MetaClient implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final List<String> addrs;
  private final MetaClientOptions opts;
  private final HttpClient http;
  private volatile int current;

  public MetaClient(List<String> addrs, MetaClientOptions opts) {
    if (addrs.isEmpty()) {
      throw new IllegalArgumentException("no metaserver address");
    }
    this.addrs = List.copyOf(addrs);
    this.opts = opts;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(opts.connectTimeoutMs()))
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  public MetaClient(List<String> addrs) {
    this(addrs, MetaClientOptions.DEFAULT);
  }

  /** The address the client currently talks to. */
  public String currentAddr() {
    return addrs.get(current);
  }

  // ---- cluster, groups, slots ----

  public ClusterView cluster() {
    return get("/v1/cluster", ClusterView.class);
  }

  public WriteResult initCluster(int slotCount) {
    return post("/v1/cluster/init", Map.of("slotCount", slotCount));
  }

  public List<GroupView> groups() {
    return get("/v1/groups", new TypeReference<List<GroupView>>() {});
  }

  public GroupView group(int id) {
    return get("/v1/groups/" + id, GroupView.class);
  }

  public WriteResult createGroup(int id, Long expectedVersion) {
    return post("/v1/groups", body("id", id, "expectedVersion", expectedVersion));
  }

  public WriteResult removeGroup(int id) {
    return send("DELETE", "/v1/groups/" + id, null, WriteResult.class, true);
  }

  public WriteResult addServer(int groupId, String addr) {
    return post("/v1/groups/" + groupId + "/servers", Map.of("addr", addr));
  }

  public WriteResult removeServer(int groupId, String addr) {
    return send("DELETE", "/v1/groups/" + groupId + "/servers/" + enc(addr), null,
        WriteResult.class, true);
  }

  public WriteResult promote(int groupId, String addr) {
    return post("/v1/groups/" + groupId + "/promote", Map.of("addr", addr));
  }

  /**
   * Planned switchover (POST /v1/groups/ID/switchover): the master fences itself, addr catches up,
   * then addr is promoted. timeoutMs bounds the catch-up (null: the server's default, 5000); the
   * HTTP exchange may take that much longer than usual.
   */
  public SwitchoverResult switchover(int groupId, String addr, Long timeoutMs) {
    long wait = timeoutMs == null ? 5_000 : timeoutMs;
    return send("POST", "/v1/groups/" + groupId + "/switchover", body("addr", addr, "timeoutMs",
        timeoutMs), MAPPER.constructType(SwitchoverResult.class), true, wait);
  }

  public List<SlotView> slots() {
    return get("/v1/slots", new TypeReference<List<SlotView>>() {});
  }

  public SlotView slot(int id) {
    return get("/v1/slots/" + id, SlotView.class);
  }

  public WriteResult assignSlots(int first, int last, int groupId, Long expectedVersion) {
    return post("/v1/slots/assign",
        body("first", first, "last", last, "groupId", groupId, "expectedVersion", expectedVersion));
  }

  public WriteResult setSlotsOffline(int first, int last) {
    return post("/v1/slots/offline", Map.of("first", first, "last", last));
  }

  // ---- proxies and nodes ----

  public WriteResult registerProxy(String id, String addr, String adminAddr, long leaseTtlMs) {
    return post("/v1/proxies",
        body("id", id, "addr", addr, "adminAddr", adminAddr, "leaseTtlMs", leaseTtlMs));
  }

  public WriteResult renewProxy(String id, long tableVersionSeen) {
    return post("/v1/proxies/" + enc(id) + "/renew", Map.of("tableVersionSeen", tableVersionSeen));
  }

  public WriteResult removeProxy(String id) {
    return send("DELETE", "/v1/proxies/" + enc(id), null, WriteResult.class, true);
  }

  public List<ProxyView> proxies() {
    return get("/v1/proxies", new TypeReference<List<ProxyView>>() {});
  }

  public WriteResult registerNode(String addr, String runId) {
    return post("/v1/nodes", Map.of("addr", addr, "runId", runId));
  }

  public WriteResult renewMasterLease(int groupId, String addr, long epoch, long leaseTtlMs) {
    return post("/v1/nodes/lease",
        Map.of("groupId", groupId, "addr", addr, "epoch", epoch, "leaseTtlMs", leaseTtlMs));
  }

  public WriteResult reportOffset(String addr, long offset) {
    return post("/v1/nodes/offset", Map.of("addr", addr, "offset", offset));
  }

  /** Records that metaserver peer peerId can (false) or cannot (true) reach the node. */
  public WriteResult suspect(String addr, String peerId, boolean suspected) {
    return post("/v1/nodes/suspect", Map.of("addr", addr, "peerId", peerId, "suspected", suspected));
  }

  public List<NodeView> nodes() {
    return get("/v1/nodes", new TypeReference<List<NodeView>>() {});
  }

  // ---- key/value namespace ----

  public Optional<KvEntry> kvGet(String key) {
    try {
      return Optional.of(get("/v1/kv/" + enc(key), KvEntry.class));
    } catch (MetaException e) {
      if (e.code() == ErrorCode.NO_SUCH_KEY) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public List<KvEntry> kvList() {
    return get("/v1/kv", new TypeReference<List<KvEntry>>() {});
  }

  public WriteResult kvPut(String key, String value) {
    return send("PUT", "/v1/kv/" + enc(key), Map.of("value", value), WriteResult.class, true);
  }

  /** Writes only if the key is at expectedVersion (0: absent); else CAS_FAILED. */
  public WriteResult kvCas(String key, long expectedVersion, String value) {
    return post("/v1/kv/" + enc(key) + "/cas",
        Map.of("value", value, "expectedVersion", expectedVersion));
  }

  /** Writes only if the key holds expectedValue; else CAS_FAILED. */
  public WriteResult kvCasValue(String key, String expectedValue, String value) {
    return post("/v1/kv/" + enc(key) + "/cas",
        Map.of("value", value, "expectedValue", expectedValue));
  }

  public WriteResult kvDelete(String key, Long expectedVersion) {
    String q = expectedVersion == null ? "" : "?expectedVersion=" + expectedVersion;
    return send("DELETE", "/v1/kv/" + enc(key) + q, null, WriteResult.class, true);
  }

  // ---- watch ----

  /** Blocks until the cluster version passes afterVersion on the answering peer, or timeoutMs. */
  public WatchResult watch(long afterVersion, long timeoutMs) {
    return send("GET", "/v1/watch?after=" + afterVersion + "&timeoutMs=" + timeoutMs, null,
        MAPPER.constructType(WatchResult.class), false, timeoutMs);
  }

  /**
   * Calls onChange with the cluster view whenever its version passes the last one seen (starting
   * after fromVersion), on a daemon thread, until the returned handle is closed. Errors are retried
   * after a short sleep; a change is never skipped, though several may arrive as one view.
   */
  public AutoCloseable watchLoop(long fromVersion, Consumer<ClusterView> onChange) {
    Thread t = new Thread(() -> {
      long seen = fromVersion;
      while (!Thread.currentThread().isInterrupted()) {
        try {
          WatchResult w = watch(seen, opts.watchTimeoutMs());
          if (w.changed()) {
            ClusterView v = cluster();
            if (v.version() > seen) {
              seen = v.version();
              onChange.accept(v);
            }
          }
        } catch (MetaException e) {
          if (!sleep(opts.retrySleepMs())) {
            return;
          }
        }
      }
    }, "meta-watch");
    t.setDaemon(true);
    t.start();
    return t::interrupt;
  }

  // ---- peers and health ----

  public List<PeerView> peers() {
    return get("/v1/peers", new TypeReference<List<PeerView>>() {});
  }

  public List<PeerView> addPeer(String id, String host, int raftPort, int httpPort) {
    return send("POST", "/v1/peers",
        Map.of("id", id, "host", host, "raftPort", raftPort, "httpPort", httpPort),
        MAPPER.getTypeFactory().constructCollectionType(List.class, PeerView.class), true);
  }

  public List<PeerView> removePeer(String id) {
    return send("DELETE", "/v1/peers/" + enc(id), null,
        MAPPER.getTypeFactory().constructCollectionType(List.class, PeerView.class), true);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> health() {
    return get("/v1/health", Map.class);
  }

  // ---- transport ----

  private <T> T get(String path, Class<T> type) {
    return send("GET", path, null, MAPPER.constructType(type), false, 0);
  }

  private <T> T get(String path, TypeReference<T> type) {
    return send("GET", path, null, MAPPER.constructType(type), false, 0);
  }

  private WriteResult post(String path, Object body) {
    return send("POST", path, body, WriteResult.class, true);
  }

  private <T> T send(String method, String path, Object body, Class<T> type, boolean write) {
    return send(method, path, body, MAPPER.constructType(type), write, 0);
  }

  private <T> T send(String method, String path, Object body, JavaType type, boolean write) {
    return send(method, path, body, type, write, 0);
  }

  private <T> T send(String method, String path, Object body, JavaType type, boolean write,
      long extraWaitMs) {
    byte[] bytes;
    try {
      bytes = body == null ? new byte[0] : MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode request", e);
    }
    long deadline = System.nanoTime() + (opts.retryBudgetMs() + extraWaitMs) * 1_000_000;
    MetaException last = null;
    for (int attempt = 0; ; attempt++) {
      int i = current;
      String addr = addrs.get(i);
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + addr + path))
          .timeout(Duration.ofMillis(opts.requestTimeoutMs() + extraWaitMs))
          .header("Content-Type", "application/json")
          .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(bytes))
          .build();
      try {
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() == 200) {
          return MAPPER.readValue(resp.body(), type);
        }
        MetaException e = error(resp);
        if (e.code() != ErrorCode.UNAVAILABLE) {
          throw e;
        }
        last = e;
      } catch (ConnectException | HttpConnectTimeoutException e) {
        // Nothing was sent: safe to try another peer even for a write.
        last = new MetaException(ErrorCode.UNAVAILABLE, 503, addr + ": " + e);
      } catch (IOException e) {
        if (write) {
          throw new MetaException(ErrorCode.TIMEOUT, 504, addr + ": no answer, outcome unknown: " + e);
        }
        last = new MetaException(ErrorCode.UNAVAILABLE, 503, addr + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MetaException(ErrorCode.UNAVAILABLE, 503, "interrupted");
      }
      if (current == i) {
        current = (i + 1) % addrs.size();
      }
      if (System.nanoTime() > deadline) {
        throw last;
      }
      if ((attempt + 1) % addrs.size() == 0 && !sleep(opts.retrySleepMs())) {
        throw last;
      }
    }
  }

  private static MetaException error(HttpResponse<byte[]> resp) {
    try {
      ApiError e = MAPPER.readValue(resp.body(), ApiError.class);
      return new MetaException(ErrorCode.parse(e.code()), resp.statusCode(), e.message());
    } catch (IOException ex) {
      return new MetaException(ErrorCode.INTERNAL, resp.statusCode(), "unreadable error body");
    }
  }

  private static Map<String, Object> body(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() on Java 17; its threads are daemons.
  }
}
