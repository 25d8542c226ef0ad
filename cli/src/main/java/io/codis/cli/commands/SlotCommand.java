package io.codis.cli.commands;

import io.codis.cli.CliException;
import io.codis.cli.CodisCtl;
import io.codis.cli.Table;
import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.SlotView;
import io.codis.meta.client.model.WriteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code codisctl slot assign|offline|list|info|top}. */
@Command(name = "slot", description = "Slots: which group serves which keys.")
public final class SlotCommand {
  /** Rows slot top shows at most (each row costs one SLOTSMEMORY round trip). */
  static final int TOP_ROWS_MAX = 100;

  @ParentCommand
  CodisCtl root;

  @Command(name = "assign", description = "Give a range of slots to a group (no data is moved).")
  int assign(@Option(names = "--range", required = true, paramLabel = "A-B") String range,
      @Option(names = "--group", required = true, paramLabel = "GROUP") int group) {
    int[] r = SlotRange.parse(range);
    WriteResult w = root.meta().assignSlots(r[0], r[1], group, null);
    root.out().done("slots " + range + " assigned to group " + group, w);
    return 0;
  }

  @Command(name = "offline", description = "Stop serving a range of slots.")
  int offline(@Option(names = "--range", required = true, paramLabel = "A-B") String range) {
    int[] r = SlotRange.parse(range);
    WriteResult w = root.meta().setSlotsOffline(r[0], r[1]);
    root.out().done("slots " + range + " offline", w);
    return 0;
  }

  @Command(name = "list", description = "Slot ranges, their group and state.")
  int list() {
    List<SlotRange> ranges = SlotRange.of(root.meta().slots());
    Table t = new Table(null, "SLOTS", "COUNT", "GROUP", "STATE");
    for (SlotRange r : ranges) {
      t.row(r.text(), r.count(), r.groupId() == 0 ? "none" : r.groupId(), root.out().health(r.state()));
    }
    root.out().emit(ranges, t);
    return 0;
  }

  /** {@code slot info}'s answer. bytes is an estimate from the node (-1: not supported). */
  public record SlotInfo(int slot, int groupId, String state, String master, long keys, long bytes) {}

  @Command(name = "info", description = "Owner, keys and estimated bytes of one slot (asks its master).")
  int info(@Parameters(paramLabel = "SLOT") int slot) {
    ClusterView v = root.meta().cluster();
    if (slot < 0 || slot >= v.slotCount()) {
      throw CliException.refused("slot " + slot + " out of range (0.." + (v.slotCount() - 1) + ")", null);
    }
    SlotView s = v.slots().get(slot);
    String master = masterOf(v, s.groupId());
    long keys = 0;
    long bytes = -1;
    if (master != null) {
      keys = NodeProbe.slotKeys(master, slot, 1).getOrDefault(slot, 0L);
      bytes = NodeProbe.slotBytes(master, slot);
    }
    SlotInfo info = new SlotInfo(slot, s.groupId(), s.state(), master, keys, bytes);
    Table t = new Table(null, "SLOT", "GROUP", "STATE", "MASTER", "KEYS", "BYTES");
    t.row(slot, s.groupId() == 0 ? "none" : s.groupId(), s.state(), master, keys, bytes < 0 ? "?" : bytes);
    root.out().emit(info, t);
    return 0;
  }

  /** One row of {@code slot top}; bytes is the node's estimate (-1: not supported). */
  public record SlotLoad(int slot, int groupId, String master, long keys, long bytes) {}

  @Command(name = "top", description = {"The slots with the most keys across every group's master,",
      "with their estimated bytes."})
  int top(@Option(names = "--limit", defaultValue = "10", description = "Rows to show (default ${DEFAULT-VALUE}).") int limit) {
    if (limit < 1 || limit > TOP_ROWS_MAX) {
      throw new CliException(io.codis.cli.Exit.USAGE, "limit: " + limit + " (expected: 1.." + TOP_ROWS_MAX + ")", null);
    }
    ClusterView v = root.meta().cluster();
    List<SlotLoad> loads = new ArrayList<>();
    for (GroupView g : v.groups()) {
      if (g.master() == null) {
        continue;
      }
      Map<Integer, Long> keys = NodeProbe.slotKeys(g.master(), 0, v.slotCount());
      keys.forEach((slot, n) -> {
        if (v.ownerOf(slot) == g.id()) {
          loads.add(new SlotLoad(slot, g.id(), g.master(), n, -1));
        }
      });
    }
    loads.sort(Comparator.comparingLong(SlotLoad::keys).reversed().thenComparingInt(SlotLoad::slot));
    List<SlotLoad> shown = new ArrayList<>();
    for (SlotLoad l : loads.subList(0, Math.min(Math.max(0, limit), loads.size()))) {
      shown.add(new SlotLoad(l.slot(), l.groupId(), l.master(), l.keys(), NodeProbe.slotBytes(l.master(), l.slot())));
    }
    Table t = new Table(null, "SLOT", "GROUP", "MASTER", "KEYS", "BYTES");
    shown.forEach(l -> t.row(l.slot(), l.groupId(), l.master(), l.keys(), l.bytes() < 0 ? "?" : l.bytes()));
    root.out().emit(shown, t);
    return 0;
  }

  static String masterOf(ClusterView v, int groupId) {
    return v.groups().stream().filter(g -> g.id() == groupId).map(GroupView::master)
        .findFirst().orElse(null);
  }
}
