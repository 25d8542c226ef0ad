package io.codis.node.commands.server;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;

/** FLUSHALL, FLUSHDB. */
public final class ServerCommands {
  private ServerCommands() {}

  public static void register(CommandRegistry r) {
    r.register("flushall", ServerCommands::flush);
    r.register("flushdb", ServerCommands::flush);
  }

  /* FLUSHALL [ASYNC | SYNC], FLUSHDB [ASYNC | SYNC] (one database, so both flush everything) */
  static void flush(Call c) {
    if (c.argc() > 2 || (c.argc() == 2 && !c.argIs(1, "sync") && !c.argIs(1, "async"))) {
      throw new CommandException(Errors.SYNTAX);
    }
    c.keyspace().flushAll();
    c.reply().ok();
  }
}
