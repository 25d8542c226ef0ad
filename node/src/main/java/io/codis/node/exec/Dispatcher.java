package io.codis.node.exec;

import io.codis.node.server.Session;
import io.codis.protocol.command.CommandFlag;
import io.codis.protocol.command.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Runs commands, one at a time, on the execution thread. For each command: find its row in the
 * command table, check the arity, authentication and pub/sub context, queue it if the client is in
 * MULTI, else run its handler and count it. Then serve clients blocked on keys it wrote.
 */
public final class Dispatcher {
  /** Commands that run at once even inside MULTI (Redis's processCommand has the same list). */
  private static final Set<String> NOT_QUEUED = Set.of("exec", "discard", "multi", "watch", "quit", "reset");

  /** Commands a RESP2 client may send while subscribed. */
  private static final Set<String> ALLOWED_WHILE_SUBSCRIBED =
      Set.of("subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe",
          "punsubscribe", "ping", "quit", "reset");

  private final NodeServices node;
  private final Call call;

  public Dispatcher(NodeServices node) {
    this.node = node;
    this.call = new Call(node);
    node.blocking().dispatcher(this);
    node.dispatcher(this);
  }

  public NodeServices node() {
    return node;
  }

  /** A command from the client's socket. */
  public void onCommand(Session session, byte[][] argv) {
    if (session.blocked()) {
      session.heldCommands().add(argv);
      return;
    }
    Session.ReplyMode mode = session.replyMode();
    if (mode == Session.ReplyMode.ON) {
      execute(session, argv);
    } else {
      executeWithoutReply(session, argv, mode);
    }
    if (session.replyMode() == Session.ReplyMode.SKIP_NEXT) {
      session.replyMode(Session.ReplyMode.SKIP); // CLIENT REPLY SKIP: the next command is silent
    }
    node.blocking().serveReadyKeys();
  }

  /** CLIENT REPLY OFF/SKIP: runs the command, then drops what it wrote unless it turned replies on. */
  private void executeWithoutReply(Session session, byte[][] argv, Session.ReplyMode before) {
    int mark = session.out().buffer().writerIndex();
    execute(session, argv);
    Session.ReplyMode after = session.replyMode();
    if ((after == Session.ReplyMode.OFF || after == Session.ReplyMode.SKIP) && session.writer().buffer() != null) {
      session.writer().buffer().writerIndex(mark);
    }
    if (after == Session.ReplyMode.SKIP && before == Session.ReplyMode.SKIP) {
      session.replyMode(Session.ReplyMode.ON);
    }
  }

  /** Runs commands that arrived while the client was blocked, until it blocks again. */
  void resumeHeld(Session session) {
    while (!session.blocked() && !session.heldCommands().isEmpty() && session.channel().isActive()) {
      execute(session, session.heldCommands().poll());
      node.blocking().serveReadyKeys();
    }
    session.flushSoon();
  }

  private void execute(Session session, byte[][] argv) {
    long now = System.currentTimeMillis();
    node.keyspace().now(now);
    CommandSpec spec = node.table().resolve(argv);
    String refusal = refusal(session, argv, spec);
    if (refusal != null) {
      node.stats().rejected(spec == null ? null : spec.name());
      node.stats().error(refusal);
      if (session.inMulti()) {
        session.abortMulti();
      }
      if (spec != null && spec.name().equals("exec") && !refusal.startsWith("FENCED ")) {
        // Redis answers a refused EXEC with EXECABORT and discards the transaction, if any.
        if (session.inMulti()) {
          session.endMulti();
        }
        node.watches().unwatchAll(session);
        refusal = "EXECABORT Transaction discarded because of: "
            + (refusal.startsWith("ERR ") ? refusal.substring(4) : refusal);
      }
      session.out().error(refusal);
      session.lastInteraction(now, spec == null ? "NULL" : spec.name());
      return;
    }
    session.lastInteraction(now, spec.name());
    if (session.inMulti() && !NOT_QUEUED.contains(spec.name())) {
      session.multiQueue().add(argv);
      session.out().simple("QUEUED");
      return;
    }
    run(session, argv, spec, false, false);
  }

  /**
   * Runs one command of an EXEC: no MULTI queueing, blocking commands behave as if timed out. The
   * caller (EXEC) has checked arity when the command was queued.
   */
  public void executeInTransaction(Session session, byte[][] argv) {
    node.keyspace().now(System.currentTimeMillis());
    CommandSpec spec = node.table().resolve(argv);
    run(session, argv, spec, true, false);
  }

  /**
   * Runs a command this node produced itself (a migration batch applied on the target): none of the
   * refusals (the slot is not served here yet), otherwise as a client's command, so it is persisted
   * and replicated (shippable collection writes as themselves). The caller reads the reply from
   * {@code session}.
   */
  public void executeInternal(Session session, byte[][] argv) {
    node.keyspace().now(System.currentTimeMillis());
    CommandSpec spec = node.table().resolve(argv);
    run(session, argv, spec, false, false);
  }

  /** Re-runs a blocked command after one of its keys changed; true unless it blocked again. */
  boolean rerunBlocked(Session session, byte[][] argv) {
    return rerunBlocked(session, argv, null);
  }

  /**
   * Re-runs a blocked command after {@code readyKey} (one of its keys) was written; true unless it
   * blocked again.
   */
  boolean rerunBlocked(Session session, byte[][] argv, byte[] readyKey) {
    node.keyspace().now(System.currentTimeMillis());
    CommandSpec spec = node.table().resolve(argv);
    call.readyKey = readyKey;
    try {
      return !run(session, argv, spec, false, true);
    } finally {
      call.readyKey = null;
    }
  }

  /** Runs a handler; returns true when the command blocked the client. */
  private boolean run(Session session, byte[][] argv, CommandSpec spec, boolean inTransaction, boolean rerun) {
    CommandHandler handler = node.handlers().get(spec.name());
    if (handler == null) {
      throw new IllegalStateException("no handler for command-table row " + spec.name());
    }
    Call c = call;
    c.argv = argv;
    c.session = session;
    c.spec = spec;
    c.inTransaction = inTransaction;
    c.reexecution = rerun;
    c.blockedByHandler = false;
    long started = System.nanoTime();
    var replication = node.replication();
    boolean shipping = replication != null && replication.beforeCommand(spec, argv, inTransaction || rerun);
    try {
      handler.execute(c);
    } catch (CommandException e) {
      node.stats().failed(spec.name());
      node.stats().error(e.getMessage());
      session.out().error(e.getMessage());
    }
    if (shipping) {
      replication.afterCommand(argv);
    }
    boolean blocked = c.blockedByHandler;
    c.argv = null;
    c.session = null;
    if (!blocked || !rerun) {
      long nanos = System.nanoTime() - started;
      node.stats().record(spec.name(), nanos);
      long slowerThanMicros = node.configStore().slowlogSlowerThanMicros();
      // Checked here so a fast command pays one comparison, not the entry's formatting.
      if (slowerThanMicros >= 0 && nanos / 1000 >= slowerThanMicros
          && !spec.is(CommandFlag.SKIP_SLOWLOG) && !blocked) {
        node.slowlog().record(argv, nanos / 1000, node.keyspace().now(), slowerThanMicros,
            node.configStore().slowlogMaxLen(), session.remoteAddress(), session.name());
      }
    }
    return blocked;
  }

  /** Returns the error text that refuses this command before it runs, or null. */
  private String refusal(Session session, byte[][] argv, CommandSpec spec) {
    if (spec == null) {
      return unknownCommand(argv);
    }
    if (spec.hasSubcommands()) {
      if (argv.length < 2) {
        // COMMAND alone is a command of its own (arity -1); other containers need a subcommand.
        if (!spec.arityAccepts(1)) {
          return Errors.wrongArgs(spec.name());
        }
      } else {
        return Errors.unknownSubcommand(printable(argv[1]), spec.name());
      }
    }
    if (!spec.arityAccepts(argv.length)) {
      return Errors.wrongArgs(spec.name());
    }
    if (!session.authenticated() && !spec.is(CommandFlag.NO_AUTH)) {
      return Errors.NOAUTH;
    }
    io.codis.node.cluster.SlotOwnership owned = node.ownership();
    if (owned != null) {
      String moved = owned.refusal(spec, argv); // MOVED / TRYAGAIN / CLUSTERDOWN for other slots
      if (moved != null) {
        return moved;
      }
    }
    String fenced = fenced(session, spec);
    if (fenced != null) {
      return fenced;
    }
    String migrating = node.migrations().refusal(session, spec, argv); // TRYAGAIN/MOVED while a slot moves
    if (migrating != null) {
      return migrating;
    }
    if (node.tier() != null && node.tier().overBudgetAfterEviction() && rejectedOnOom(session, spec)) {
      // Redis's processCommand: evict first; if still over, refuse denyoom commands (and, inside
      // MULTI, everything but EXEC/DISCARD/QUIT/RESET, since queuing also takes memory).
      return io.codis.node.tier.MemoryTier.OOM;
    }
    if (spec.is(CommandFlag.WRITE) && node.persistence() != null && node.persistence().writeError() != null) {
      // As Redis after a failed AOF write: the store no longer takes writes, so neither does the node.
      return "MISCONF Errors writing to the AOF file: " + node.persistence().writeError();
    }
    if (node.replication() != null) {
      String replicationRefusal = node.replication().refusal(session, spec);
      if (replicationRefusal != null) {
        return replicationRefusal;
      }
    }
    if (session.inMulti() && spec.is(CommandFlag.NO_MULTI)) {
      return "ERR Command not allowed inside a transaction";
    }
    if (session.protocol() == 2 && session.subscriptionCount() > 0
        && !ALLOWED_WHILE_SUBSCRIBED.contains(spec.name())) {
      return "ERR Can't execute '" + spec.name()
          + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
    }
    return null;
  }

  /**
   * FENCED when this cluster-mode master may not serve data now (no valid master lease, or fenced:
   * docs/failover.md). Replicas are not guarded (replication refuses their writes); an EXEC is
   * guarded when a queued command is (it is refused whole, not wrapped in EXECABORT, so a proxy sees
   * FENCED and knows nothing ran).
   */
  private String fenced(Session session, CommandSpec spec) {
    io.codis.node.cluster.MasterLease lease = node.masterLease();
    if (lease == null || (node.replication() != null && node.replication().isReplica())) {
      return null;
    }
    boolean guarded = io.codis.node.cluster.MasterLease.guards(spec)
        || (session.inMulti() && spec.name().equals("exec")
            && io.codis.node.cluster.MasterLease.guardsAny(session.multiQueue(), node.table()::resolve));
    return guarded ? lease.refusal() : null;
  }

  private boolean rejectedOnOom(Session session, CommandSpec spec) {
    if (spec.is(CommandFlag.DENYOOM)) {
      return true;
    }
    String name = spec.name();
    if (name.equals("exec")) {
      // EXEC is refused when a queued command is denyoom (Redis keeps their flags in mstate).
      if (!session.inMulti()) {
        return false;
      }
      for (byte[][] queued : session.multiQueue()) {
        CommandSpec q = node.table().resolve(queued);
        if (q != null && q.is(CommandFlag.DENYOOM)) {
          return true;
        }
      }
      return false;
    }
    return session.inMulti() && !name.equals("discard") && !name.equals("quit") && !name.equals("reset");
  }

  private static String unknownCommand(byte[][] argv) {
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < argv.length && args.length() < 128; i++) {
      String arg = printable(argv[i]);
      int room = 128 - args.length();
      args.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
    }
    String name = printable(argv[0]);
    return "ERR unknown command '" + name.substring(0, Math.min(name.length(), 128))
        + "', with args beginning with: " + args;
  }

  private static String printable(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The queued commands of EXEC, run in order; the caller writes the array header first. */
  public void runQueued(Session session, List<byte[][]> queued) {
    for (byte[][] argv : queued) {
      executeInTransaction(session, argv);
    }
  }
}
