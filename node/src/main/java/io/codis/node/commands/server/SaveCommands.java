package io.codis.node.commands.server;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.persistence.Persistence;
import io.codis.node.storage.StorageException;

/**
 * SAVE, BGSAVE and LASTSAVE, mapped to RocksDB checkpoints (see {@code docs/storage.md}). Without
 * {@code appendonly yes} there is no store to checkpoint: SAVE and BGSAVE fail and LASTSAVE reports
 * the start time, as before.
 */
final class SaveCommands {
  static final String NO_STORE = "ERR persistence is off: start the node with --appendonly yes to SAVE";

  private SaveCommands() {}

  static void register(CommandRegistry r) {
    r.register("save", SaveCommands::save);
    r.register("bgsave", SaveCommands::bgsave);
    r.register("lastsave", SaveCommands::lastsave);
  }

  /* SAVE: a checkpoint on the execution thread (hard links and a memtable flush: short). */
  static void save(Call c) {
    Persistence p = store(c);
    if (p.checkpoints().inProgress()) {
      throw new CommandException("ERR Background save already in progress");
    }
    p.commitDirty(); // earlier commands of this batch are part of the checkpoint
    try {
      p.checkpoints().save();
    } catch (StorageException e) {
      throw new CommandException("ERR " + e.getMessage());
    }
    c.reply().ok();
  }

  /* BGSAVE [SCHEDULE]: a checkpoint on a background thread. */
  static void bgsave(Call c) {
    if (c.argc() > 2 || (c.argc() == 2 && !c.argIs(1, "schedule"))) {
      throw new CommandException(Errors.SYNTAX);
    }
    Persistence p = store(c);
    p.commitDirty();
    if (!p.checkpoints().saveInBackground()) {
      if (c.argc() == 2) {
        // Redis schedules one for after the running save; one running is as good here (no fork).
        c.reply().simple("Background saving scheduled");
        return;
      }
      throw new CommandException("ERR Background save already in progress");
    }
    c.reply().simple("Background saving started");
  }

  /* LASTSAVE: the time of the last successful checkpoint (the start time before the first). */
  static void lastsave(Call c) {
    Persistence p = c.node().persistence();
    c.reply().integer((p == null ? c.node().startedAtMs() : p.checkpoints().lastSaveMs()) / 1000);
  }

  private static Persistence store(Call c) {
    Persistence p = c.node().persistence();
    if (p == null) {
      throw new CommandException(NO_STORE);
    }
    return p;
  }
}
