package io.codis.meta.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.WatchResult;
import io.codis.meta.server.Json;
import io.codis.meta.server.PeerSpec;
import io.codis.meta.server.control.Switchover;
import io.codis.meta.server.proto.AddServer;
import io.codis.meta.server.proto.AssignSlots;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.CreateGroup;
import io.codis.meta.server.proto.InitCluster;
import io.codis.meta.server.proto.KvCas;
import io.codis.meta.server.proto.KvDelete;
import io.codis.meta.server.proto.KvPut;
import io.codis.meta.server.proto.PromoteServer;
import io.codis.meta.server.proto.RegisterNode;
import io.codis.meta.server.proto.RegisterProxy;
import io.codis.meta.server.proto.RemoveGroup;
import io.codis.meta.server.proto.RemoveProxy;
import io.codis.meta.server.proto.RemoveServer;
import io.codis.meta.server.proto.RenewMasterLease;
import io.codis.meta.server.proto.RenewProxy;
import io.codis.meta.server.proto.ReportOffset;
import io.codis.meta.server.proto.SetSlotsOffline;
import io.codis.meta.server.proto.Suspect;
import io.codis.meta.server.raft.ApiReply;
import io.codis.meta.server.raft.MetaStateMachine;
import io.codis.meta.server.raft.RaftGateway;
import io.codis.meta.server.raft.RaftSettings;
import io.codis.meta.server.state.Limits;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftPeer;

/**
 * Routes {@code /v1/...} requests. Every handler first checks its syntax (the comment above it), then
 * builds one command or one query. Errors travel as {@link BadRequest} or as an error ApiReply.
 */
public final class HttpApi {
  static final long DEFAULT_PROXY_TTL_MS = 5_000;
  static final long DEFAULT_WATCH_TIMEOUT_MS = 30_000;

  private final String selfId;
  private final RaftGateway raft;
  private final MetaStateMachine sm;
  private final long watchTimeoutMsMax;
  private final Executor blocking;
  private java.util.function.Supplier<String> metrics = () -> "";
  private Switchover switchover;

  public HttpApi(String selfId, RaftGateway raft, MetaStateMachine sm, long watchTimeoutMsMax,
      Executor blocking) {
    this.selfId = selfId;
    this.raft = raft;
    this.sm = sm;
    this.watchTimeoutMsMax = watchTimeoutMsMax;
    this.blocking = blocking;
  }

  /** Adds the failover parts: GET /metrics and POST /v1/groups/ID/switchover. */
  public HttpApi withFailover(java.util.function.Supplier<String> metrics, Switchover switchover) {
    this.metrics = metrics;
    this.switchover = switchover;
    return this;
  }

  /** Dispatches one request; never throws. */
  CompletableFuture<ApiReply> handle(String method, String path, Map<String, List<String>> params,
      byte[] body, ScheduledExecutorService timer) {
    try {
      List<String> seg = segments(path);
      if (seg.size() == 1 && seg.get(0).equals("metrics")) {
        return get(method, true, () -> CompletableFuture.supplyAsync(
            () -> ApiReply.text(metrics.get()), blocking));
      }
      if (seg.size() < 2 || !seg.get(0).equals("v1")) {
        throw new BadRequest(ErrorCode.NOT_FOUND, "no route " + path);
      }
      return route(method, seg.subList(1, seg.size()), params, body, timer);
    } catch (BadRequest e) {
      return CompletableFuture.completedFuture(ApiReply.error(e.code, e.getMessage()));
    }
  }

  private CompletableFuture<ApiReply> route(String m, List<String> s, Map<String, List<String>> q,
      byte[] body, ScheduledExecutorService timer) {
    String head = s.get(0);
    int n = s.size();
    switch (head) {
      case "health":
        return get(m, n == 1, () -> done(health()));
      case "cluster":
        if (n == 1) {
          return get(m, true, () -> raft.read("cluster"));
        }
        if (n == 2 && s.get(1).equals("init")) {
          return post(m, () -> init(parse(body, Requests.Init.class)));
        }
        break;
      case "groups":
        return groups(m, s, body, q);
      case "slots":
        return slots(m, s, body);
      case "proxies":
        return proxies(m, s, body);
      case "nodes":
        return nodes(m, s, body);
      case "kv":
        return kv(m, s, body, q);
      case "watch":
        return get(m, n == 1, () -> watch(q, timer));
      case "peers":
        return peers(m, s, body);
      default:
        break;
    }
    throw new BadRequest(ErrorCode.NOT_FOUND, "no route /v1/" + String.join("/", s));
  }

  private Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("id", selfId);
    h.put("leader", raft.isLeader());
    h.put("leaderId", sm.leaderId() == null ? "" : sm.leaderId().toString());
    h.put("appliedVersion", sm.version());
    return h;
  }

  /* POST /v1/cluster/init {"slotCount": 1024} */
  private CompletableFuture<ApiReply> init(Requests.Init r) {
    int slots = r.slotCount() == null ? Limits.DEFAULT_SLOT_COUNT : r.slotCount();
    range("slotCount", slots, 1, Limits.DEFAULT.slotCountMax());
    return raft.write(cmd(r.expectedVersion())
        .setInitCluster(InitCluster.newBuilder().setSlotCount(slots)).build());
  }

  /*
   * GET /v1/groups | GET /v1/groups/ID | POST /v1/groups {"id"} | DELETE /v1/groups/ID
   * POST /v1/groups/ID/servers {"addr"} | DELETE /v1/groups/ID/servers/ADDR
   * POST /v1/groups/ID/promote {"addr"} | POST /v1/groups/ID/switchover {"addr","timeoutMs"?}
   */
  private CompletableFuture<ApiReply> groups(String m, List<String> s, byte[] body,
      Map<String, List<String>> q) {
    int n = s.size();
    if (n == 1) {
      if (m.equals("GET")) {
        return raft.read("groups");
      }
      return post(m, () -> {
        Requests.Group r = parse(body, Requests.Group.class);
        int id = range("id", required("id", r.id()), 1, Limits.DEFAULT.groupIdMax());
        return raft.write(cmd(r.expectedVersion())
            .setCreateGroup(CreateGroup.newBuilder().setGroupId(id)).build());
      });
    }
    int id = intSegment("group id", s.get(1));
    if (n == 2) {
      if (m.equals("DELETE")) {
        return raft.write(cmd(longParam(q, "expectedVersion"))
            .setRemoveGroup(RemoveGroup.newBuilder().setGroupId(id)).build());
      }
      return get(m, true, () -> raft.read("groups/" + id));
    }
    if (n == 3 && s.get(2).equals("servers")) {
      return post(m, () -> {
        Requests.Server r = parse(body, Requests.Server.class);
        return raft.write(cmd(r.expectedVersion()).setAddServer(AddServer.newBuilder()
            .setGroupId(id).setAddr(required("addr", r.addr()))).build());
      });
    }
    if (n == 4 && s.get(2).equals("servers") && m.equals("DELETE")) {
      return raft.write(cmd(longParam(q, "expectedVersion")).setRemoveServer(
          RemoveServer.newBuilder().setGroupId(id).setAddr(s.get(3))).build());
    }
    if (n == 3 && s.get(2).equals("switchover")) {
      return post(m, () -> {
        Requests.SwitchoverRequest r = parse(body, Requests.SwitchoverRequest.class);
        long timeoutMs = r.timeoutMs() == null ? Switchover.TIMEOUT_MS_DEFAULT : r.timeoutMs();
        if (timeoutMs < 1 || timeoutMs > Switchover.TIMEOUT_MS_MAX) {
          throw new BadRequest(ErrorCode.OUT_OF_RANGE, "timeoutMs: " + timeoutMs
              + " (expected: 1.." + Switchover.TIMEOUT_MS_MAX + ")");
        }
        String addr = required("addr", r.addr());
        if (switchover == null) {
          throw new BadRequest(ErrorCode.NOT_FOUND, "switchover is not available on this peer");
        }
        return switchover.run(id, addr, timeoutMs);
      });
    }
    if (n == 3 && s.get(2).equals("promote")) {
      return post(m, () -> {
        Requests.Server r = parse(body, Requests.Server.class);
        return raft.write(cmd(r.expectedVersion()).setPromoteServer(PromoteServer.newBuilder()
            .setGroupId(id).setAddr(required("addr", r.addr()))).build());
      });
    }
    throw new BadRequest(ErrorCode.NOT_FOUND, "no route /v1/" + String.join("/", s));
  }

  /*
   * GET /v1/slots | GET /v1/slots/ID
   * POST /v1/slots/assign {"first","last","groupId"} | POST /v1/slots/offline {"first","last"}
   */
  private CompletableFuture<ApiReply> slots(String m, List<String> s, byte[] body) {
    if (s.size() == 1) {
      return get(m, true, () -> raft.read("slots"));
    }
    if (s.size() == 2 && s.get(1).equals("assign")) {
      return post(m, () -> {
        Requests.SlotRange r = parse(body, Requests.SlotRange.class);
        return raft.write(cmd(r.expectedVersion()).setAssignSlots(AssignSlots.newBuilder()
            .setFirstSlot(slot("first", r.first())).setLastSlot(slot("last", r.last()))
            .setGroupId(range("groupId", required("groupId", r.groupId()), 1,
                Limits.DEFAULT.groupIdMax()))).build());
      });
    }
    if (s.size() == 2 && s.get(1).equals("offline")) {
      return post(m, () -> {
        Requests.SlotRange r = parse(body, Requests.SlotRange.class);
        if (r.groupId() != null) {
          throw new BadRequest(ErrorCode.BAD_REQUEST, "offline takes no groupId");
        }
        return raft.write(cmd(r.expectedVersion()).setSetSlotsOffline(SetSlotsOffline.newBuilder()
            .setFirstSlot(slot("first", r.first())).setLastSlot(slot("last", r.last()))).build());
      });
    }
    if (s.size() == 2) {
      int id = intSegment("slot", s.get(1));
      return get(m, true, () -> raft.read("slots/" + id));
    }
    throw new BadRequest(ErrorCode.NOT_FOUND, "no route /v1/" + String.join("/", s));
  }

  /*
   * GET /v1/proxies | POST /v1/proxies {"id","addr","adminAddr","leaseTtlMs"}
   * POST /v1/proxies/ID/renew {"tableVersionSeen"} | DELETE /v1/proxies/ID
   */
  private CompletableFuture<ApiReply> proxies(String m, List<String> s, byte[] body) {
    int n = s.size();
    if (n == 1 && m.equals("GET")) {
      return raft.read("proxies");
    }
    if (n == 1) {
      return post(m, () -> {
        Requests.Proxy r = parse(body, Requests.Proxy.class);
        return raft.write(cmd(null).setRegisterProxy(RegisterProxy.newBuilder()
            .setProxyId(required("id", r.id())).setAddr(required("addr", r.addr()))
            .setAdminAddr(r.adminAddr() == null ? "" : r.adminAddr())
            .setLeaseTtlMs(r.leaseTtlMs() == null ? DEFAULT_PROXY_TTL_MS : r.leaseTtlMs())).build());
      });
    }
    if (n == 2 && m.equals("DELETE")) {
      return raft.write(cmd(null).setRemoveProxy(RemoveProxy.newBuilder().setProxyId(s.get(1))).build());
    }
    if (n == 3 && s.get(2).equals("renew")) {
      return post(m, () -> {
        Requests.ProxyRenew r = body.length == 0 ? new Requests.ProxyRenew(null)
            : parse(body, Requests.ProxyRenew.class);
        long seen = r.tableVersionSeen() == null ? 0 : nonNegative("tableVersionSeen", r.tableVersionSeen());
        return raft.write(cmd(null).setRenewProxy(RenewProxy.newBuilder().setProxyId(s.get(1))
            .setTableVersionSeen(seen)).build());
      });
    }
    throw new BadRequest(ErrorCode.NOT_FOUND, "no route /v1/" + String.join("/", s));
  }

  /*
   * GET /v1/nodes | POST /v1/nodes {"addr","runId"}
   * POST /v1/nodes/lease {"groupId","addr","epoch","leaseTtlMs"} | POST /v1/nodes/offset {"addr","offset"}
   * POST /v1/nodes/suspect {"addr","peerId"?,"suspected"}: peerId defaults to the receiving peer
   */
  private CompletableFuture<ApiReply> nodes(String m, List<String> s, byte[] body) {
    int n = s.size();
    if (n == 1 && m.equals("GET")) {
      return raft.read("nodes");
    }
    if (n == 1) {
      return post(m, () -> {
        Requests.Node r = parse(body, Requests.Node.class);
        return raft.write(cmd(null).setRegisterNode(RegisterNode.newBuilder()
            .setAddr(required("addr", r.addr())).setRunId(r.runId() == null ? "" : r.runId())).build());
      });
    }
    if (n == 2 && s.get(1).equals("lease")) {
      return post(m, () -> {
        Requests.MasterLease r = parse(body, Requests.MasterLease.class);
        return raft.write(cmd(null).setRenewMasterLease(RenewMasterLease.newBuilder()
            .setGroupId(range("groupId", required("groupId", r.groupId()), 1, Limits.DEFAULT.groupIdMax()))
            .setAddr(required("addr", r.addr()))
            .setEpoch(nonNegative("epoch", required("epoch", r.epoch())))
            .setLeaseTtlMs(required("leaseTtlMs", r.leaseTtlMs()))).build());
      });
    }
    if (n == 2 && s.get(1).equals("suspect")) {
      return post(m, () -> {
        Requests.Suspicion r = parse(body, Requests.Suspicion.class);
        return raft.write(cmd(null).setSuspect(Suspect.newBuilder()
            .setAddr(required("addr", r.addr()))
            .setPeerId(r.peerId() == null ? selfId : r.peerId())
            .setSuspected(required("suspected", r.suspected()))).build());
      });
    }
    if (n == 2 && s.get(1).equals("offset")) {
      return post(m, () -> {
        Requests.Offset r = parse(body, Requests.Offset.class);
        return raft.write(cmd(null).setReportOffset(ReportOffset.newBuilder()
            .setAddr(required("addr", r.addr()))
            .setOffset(nonNegative("offset", required("offset", r.offset())))).build());
      });
    }
    throw new BadRequest(ErrorCode.NOT_FOUND, "no route /v1/" + String.join("/", s));
  }

  /*
   * GET /v1/kv | GET /v1/kv/KEY | PUT /v1/kv/KEY {"value"} | DELETE /v1/kv/KEY[?expectedVersion=]
   * POST /v1/kv/KEY/cas {"value","expectedVersion","expectedValue"}
   */
  private CompletableFuture<ApiReply> kv(String m, List<String> s, byte[] body,
      Map<String, List<String>> q) {
    int n = s.size();
    if (n == 1) {
      return get(m, true, () -> raft.read("kv"));
    }
    String key = s.get(1);
    if (n == 2) {
      switch (m) {
        case "GET":
          return raft.read("kv/" + key);
        case "PUT": {
          Requests.KvPut r = parse(body, Requests.KvPut.class);
          return raft.write(cmd(null).setKvPut(KvPut.newBuilder().setKey(key)
              .setValue(required("value", r.value()))).build());
        }
        case "DELETE": {
          KvDelete.Builder d = KvDelete.newBuilder().setKey(key);
          Long expected = longParam(q, "expectedVersion");
          if (expected != null) {
            d.setExpectedVersion(nonNegative("expectedVersion", expected));
          }
          return raft.write(cmd(null).setKvDelete(d).build());
        }
        default:
          throw new BadRequest(ErrorCode.METHOD_NOT_ALLOWED, m + " /v1/kv/KEY");
      }
    }
    if (n == 3 && s.get(2).equals("cas")) {
      return post(m, () -> {
        Requests.KvCas r = parse(body, Requests.KvCas.class);
        KvCas.Builder c = KvCas.newBuilder().setKey(key).setValue(required("value", r.value()));
        if (r.expectedVersion() != null) {
          c.setExpectedVersion(nonNegative("expectedVersion", r.expectedVersion()));
        }
        if (r.expectedValue() != null) {
          c.setExpectedValue(r.expectedValue());
        }
        return raft.write(cmd(null).setKvCas(c).build());
      });
    }
    throw new BadRequest(ErrorCode.NOT_FOUND, "no route /v1/" + String.join("/", s));
  }

  /*
   * GET /v1/watch?after=V[&timeoutMs=T]: answers as soon as this peer has applied a version > V, or
   * after T ms with changed=false. A watcher then reads what it needs (linearizably).
   */
  private CompletableFuture<ApiReply> watch(Map<String, List<String>> q,
      ScheduledExecutorService timer) {
    Long after = longParam(q, "after");
    long afterVersion = nonNegative("after", required("after", after));
    Long t = longParam(q, "timeoutMs");
    long timeoutMs = t == null ? DEFAULT_WATCH_TIMEOUT_MS : t;
    if (timeoutMs < 0 || timeoutMs > watchTimeoutMsMax) {
      throw new BadRequest(ErrorCode.OUT_OF_RANGE,
          "timeoutMs: " + timeoutMs + " (expected: 0.." + watchTimeoutMsMax + ")");
    }
    CompletableFuture<Long> f = sm.watchers().await(afterVersion);
    if (f == null) {
      return done(ApiReply.error(ErrorCode.UNAVAILABLE, "too many watchers on this peer"));
    }
    var timeout = timer.schedule(() -> f.complete(-1L), timeoutMs, TimeUnit.MILLISECONDS);
    return f.thenApply(v -> {
      timeout.cancel(false);
      return v < 0 ? ApiReply.ok(new WatchResult(sm.version(), false))
          : ApiReply.ok(new WatchResult(v, true));
    });
  }

  /*
   * GET /v1/peers | POST /v1/peers {"id","host","raftPort","httpPort"} | DELETE /v1/peers/ID
   * The new peer must already run (started with the new peer list); Ratis then catches it up.
   */
  private CompletableFuture<ApiReply> peers(String m, List<String> s, byte[] body) {
    if (s.size() == 1 && m.equals("GET")) {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return ApiReply.ok(raft.peers());
        } catch (java.io.IOException e) {
          return ApiReply.error(ErrorCode.UNAVAILABLE, e.getMessage());
        }
      }, blocking);
    }
    if (s.size() == 1) {
      if (!m.equals("POST")) {
        throw new BadRequest(ErrorCode.METHOD_NOT_ALLOWED, "expected POST, got " + m);
      }
      Requests.Peer r = parse(body, Requests.Peer.class);
      PeerSpec p = new PeerSpec(required("id", r.id()), required("host", r.host()),
          range("raftPort", required("raftPort", r.raftPort()), 1, 65535),
          range("httpPort", required("httpPort", r.httpPort()), 1, 65535));
      return changePeers(peers -> {
        if (peers.stream().anyMatch(x -> x.getId().toString().equals(p.id()))) {
          throw new BadRequest(ErrorCode.BAD_REQUEST, "peer " + p.id() + " is already a member");
        }
        raft.rememberHttpAddr(p.id(), p.httpAddr());
        peers.add(RaftSettings.peer(p));
      });
    }
    if (s.size() == 2 && m.equals("DELETE")) {
      String id = s.get(1);
      return changePeers(peers -> {
        if (!peers.removeIf(x -> x.getId().toString().equals(id))) {
          throw new BadRequest(ErrorCode.NO_SUCH_PEER, "no peer " + id);
        }
        if (peers.isEmpty()) {
          throw new BadRequest(ErrorCode.BAD_REQUEST, "cannot remove the last peer");
        }
      });
    }
    throw new BadRequest(ErrorCode.NOT_FOUND, "no route /v1/" + String.join("/", s));
  }

  private CompletableFuture<ApiReply> changePeers(java.util.function.Consumer<List<RaftPeer>> edit) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        List<RaftPeer> peers = new ArrayList<>(raft.group().getPeers());
        edit.accept(peers);
        return raft.setPeers(peers);
      } catch (BadRequest e) {
        return ApiReply.error(e.code, e.getMessage());
      } catch (java.io.IOException e) {
        return ApiReply.error(ErrorCode.UNAVAILABLE, e.getMessage());
      }
    }, blocking);
  }

  // ---- helpers: syntax checks that answer 4xx before anything reaches Raft ----

  private static Command.Builder cmd(Long expectedVersion) {
    Command.Builder b = Command.newBuilder();
    if (expectedVersion != null) {
      b.setExpectedVersion(nonNegative("expectedVersion", expectedVersion));
    }
    return b;
  }

  private interface Handler {
    CompletableFuture<ApiReply> run();
  }

  private static CompletableFuture<ApiReply> get(String m, boolean matches, Handler h) {
    if (!matches) {
      throw new BadRequest(ErrorCode.NOT_FOUND, "no such route");
    }
    if (!m.equals("GET")) {
      throw new BadRequest(ErrorCode.METHOD_NOT_ALLOWED, "expected GET, got " + m);
    }
    return h.run();
  }

  private static CompletableFuture<ApiReply> post(String m, Handler h) {
    if (!m.equals("POST")) {
      throw new BadRequest(ErrorCode.METHOD_NOT_ALLOWED, "expected POST, got " + m);
    }
    return h.run();
  }

  private static CompletableFuture<ApiReply> done(Object body) {
    return CompletableFuture.completedFuture(body instanceof ApiReply r ? r : ApiReply.ok(body));
  }

  static <T> T parse(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw new BadRequest(ErrorCode.BAD_REQUEST, "missing JSON body");
    }
    try {
      T t = Json.MAPPER.readValue(body, type);
      if (t == null) {
        throw new BadRequest(ErrorCode.BAD_REQUEST, "JSON body is null");
      }
      return t;
    } catch (JsonProcessingException e) {
      throw new BadRequest(ErrorCode.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new BadRequest(ErrorCode.BAD_REQUEST, "unreadable body");
    }
  }

  private static <T> T required(String name, T value) {
    if (value == null) {
      throw new BadRequest(ErrorCode.BAD_REQUEST, "missing field " + name);
    }
    return value;
  }

  private static int range(String name, int v, int min, int max) {
    if (v < min || v > max) {
      throw new BadRequest(ErrorCode.OUT_OF_RANGE, name + ": " + v + " (expected: " + min + ".." + max + ")");
    }
    return v;
  }

  private static int slot(String name, Integer v) {
    return range(name, required(name, v), 0, Limits.DEFAULT.slotCountMax() - 1);
  }

  private static long nonNegative(String name, long v) {
    if (v < 0) {
      throw new BadRequest(ErrorCode.OUT_OF_RANGE, name + ": " + v + " (expected: >= 0)");
    }
    return v;
  }

  private static int intSegment(String name, String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new BadRequest(ErrorCode.BAD_REQUEST, name + ": " + s + " (expected: an integer)");
    }
  }

  private static Long longParam(Map<String, List<String>> q, String name) {
    List<String> v = q.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v.get(0));
    } catch (NumberFormatException e) {
      throw new BadRequest(ErrorCode.BAD_REQUEST, name + ": " + v.get(0) + " (expected: an integer)");
    }
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        out.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
