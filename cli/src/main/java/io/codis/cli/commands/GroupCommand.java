package io.codis.cli.commands;

import io.codis.cli.CliException;
import io.codis.cli.CodisCtl;
import io.codis.cli.Output;
import io.codis.cli.Table;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.SlotView;
import io.codis.meta.client.model.SwitchoverResult;
import io.codis.meta.client.model.WriteResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code codisctl group create|remove|list|add-server|remove-server|promote}. */
@Command(name = "group", description = "Groups: one master and its replicas.")
public final class GroupCommand {
  @ParentCommand
  CodisCtl root;

  @Command(name = "create", description = "Create an empty group.")
  int create(@Parameters(paramLabel = "GROUP", description = "Group id, 1..65535.") int id) {
    WriteResult r = root.meta().createGroup(id, null);
    root.out().done("group " + id + " created", r);
    return 0;
  }

  @Command(name = "remove", description = "Remove a group that owns no slot.")
  int remove(@Parameters(paramLabel = "GROUP") int id) {
    long owned = root.meta().slots().stream().filter(s -> s.groupId() == id).count();
    if (owned > 0) {
      throw CliException.refused("group " + id + " owns " + owned + " slots",
          "move them first: codisctl slot assign --range A-B --group OTHER (codisctl slot list shows them)");
    }
    WriteResult r = root.meta().removeGroup(id);
    root.out().done("group " + id + " removed", r);
    return 0;
  }

  @Command(name = "list", description = "Every group, its servers and the slots it owns.")
  int list() {
    List<GroupView> groups = root.meta().groups();
    List<SlotView> slots = root.meta().slots();
    Table t = new Table(null, "GROUP", "EPOCH", "MASTER", "REPLICAS", "SLOTS");
    Map<Integer, Long> owned = new LinkedHashMap<>();
    for (SlotView s : slots) {
      owned.merge(s.groupId(), 1L, Long::sum);
    }
    for (GroupView g : groups) {
      t.row(g.id(), g.epoch(), g.master(), g.replicas().isEmpty() ? "-" : String.join(",", g.replicas()),
          owned.getOrDefault(g.id(), 0L));
    }
    root.out().emit(groups, t);
    return 0;
  }

  @Command(name = "add-server", description = {"Add a node to a group: the first becomes master,",
      "later ones replicas (codisctl then sends them REPLICAOF master)."})
  int addServer(@Parameters(paramLabel = "GROUP") int id, @Parameters(paramLabel = "HOST:PORT") String addr) {
    WriteResult r = root.meta().addServer(id, addr);
    GroupView g = root.meta().group(id);
    Output out = root.out();
    if (g.master() != null && !g.master().equals(addr)) {
      String why = NodeProbe.replicaOf(addr, g.master());
      if (why != null) {
        out.info("warning: " + addr + " is a replica of group " + id + " but does not replicate: " + why);
      }
    }
    out.done(addr + " added to group " + id + " as " + (addr.equals(g.master()) ? "master" : "replica"), r);
    return 0;
  }

  @Command(name = "remove-server", description = "Remove a node from a group (replicas before the master).")
  int removeServer(@Parameters(paramLabel = "GROUP") int id, @Parameters(paramLabel = "HOST:PORT") String addr) {
    WriteResult r = root.meta().removeServer(id, addr);
    root.out().done(addr + " removed from group " + id, r);
    return 0;
  }

  @Command(name = "promote", description = {"Make a replica the group's master by a planned switchover:",
      "the master fences itself (MASTERFENCE), the target catches up, then it is promoted; writes pause",
      "for about that long and none is lost. Refused unless the target is a healthy replica linked to the",
      "master. --force promotes at once without any of it (the master is lost)."})
  int promote(@Parameters(paramLabel = "GROUP") int id, @Parameters(paramLabel = "HOST:PORT") String addr,
      @Option(names = "--timeout-ms", defaultValue = "5000", description = "How long the target may take to catch up with the fenced master (default ${DEFAULT-VALUE}).") long timeoutMs,
      @Option(names = "--force", description = "Promote at once, without fence, catch-up or replication checks (the master is lost; data written after the replica's offset is lost too).") boolean force) {
    GroupView g = root.meta().group(id);
    Output out = root.out();
    if (force) {
      WriteResult r = root.meta().promote(id, addr);
      reconfigure(out, g, addr);
      out.done(addr + " is now the master of group " + id + " (epoch " + r.epoch() + ")", r);
      return 0;
    }
    // The switchover waits for the target itself, so lag is no reason to refuse here.
    PromoteCheck.verify(g, addr, Long.MAX_VALUE);
    SwitchoverResult r = root.meta().switchover(id, addr, timeoutMs);
    reconfigure(out, g, addr);
    out.done(addr + " is now the master of group " + id + " (epoch " + r.epoch() + "); writes paused "
        + r.pauseMs() + " ms, " + g.master() + " fenced at offset " + r.fenceOffset(), r);
    return 0;
  }

  /* Nodes that follow the cluster view re-point themselves; REPLICAOF covers those that do not. */
  private static void reconfigure(Output out, GroupView g, String addr) {
    String why = NodeProbe.replicaOf(addr, null);
    if (why == null && g.master() != null) {
      why = NodeProbe.replicaOf(g.master(), addr);
    }
    if (why != null) {
      out.info("warning: replication not reconfigured: " + why);
    }
  }
}
