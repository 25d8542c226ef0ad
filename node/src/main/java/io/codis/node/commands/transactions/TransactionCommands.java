package io.codis.node.commands.transactions;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.server.Session;
import java.util.List;

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH with Redis 7.0's replies and error texts. */
public final class TransactionCommands {
  private TransactionCommands() {}

  public static void register(CommandRegistry r) {
    r.register("multi", TransactionCommands::multi);
    r.register("exec", TransactionCommands::exec);
    r.register("discard", TransactionCommands::discard);
    r.register("watch", TransactionCommands::watch);
    r.register("unwatch", TransactionCommands::unwatch);
  }

  /* MULTI */
  static void multi(Call c) {
    if (c.session().inMulti()) {
      throw new CommandException("ERR MULTI calls can not be nested");
    }
    c.session().beginMulti();
    c.reply().ok();
  }

  /*
   * EXEC: EXECABORT when a queued command was refused, a null array when a watched key changed,
   * else an array of the queued commands' replies, run back to back (no other client in between).
   */
  static void exec(Call c) {
    Session session = c.session();
    if (!session.inMulti()) {
      throw new CommandException("ERR EXEC without MULTI");
    }
    boolean aborted = session.multiAborted();
    boolean touched = session.watchedKeyTouched();
    List<byte[][]> queued = session.endMulti();
    // Unwatch before running: the transaction's own writes must not count as touching its keys.
    c.node().watches().unwatchAll(session);
    if (aborted) {
      throw new CommandException("EXECABORT Transaction discarded because of previous errors.");
    }
    if (touched) {
      c.reply().nullArray();
      return;
    }
    c.reply().arrayHeader(queued.size());
    c.node().dispatcher().runQueued(session, queued);
  }

  /* DISCARD */
  static void discard(Call c) {
    if (!c.session().inMulti()) {
      throw new CommandException("ERR DISCARD without MULTI");
    }
    c.session().endMulti();
    c.node().watches().unwatchAll(c.session());
    c.reply().ok();
  }

  /* WATCH key [key ...] */
  static void watch(Call c) {
    if (c.session().inMulti()) {
      throw new CommandException("ERR WATCH inside MULTI is not allowed");
    }
    for (int i = 1; i < c.argc(); i++) {
      c.node().watches().watch(c.session(), c.arg(i));
    }
    c.reply().ok();
  }

  /* UNWATCH */
  static void unwatch(Call c) {
    c.node().watches().unwatchAll(c.session());
    c.reply().ok();
  }
}
