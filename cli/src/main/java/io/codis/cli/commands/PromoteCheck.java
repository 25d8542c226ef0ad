package io.codis.cli.commands;

import io.codis.cli.CliException;
import io.codis.meta.client.model.GroupView;
import java.util.Map;

/**
 * The checks before a promotion: the target must be a replica of the group in the metaserver's
 * model, answer PING, say {@code role:slave} linked ({@code master_link_status:up}) to the group's
 * master in INFO replication, and be at most maxLag bytes behind the master's offset.
 */
final class PromoteCheck {
  private PromoteCheck() {}

  static void verify(GroupView g, String addr, long maxLag) {
    String hint = "codisctl cluster status shows each replica's state; --force skips these checks";
    if (addr.equals(g.master())) {
      throw CliException.refused(addr + " is already the master of group " + g.id(), null);
    }
    if (!g.replicas().contains(addr)) {
      throw CliException.refused(addr + " is not a replica of group " + g.id() + " (master "
          + g.master() + ", replicas " + g.replicas() + ")",
          "add it first: codisctl group add-server " + g.id() + " " + addr);
    }
    if (!"up".equals(NodeProbe.health(addr))) {
      throw CliException.refused(addr + " does not answer PING", hint);
    }
    Map<String, String> info = NodeProbe.replication(addr);
    if (!"slave".equals(info.get("role"))) {
      throw CliException.refused(addr + " does not replicate (INFO replication says role:"
          + info.getOrDefault("role", "?") + "): the node has no replication yet, or REPLICAOF was "
          + "never sent, so it may miss writes", hint);
    }
    String master = info.get("master_host") + ":" + info.get("master_port");
    if (!master.equals(g.master())) {
      throw CliException.refused(addr + " replicates from " + master + ", not from the group's master "
          + g.master(), hint);
    }
    if (!"up".equals(info.get("master_link_status"))) {
      throw CliException.refused(addr + " has its link to " + master + " "
          + info.getOrDefault("master_link_status", "?"), hint);
    }
    long replicaOffset = parse(info.get("slave_repl_offset"));
    long masterOffset = parse(NodeProbe.replication(g.master()).get("master_repl_offset"));
    if (masterOffset < 0 || replicaOffset < 0) {
      throw CliException.refused("cannot compare replication offsets of " + addr + " and " + g.master(), hint);
    }
    if (masterOffset - replicaOffset > maxLag) {
      throw CliException.refused(addr + " is " + (masterOffset - replicaOffset)
          + " bytes behind the master (allowed: " + maxLag + ")", "wait for it to catch up, then retry");
    }
  }

  private static long parse(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
