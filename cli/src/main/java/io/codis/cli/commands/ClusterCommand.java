package io.codis.cli.commands;

import io.codis.cli.CodisCtl;
import io.codis.cli.Output;
import io.codis.cli.Table;
import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.meta.client.MetaException;
import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.FailoverView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.NodeView;
import io.codis.meta.client.model.PeerView;
import io.codis.meta.client.model.ProxyView;
import io.codis.meta.client.model.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code codisctl cluster init|status}. */
@Command(name = "cluster", description = "Initialise the cluster or show it on one screen.")
public final class ClusterCommand {
  /** One probe of a metaserver peer's own health endpoint: short, so a dead peer costs little. */
  static final MetaClientOptions PEER_PROBE = new MetaClientOptions(1_000, 2_500, 0, 50, 1_000);

  @ParentCommand
  CodisCtl root;

  @Command(name = "init", description = "Initialise a new cluster; every slot starts OFFLINE.")
  int init(@Option(names = "--slots", defaultValue = "1024", description = "Slot count, 1..16384 (default ${DEFAULT-VALUE}).") int slots) {
    WriteResult r = root.meta().initCluster(slots);
    root.out().done("initialised with " + slots + " slots (cluster version " + r.version() + ")", r);
    return 0;
  }

  /** What {@code cluster status} shows, also its JSON form. */
  public record Status(long version, boolean initialized, int slotCount, List<PeerRow> peers,
      List<ServerRow> servers, List<SlotRange> slots, List<ProxyRow> proxies, List<String> warnings,
      List<FailoverRow> failovers) {}

  /** One recorded promotion; ageMs is how long ago it applied (by the metaserver's clock). */
  public record FailoverRow(int group, long epoch, String from, String to, String reason,
      long ageMs, long detectedToPromotedMs, String detail) {}

  public record PeerRow(String id, String httpAddr, String raftAddr, String role, String health,
      Long appliedVersion) {}

  public record ServerRow(int group, long epoch, String addr, String role, String health,
      String replication) {}

  public record ProxyRow(String id, String addr, long leaseAgeMs, String state, long tableVersionSeen) {}

  @Command(name = "status", description = "Peers and leader, groups and their health, slots, proxies, warnings.")
  int status() {
    Status s = collect(root.meta());
    Output out = root.out();
    out.emit(s, peersTable(out, s), serversTable(out, s), slotsTable(s), proxiesTable(out, s),
        failoversTable(s), warningsTable(s));
    return 0;
  }

  static Status collect(MetaClient meta) {
    ClusterView v = meta.cluster();
    List<String> warnings = new ArrayList<>();
    List<PeerRow> peers = peers(meta, warnings);
    List<ServerRow> servers = new ArrayList<>();
    for (GroupView g : v.groups()) {
      if (g.master() == null) {
        warnings.add("group " + g.id() + " has no master: add one with codisctl group add-server "
            + g.id() + " HOST:PORT");
      } else {
        servers.add(server(g, g.master(), "master", v.nodes(), warnings));
      }
      for (String r : g.replicas()) {
        servers.add(server(g, r, "replica", v.nodes(), warnings));
      }
      if (g.failoverState() != null && !g.failoverState().isEmpty()) {
        warnings.add("group " + g.id() + " failover pending: " + g.failoverState());
      }
    }
    List<FailoverRow> failovers = new ArrayList<>();
    for (GroupView g : v.groups()) {
      for (FailoverView f : g.failovers() == null ? List.<FailoverView>of() : g.failovers()) {
        failovers.add(new FailoverRow(g.id(), f.epoch(), f.from(), f.to(), f.reason(),
            Math.max(0, v.nowMs() - f.promotedAtMs()),
            f.detectedAtMs() == 0 ? -1 : f.promotedAtMs() - f.detectedAtMs(), f.detail()));
      }
    }
    failovers.sort(java.util.Comparator.comparingLong(FailoverRow::ageMs));
    List<SlotRange> slots = SlotRange.of(v.slots());
    long offline = slots.stream().filter(r -> r.groupId() == 0 || !"STABLE".equals(r.state()))
        .mapToLong(SlotRange::count).sum();
    if (!v.initialized()) {
      warnings.add("the cluster is not initialised: run codisctl cluster init");
    } else if (offline > 0) {
      warnings.add(offline + " slots are not served: assign them with codisctl slot assign --range A-B --group G");
    }
    List<ProxyRow> proxies = new ArrayList<>();
    for (ProxyView p : v.proxies()) {
      proxies.add(new ProxyRow(p.id(), p.addr(), Math.max(0, v.nowMs() - p.lastSeenMs()),
          p.expired() ? "expired" : "live", p.tableVersionSeen()));
      if (p.expired()) {
        warnings.add("proxy " + p.id() + " lease expired: restart it or codisctl proxy remove " + p.id());
      }
    }
    if (v.initialized() && proxies.stream().noneMatch(p -> p.state().equals("live"))) {
      warnings.add("no live proxy: clients have nowhere to connect");
    }
    return new Status(v.version(), v.initialized(), v.slotCount(), peers, servers, slots, proxies,
        warnings, failovers);
  }

  private static List<PeerRow> peers(MetaClient meta, List<String> warnings) {
    List<PeerRow> rows = new ArrayList<>();
    for (PeerView p : meta.peers()) {
      String health = "unreachable";
      Long applied = null;
      String role = p.leader() ? "leader" : "follower";
      if (p.httpAddr() != null && !p.httpAddr().isEmpty()) {
        try {
          Map<String, Object> h = new MetaClient(List.of(p.httpAddr()), PEER_PROBE).health();
          health = "up";
          applied = h.get("appliedVersion") instanceof Number n ? n.longValue() : null;
          if (h.get("leader") instanceof Boolean b) {
            role = b ? "leader" : "follower";
          }
        } catch (MetaException e) {
          warnings.add("metaserver peer " + p.id() + " (" + p.httpAddr() + ") is unreachable: "
              + "check its process and log");
        }
      }
      rows.add(new PeerRow(p.id(), p.httpAddr(), p.raftAddr(), role, health, applied));
    }
    if (rows.stream().noneMatch(r -> r.role().equals("leader"))) {
      warnings.add("no metaserver peer says it is the leader");
    }
    return rows;
  }

  private static ServerRow server(GroupView g, String addr, String role, List<NodeView> nodes,
      List<String> warnings) {
    String health = NodeProbe.health(addr);
    boolean failed = nodes.stream().anyMatch(n -> n.addr().equals(addr) && n.failed());
    if (failed) {
      health = "failed";
    }
    if (!health.equals("up")) {
      warnings.add("group " + g.id() + " " + role + " " + addr + " is " + health
          + ": check its process (codisctl node info " + addr + ")");
    }
    String repl = "-";
    if (role.equals("replica") && health.equals("up")) {
      Map<String, String> info = NodeProbe.replication(addr);
      String master = info.get("master_host") == null ? null
          : info.get("master_host") + ":" + info.get("master_port");
      if (!"slave".equals(info.get("role"))) {
        repl = "not replicating";
        warnings.add("replica " + addr + " of group " + g.id() + " does not replicate from "
            + g.master() + " (the node has no replication yet, or REPLICAOF was not sent)");
      } else {
        repl = "link " + info.getOrDefault("master_link_status", "?")
            + (Objects.equals(master, g.master()) ? "" : " (to " + master + ")");
      }
    }
    return new ServerRow(g.id(), g.epoch(), addr, role, health, repl);
  }

  private static Table peersTable(Output out, Status s) {
    Table t = new Table("METASERVER PEERS", "ID", "HTTP", "RAFT", "ROLE", "HEALTH", "APPLIED");
    for (PeerRow p : s.peers()) {
      t.row(p.id(), p.httpAddr(), p.raftAddr(), out.health(p.role()), out.health(p.health()), p.appliedVersion());
    }
    return t;
  }

  private static Table serversTable(Output out, Status s) {
    Table t = new Table("GROUPS (cluster version " + s.version() + ")", "GROUP", "EPOCH", "SERVER",
        "ROLE", "HEALTH", "REPLICATION");
    for (ServerRow r : s.servers()) {
      t.row(r.group(), r.epoch(), r.addr(), out.health(r.role()), out.health(r.health()), r.replication());
    }
    return t;
  }

  static Table slotsTable(Status s) {
    Table t = new Table("SLOTS (" + s.slotCount() + ")", "GROUP", "COUNT", "RANGES");
    java.util.Map<Integer, List<SlotRange>> byGroup = new java.util.TreeMap<>();
    for (SlotRange r : s.slots()) {
      byGroup.computeIfAbsent(r.groupId(), k -> new ArrayList<>()).add(r);
    }
    byGroup.forEach((g, ranges) -> t.row(g == 0 ? "none" : g,
        ranges.stream().mapToInt(SlotRange::count).sum(),
        String.join(",", ranges.stream().map(SlotRange::text).toList())));
    return t;
  }

  private static Table proxiesTable(Output out, Status s) {
    Table t = new Table("PROXIES", "ID", "ADDR", "LEASE AGE", "STATE", "TABLE VERSION");
    for (ProxyRow p : s.proxies()) {
      t.row(p.id(), p.addr(), String.format("%.1fs", p.leaseAgeMs() / 1000.0), out.health(p.state()),
          p.tableVersionSeen());
    }
    return t;
  }

  /** Recent promotions, newest first; TOOK is from the master declared failed to the promotion. */
  private static Table failoversTable(Status s) {
    Table t = new Table("FAILOVERS", "GROUP", "EPOCH", "FROM", "TO", "REASON", "AGO", "TOOK");
    for (FailoverRow f : s.failovers()) {
      t.row(f.group(), f.epoch(), f.from(), f.to(), f.reason(), String.format("%.1fs", f.ageMs() / 1000.0),
          f.detectedToPromotedMs() < 0 ? "-" : String.format("%.1fs", f.detectedToPromotedMs() / 1000.0));
    }
    return t;
  }

  private static Table warningsTable(Status s) {
    Table t = new Table("WARNINGS", "WARNING");
    s.warnings().forEach(t::row);
    return t;
  }
}
