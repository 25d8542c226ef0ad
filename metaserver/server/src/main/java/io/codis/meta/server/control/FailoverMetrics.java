package io.codis.meta.server.control;

import io.codis.meta.client.model.NodeView;
import io.codis.meta.server.raft.MetaStateMachine;
import io.codis.meta.server.state.Views;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics}: Prometheus text about detection and failover. Replicated figures (failovers
 * by reason, failed nodes) are the same on every peer; this peer's own opinions, its controller's
 * decisions (only the leader's are non-empty) and its switchovers are local.
 */
public final class FailoverMetrics {
  private final MetaStateMachine sm;
  private final Prober prober;
  private final Controller controller;
  private final Switchover switchover;

  public FailoverMetrics(MetaStateMachine sm, Prober prober, Controller controller,
      Switchover switchover) {
    this.sm = sm;
    this.prober = prober;
    this.controller = controller;
    this.switchover = switchover;
  }

  public String render() {
    StringBuilder b = new StringBuilder();
    Map<String, Long> counts = sm.read(Views::failoverCounts);
    List<NodeView> nodes = sm.read(Views::nodes);
    help(b, "codis_meta_failovers_total", "counter", "Promotions applied, by reason.");
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      b.append("codis_meta_failovers_total{reason=\"").append(e.getKey()).append("\"} ")
          .append(e.getValue()).append('\n');
    }
    help(b, "codis_meta_node_failed", "gauge", "1 while more than half of the peers suspect the node.");
    for (NodeView n : nodes) {
      b.append("codis_meta_node_failed{addr=\"").append(n.addr()).append("\"} ")
          .append(n.failed() ? 1 : 0).append('\n');
    }
    help(b, "codis_meta_node_suspected_by", "gauge", "Peers that currently suspect the node.");
    for (NodeView n : nodes) {
      b.append("codis_meta_node_suspected_by{addr=\"").append(n.addr()).append("\"} ")
          .append(n.suspectedBy().size()).append('\n');
    }
    if (prober != null) {
      help(b, "codis_meta_probe_suspected", "gauge", "1 while this peer's own probes suspect the node.");
      prober.opinions().forEach((addr, s) -> b.append("codis_meta_probe_suspected{addr=\"")
          .append(addr).append("\"} ").append(s ? 1 : 0).append('\n'));
    }
    if (controller != null) {
      help(b, "codis_meta_controller_leading", "gauge", "1 on the peer whose controller acts (the Raft leader).");
      b.append("codis_meta_controller_leading ").append(controller.leading() ? 1 : 0).append('\n');
      help(b, "codis_meta_controller_group_state", "gauge",
          "1 for each group's last decision on this peer (healthy, waiting, read_offsets, promote, blocked).");
      controller.decisions().forEach((g, d) -> b.append("codis_meta_controller_group_state{group=\"")
          .append(g).append("\",state=\"").append(d[0]).append("\"} 1\n"));
      help(b, "codis_meta_controller_refused_total", "counter",
          "Failover commands of this peer's controller that the state machine refused.");
      b.append("codis_meta_controller_refused_total ").append(controller.refused()).append('\n');
    }
    if (switchover != null) {
      help(b, "codis_meta_switchovers_total", "counter", "Switchovers handled by this peer, by result.");
      switchover.results().forEach((k, v) -> b.append("codis_meta_switchovers_total{result=\"")
          .append(k).append("\"} ").append(v).append('\n'));
    }
    return b.toString();
  }

  private static void help(StringBuilder b, String name, String type, String text) {
    b.append("# HELP ").append(name).append(' ').append(text).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }
}
