package io.codis.cli.commands;

import io.codis.cli.CliException;
import io.codis.cli.CodisCtl;
import io.codis.cli.Exit;
import io.codis.cli.Resp;
import io.codis.cli.Table;
import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.SlotView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code codisctl migrate --slots A-B --to G}, {@code migrate status|pause|resume|cancel}: moves slots
 * while they are served (docs/migration.md). Until the metaserver's controller exists, codisctl
 * drives each slot itself, one at a time: checks the target, {@code SLOTSMIGRATE START} on the
 * source group's master, waits for READY, {@code COMMIT}, assigns the slot to the target group in
 * the metaserver, waits until the source dropped it. Run again after an interruption, it picks up
 * where each slot is (a COMMITTED slot is assigned; a running one is waited for).
 */
@Command(name = "migrate", description = {"Move slots to another group while serving them.",
    "codisctl drives each slot: start on the source master, commit at READY, assign in the metaserver."})
public final class MigrateCommand implements Callable<Integer> {
  /** Pause between two status polls of a source master. */
  static final long POLL_MS = 50;
  /** Time a node gets to answer one migration command. */
  static final int NODE_TIMEOUT_MS = 5_000;

  @ParentCommand
  CodisCtl root;

  @Option(names = "--slots", paramLabel = "A-B", description = "Slots to move (a range or one slot).")
  String slots;

  @Option(names = "--to", paramLabel = "GROUP", description = "The group that receives them.")
  Integer to;

  @Option(names = "--bytes-per-sec", defaultValue = "0", description = "Throttle per slot (0 = none).")
  long bytesPerSec;

  @Option(names = "--keys-per-sec", defaultValue = "0", description = "Throttle per slot (0 = none).")
  long keysPerSec;

  @Option(names = "--timeout", defaultValue = "600", description = "Seconds one slot may take (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /** One moved slot, for the JSON answer. */
  public record Moved(int slot, int fromGroup, int toGroup, Map<String, String> status) {}

  @Override
  public Integer call() {
    if (slots == null || to == null) {
      throw new CliException(Exit.USAGE, "migrate needs --slots A-B and --to GROUP (or a subcommand: status, pause, resume, cancel)", null);
    }
    int[] r = SlotRange.parse(slots);
    ClusterView v = root.meta().cluster();
    String target = checkTarget(v, to);
    List<Moved> moved = new ArrayList<>();
    for (int s = r[0]; s <= r[1]; s++) {
      Moved m = moveOne(s, target);
      if (m != null) {
        moved.add(m);
        root.out().info("slot " + s + ": moved from group " + m.fromGroup() + " to group " + to + " ("
            + m.status().get("keys-sent") + " keys, " + m.status().get("bytes-sent") + " bytes in "
            + m.status().get("elapsed-ms") + " ms, writes blocked " + m.status().get("tail-ms") + " ms for the tail)");
      }
    }
    root.out().done("slots " + slots + " are in group " + to, moved);
    return 0;
  }

  /** The target group's master, after checking it exists and says it is a master. */
  private static String checkTarget(ClusterView v, int groupId) {
    GroupView g = v.groups().stream().filter(x -> x.id() == groupId).findFirst()
        .orElseThrow(() -> CliException.refused("group " + groupId + " does not exist", "codisctl group list"));
    if (g.master() == null || g.master().isEmpty()) {
      throw CliException.refused("group " + groupId + " has no master", "codisctl group add-server " + groupId + " ADDR");
    }
    String role = NodeProbe.replication(g.master()).get("role");
    if (!"master".equals(role)) {
      throw CliException.refused("the master of group " + groupId + " (" + g.master() + ") "
          + (role == null ? "does not answer" : "says it is a " + role), "codisctl cluster status");
    }
    return g.master();
  }

  private Moved moveOne(int slot, String target) {
    ClusterView v = root.meta().cluster();
    SlotView s = v.slots().get(slot);
    if (s.groupId() == to) {
      root.out().info("slot " + slot + ": already in group " + to);
      return null;
    }
    String source = SlotCommand.masterOf(v, s.groupId());
    if (s.groupId() == 0 || source == null || source.isEmpty()) {
      throw CliException.refused("slot " + slot + " is not served (group " + s.groupId() + "); nothing to move",
          "codisctl slot assign --range " + slot + " --group " + to + " (no data moves)");
    }
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
    try (Resp r = Resp.connect(source, NODE_TIMEOUT_MS)) {
      Map<String, String> st = status(r, slot);
      String phase = st.getOrDefault("phase", "");
      if (!List.of("snapshot", "catchup", "blocked", "ready", "committed").contains(phase)) {
        List<String> args = new ArrayList<>(List.of("SLOTSMIGRATE", "START", Integer.toString(slot), target));
        if (bytesPerSec > 0) {
          args.addAll(List.of("BYTES-PER-SEC", Long.toString(bytesPerSec)));
        }
        if (keysPerSec > 0) {
          args.addAll(List.of("KEYS-PER-SEC", Long.toString(keysPerSec)));
        }
        args.addAll(List.of("SELF", source));
        r.callOk(args.toArray(new String[0]));
      }
      boolean assigned = false;
      while (true) {
        st = status(r, slot);
        phase = st.getOrDefault("phase", "");
        switch (phase) {
          case "ready" -> r.callOk("SLOTSMIGRATE", "COMMIT", Integer.toString(slot));
          case "committed" -> {
            if (!assigned) {
              root.meta().assignSlots(slot, slot, to, null);
              assigned = true;
            }
          }
          case "done" -> {
            return new Moved(slot, s.groupId(), to, st);
          }
          case "failed", "cancelled" -> throw CliException.refused("slot " + slot + ": migration " + phase
              + (st.getOrDefault("reason", "").isEmpty() ? "" : ": " + st.get("reason")) + "; the slot stays in group "
              + s.groupId(), null);
          default -> { }
        }
        if (System.currentTimeMillis() > deadline && !assigned) {
          r.call("SLOTSMIGRATE", "CANCEL", Integer.toString(slot));
          throw CliException.refused("slot " + slot + ": not moved within " + timeoutSeconds + " s; cancelled, it stays in group "
              + s.groupId(), "a larger --timeout, or fewer keys per slot");
        }
        sleep();
      }
    }
  }

  private static Map<String, String> status(Resp r, int slot) {
    Object reply = r.callOk("SLOTSMIGRATE", "STATUS", Integer.toString(slot));
    Map<String, String> out = new LinkedHashMap<>();
    if (reply instanceof List<?> all && !all.isEmpty() && all.get(0) instanceof List<?> f) {
      for (int i = 0; i + 1 < f.size(); i += 2) {
        out.put(String.valueOf(f.get(i)), String.valueOf(f.get(i + 1)));
      }
    }
    return out;
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(Exit.FAILED, "interrupted", null);
    }
  }

  @Command(name = "status", description = "Migrations each group's master knows of (since it started).")
  int status(@Option(names = "--slots", paramLabel = "A-B", description = "Only these slots.") String range) {
    ClusterView v = root.meta().cluster();
    int[] r = range == null ? new int[] {0, v.slotCount() - 1} : SlotRange.parse(range);
    List<Map<String, String>> rows = new ArrayList<>();
    for (GroupView g : v.groups()) {
      if (g.master() == null || g.master().isEmpty()) {
        continue;
      }
      try (Resp resp = Resp.connect(g.master(), NODE_TIMEOUT_MS)) {
        Object reply = resp.callOk("SLOTSMIGRATE", "STATUS");
        for (Object o : (List<?>) reply) {
          List<?> f = (List<?>) o;
          Map<String, String> row = new LinkedHashMap<>();
          row.put("source", g.master());
          for (int i = 0; i + 1 < f.size(); i += 2) {
            row.put(String.valueOf(f.get(i)), String.valueOf(f.get(i + 1)));
          }
          int slot = Integer.parseInt(row.get("slot"));
          if (slot >= r[0] && slot <= r[1]) {
            rows.add(row);
          }
        }
      }
    }
    Table t = new Table(null, "SLOT", "SOURCE", "TARGET", "PHASE", "KEYS", "BYTES", "ELAPSED-MS", "TAIL-MS", "REASON");
    rows.forEach(x -> t.row(x.get("slot"), x.get("source"), x.get("target"), x.get("phase"), x.get("keys-sent"),
        x.get("bytes-sent"), x.get("elapsed-ms"), x.get("tail-ms"), x.get("reason")));
    root.out().emit(rows, t);
    return 0;
  }

  @Command(name = "pause", description = "Stop sending (the slots stay served by their group).")
  int pause(@Option(names = "--slots", required = true, paramLabel = "A-B") String range) {
    return each(range, "PAUSE", "paused");
  }

  @Command(name = "resume", description = "Send again after a pause.")
  int resume(@Option(names = "--slots", required = true, paramLabel = "A-B") String range) {
    return each(range, "RESUME", "resumed");
  }

  @Command(name = "cancel", description = "Stop; the slots stay with their group, the target drops its copy.")
  int cancel(@Option(names = "--slots", required = true, paramLabel = "A-B") String range) {
    return each(range, "CANCEL", "cancelled");
  }

  private int each(String range, String verb, String done) {
    int[] r = SlotRange.parse(range);
    ClusterView v = root.meta().cluster();
    for (int s = r[0]; s <= r[1]; s++) {
      String source = SlotCommand.masterOf(v, v.ownerOf(s));
      if (source == null) {
        throw CliException.refused("slot " + s + " has no serving group", null);
      }
      try (Resp resp = Resp.connect(source, NODE_TIMEOUT_MS)) {
        resp.callOk("SLOTSMIGRATE", verb, Integer.toString(s));
      }
    }
    root.out().done("slots " + range + " " + done, Map.of("slots", range, "action", done));
    return 0;
  }
}
