package io.codis.node.commands.server;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;

/**
 * Server commands: FLUSHALL, FLUSHDB, DBSIZE, TIME, SWAPDB, WAIT, SHUTDOWN, DEBUG, INFO;
 * the containers COMMAND, CONFIG, SLOWLOG, LATENCY and MEMORY, and SAVE/BGSAVE/LASTSAVE, live in their
 * own classes.
 */
public final class ServerCommands {
  /** Longest DEBUG SLEEP accepted: it stalls the whole node on purpose, so keep it bounded. */
  static final double DEBUG_SLEEP_SECONDS_MAX = 600;

  private ServerCommands() {}

  public static void register(CommandRegistry r) {
    r.register("flushall", ServerCommands::flush);
    r.register("flushdb", ServerCommands::flush);
    r.register("dbsize", c -> c.reply().integer(c.keyspace().size()));
    r.register("time", ServerCommands::time);
    r.register("swapdb", c -> {
      throw new CommandException("ERR SWAPDB is not allowed in cluster mode");
    });
    r.register("shutdown", ServerCommands::shutdown);
    r.register("debug", ServerCommands::debug);
    r.register("info", InfoCommand::info);
    CommandCommands.register(r);
    ConfigCommands.register(r);
    DiagnosticCommands.register(r);
    MemoryCommands.register(r);
    SaveCommands.register(r);
  }

  /* FLUSHALL [ASYNC | SYNC], FLUSHDB [ASYNC | SYNC] (one database, so both flush everything) */
  static void flush(Call c) {
    if (c.argc() > 2 || (c.argc() == 2 && !c.argIs(1, "sync") && !c.argIs(1, "async"))) {
      throw new CommandException(Errors.SYNTAX);
    }
    c.keyspace().flushAll();
    c.reply().ok();
  }

  /* TIME: seconds and microseconds, as two bulk strings. */
  static void time(Call c) {
    long nowMs = c.now();
    c.reply().arrayHeader(2);
    c.reply().bulkLong(nowMs / 1000);
    c.reply().bulkLong((nowMs % 1000) * 1000);
  }

  /*
   * SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]: every form stops the node; the client sees the
   * connection close. With appendonly yes every write is already in the store's log, so there is
   * nothing more to save: closing commits what is pending and syncs the log.
   */
  static void shutdown(Call c) {
    boolean save = false;
    boolean nosave = false;
    boolean abort = false;
    for (int i = 1; i < c.argc(); i++) {
      if (c.argIs(i, "nosave")) {
        nosave = true;
      } else if (c.argIs(i, "save")) {
        save = true;
      } else if (c.argIs(i, "abort")) {
        abort = true;
      } else if (!c.argIs(i, "now") && !c.argIs(i, "force")) {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if ((save && nosave) || (abort && c.argc() != 2)) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (abort) {
      throw new CommandException("ERR No shutdown in progress.");
    }
    // No reply, as in Redis: the caller sees its connection close.
    c.session().closeAfterReply();
    c.session().channel().close();
    c.node().requestShutdown();
  }

  /* DEBUG SLEEP seconds | DEBUG HELP: only what tests need. */
  static void debug(Call c) {
    if (c.argIs(1, "sleep") && c.argc() == 3) {
      double seconds = c.argDouble(2);
      if (seconds < 0 || seconds > DEBUG_SLEEP_SECONDS_MAX) {
        throw new CommandException("ERR sleep must be between 0 and " + (long) DEBUG_SLEEP_SECONDS_MAX + " seconds");
      }
      try {
        // Stalls the execution thread on purpose: that is what DEBUG SLEEP is for.
        Thread.sleep((long) (seconds * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      c.reply().ok();
    } else if (c.argIs(1, "help") && c.argc() == 2) {
      io.codis.node.commands.connection.Help.reply(c.reply(), "DEBUG",
          "SLEEP <seconds>",
          "    Stop the server for <seconds>. Decimals allowed.");
    } else {
      throw new CommandException("ERR unknown subcommand or wrong number of arguments for '"
          + c.argString(1) + "'. Try DEBUG HELP.");
    }
  }
}
