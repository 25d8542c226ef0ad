package io.codis.node.migrate;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.server.Session;
import io.codis.protocol.resp.RespWriter;
import java.util.List;
import java.util.Locale;

/**
 * SLOTSMIGRATE (on the source) and SLOTSIMPORT (on the target, sent by the source's worker):
 * internal commands, refused by the proxy, authenticated as every command ({@code requirepass};
 * the source AUTHs with its {@code masterauth}, the component password).
 */
public final class MigrateCommands {
  static final String INVALID_SLOT = "ERR invalid slot number";

  private MigrateCommands() {}

  public static void register(CommandRegistry r) {
    r.register("slotsmigrate", MigrateCommands::migrate);
    r.register("slotsimport", MigrateCommands::importing);
  }

  private static SlotMigrations migrations(Call c) {
    SlotMigrations m = c.node().migrations();
    if (m == null) {
      throw new CommandException("ERR migration is not available on this node");
    }
    return m;
  }

  /*
   * SLOTSMIGRATE START slot host:port [BYTES-PER-SEC n] [KEYS-PER-SEC n] [ID id] [SELF host:port]
   * SLOTSMIGRATE STATUS [slot] | CANCEL slot | PAUSE slot | RESUME slot | COMMIT slot
   * SLOTSMIGRATE THROTTLE slot bytes-per-sec keys-per-sec
   */
  static void migrate(Call c) {
    SlotMigrations ms = migrations(c);
    String sub = c.argString(1).toLowerCase(Locale.ROOT);
    switch (sub) {
      case "start" -> start(c, ms);
      case "status" -> {
        if (c.argc() > 3) {
          throw new CommandException(Errors.wrongArgs("slotsmigrate|status"));
        }
        List<OutgoingMigration> all = c.argc() == 3 ? single(ms.outgoing(slot(c, 2))) : ms.allOutgoing();
        RespWriter out = c.reply();
        out.arrayHeader(all.size());
        long now = System.currentTimeMillis();
        for (OutgoingMigration m : all) {
          fields(out, m.status(now));
        }
      }
      case "cancel", "pause", "resume", "commit" -> {
        needArgs(c, 3, sub);
        OutgoingMigration m = active(ms, slot(c, 2));
        switch (sub) {
          case "cancel" -> {
            if (m.phase() == OutgoingMigration.Phase.COMMITTED) {
              throw new CommandException("ERR slot " + m.slot + " is committed: the switch is the controller's now");
            }
            ms.cancel(m);
          }
          case "pause" -> m.paused(true);
          case "resume" -> m.paused(false);
          default -> {
            if (m.phase() != OutgoingMigration.Phase.READY) {
              throw new CommandException("ERR slot " + m.slot + " is not ready (phase "
                  + m.phase().name().toLowerCase(Locale.ROOT) + ")");
            }
            m.to(OutgoingMigration.Phase.COMMITTED, System.currentTimeMillis());
          }
        }
        c.reply().ok();
      }
      case "throttle" -> {
        needArgs(c, 5, sub);
        OutgoingMigration m = active(ms, slot(c, 2));
        long bps = c.argLong(3);
        long kps = c.argLong(4);
        if (bps < 0 || kps < 0) {
          throw new CommandException("ERR rates must be >= 0 (0 = unlimited)");
        }
        m.throttle.rates(bps, kps);
        c.reply().ok();
      }
      default -> throw new CommandException(Errors.unknownSubcommand(c.argString(1), "slotsmigrate"));
    }
  }

  private static void start(Call c, SlotMigrations ms) {
    if (c.argc() < 4 || c.argc() % 2 != 0) {
      throw new CommandException(Errors.wrongArgs("slotsmigrate|start"));
    }
    int slot = slot(c, 2);
    String target = c.argString(3);
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1 || !target.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      throw new CommandException("ERR target must be host:port");
    }
    long bps = ms.limits().bytesPerSecDefault();
    long kps = ms.limits().keysPerSecDefault();
    String id = null;
    String self = c.node().config().bind() + ":" + c.node().config().port();
    for (int i = 4; i < c.argc(); i += 2) {
      String opt = c.argString(i).toLowerCase(Locale.ROOT);
      switch (opt) {
        case "bytes-per-sec" -> bps = nonNegative(c, i + 1);
        case "keys-per-sec" -> kps = nonNegative(c, i + 1);
        case "id" -> id = c.argString(i + 1);
        case "self" -> self = c.argString(i + 1);
        default -> throw new CommandException(Errors.SYNTAX);
      }
    }
    try {
      OutgoingMigration m = ms.startOutgoing(slot, target, id, bps, kps, self);
      c.reply().bulk(m.id);
    } catch (IllegalArgumentException e) {
      throw new CommandException(e.getMessage());
    }
  }

  /*
   * SLOTSIMPORT BEGIN slot id source
   * SLOTSIMPORT BATCH slot id seq payload   -> OK (also for a seq already applied: a retry)
   * SLOTSIMPORT END slot id seq | CANCEL slot id | COMMIT slot id | STATUS
   */
  static void importing(Call c) {
    SlotMigrations ms = migrations(c);
    Session session = c.session();
    String sub = c.argString(1).toLowerCase(Locale.ROOT);
    if (sub.equals("status")) {
      needArgs(c, 2, sub);
      List<SlotImport> all = ms.allImports();
      RespWriter out = c.reply();
      out.arrayHeader(all.size());
      long now = System.currentTimeMillis();
      for (SlotImport imp : all) {
        fields(out, imp.status(now));
      }
      return;
    }
    if (c.argc() < 4) {
      throw new CommandException(Errors.wrongArgs("slotsimport|" + sub));
    }
    int slot = slot(c, 2);
    String id = c.argString(3);
    SlotImport imp = ms.importOf(slot);
    boolean mine = imp != null && imp.id.equals(id);
    switch (sub) {
      case "begin" -> {
        needArgs(c, 5, sub);
        try {
          ms.beginImport(slot, id, c.argString(4));
        } catch (IllegalArgumentException e) {
          throw new CommandException(e.getMessage());
        }
      }
      case "batch" -> {
        needArgs(c, 6, sub);
        long seq = c.argLong(4);
        if (!mine) {
          throw new CommandException(noImport(slot, id));
        }
        if (seq <= imp.lastSeq()) {
          break; // sent again after a lost reply: applied already
        }
        if (seq != imp.lastSeq() + 1 || imp.phase() != SlotImport.Phase.IMPORTING) {
          throw new CommandException("ERR batch " + seq + " out of order (expected " + (imp.lastSeq() + 1) + ")");
        }
        byte[] payload = c.arg(5);
        long started = System.nanoTime();
        long startedCpu = CpuClock.threadNanos();
        int records = ImportApplier.apply(ms, slot, payload, c.node().dispatcher());
        imp.applied(seq, records, payload.length);
        imp.applyNanos(System.nanoTime() - started, CpuClock.threadNanos() - startedCpu);
      }
      case "end" -> {
        needArgs(c, 5, sub);
        if (!mine) {
          throw new CommandException(noImport(slot, id));
        }
        long seq = c.argLong(4);
        if (seq != imp.lastSeq()) {
          throw new CommandException("ERR end after batch " + seq + " but batch " + imp.lastSeq() + " was the last applied");
        }
        if (imp.phase() == SlotImport.Phase.IMPORTING) {
          imp.end();
        }
      }
      case "cancel" -> {
        needArgs(c, 4, sub);
        if (mine) {
          ms.dropImport(slot, "cancelled by the source");
        }
      }
      case "commit" -> {
        needArgs(c, 4, sub);
        if (!mine || imp.phase() != SlotImport.Phase.ENDED) {
          throw new CommandException(mine ? "ERR slot " + slot + " import has not ended" : noImport(slot, id));
        }
        ms.finishImport(slot);
      }
      default -> throw new CommandException(Errors.unknownSubcommand(c.argString(1), "slotsimport"));
    }
    session.out().ok();
  }

  private static String noImport(int slot, String id) {
    return "ERR no import of slot " + slot + " with id " + id + " on this node";
  }

  private static OutgoingMigration active(SlotMigrations ms, int slot) {
    OutgoingMigration m = ms.outgoing(slot);
    if (m == null || m.phase().finished()) {
      throw new CommandException("ERR slot " + slot + " is not migrating");
    }
    return m;
  }

  private static List<OutgoingMigration> single(OutgoingMigration m) {
    return m == null ? List.of() : List.of(m);
  }

  private static void needArgs(Call c, int n, String sub) {
    if (c.argc() != n) {
      throw new CommandException(Errors.wrongArgs(c.spec().name() + "|" + sub));
    }
  }

  private static long nonNegative(Call c, int i) {
    long v = c.argLong(i);
    if (v < 0) {
      throw new CommandException("ERR rates must be >= 0 (0 = unlimited)");
    }
    return v;
  }

  static int slot(Call c, int i) {
    long slot = c.argLong(i);
    if (slot < 0 || slot >= c.keyspace().slotCount()) {
      throw new CommandException(INVALID_SLOT);
    }
    return (int) slot;
  }

  private static void fields(RespWriter out, List<Object> nameValues) {
    out.arrayHeader(nameValues.size());
    for (Object o : nameValues) {
      if (o instanceof Long l) {
        out.integer(l);
      } else {
        out.bulk(String.valueOf(o));
      }
    }
  }
}
