package io.codis.proxy.server;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.Slots;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.ProxyPolicy;
import io.codis.protocol.resp.RespValue;
import io.codis.proxy.backend.BackendConnection;
import io.codis.proxy.backend.RawReplySink;
import io.codis.proxy.backend.ReplySink;
import io.codis.proxy.route.Retryable;
import io.codis.proxy.route.Replies;
import io.codis.proxy.route.Route;
import io.codis.proxy.route.SlotTable;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MULTI/EXEC/DISCARD/WATCH/UNWATCH of one client, pinned to one slot.
 *
 * <p>Queued commands stay in the proxy until EXEC: each is checked when it arrives (unknown
 * command, arity, every key in the transaction's one slot, a policy a single node can serve) and
 * answered {@code +QUEUED} or with the error, which marks the transaction failed, as Redis does;
 * EXEC then answers {@code -EXECABORT}. At EXEC the proxy sends {@code MULTI}, the queued commands
 * and {@code EXEC} on the client's dedicated connection to the slot's master and passes EXEC's
 * reply through (the node's own queue-time refusals still turn into its EXECABORT). WATCH is sent
 * at once on that same dedicated connection, which fixes the slot for the transaction that follows.
 *
 * <p>Inside MULTI, rows flagged {@code atQueueTime} (MULTI, EXEC, DISCARD, WATCH, QUIT) run at
 * once, as in Redis; everything else is queued. The proxy's own commands (CLIENT SETNAME, SELECT,
 * PING, ECHO, TIME...) are queued too and run at EXEC, their replies put at their places in the
 * node's EXEC array (Redis answers a bad CLIENT SETNAME inside EXEC's reply, not at queue time).
 *
 * <p>Retries at EXEC: a transaction the node refused before running anything (EXEC answered
 * MOVED/TRYAGAIN/CLUSTERDOWN/FENCED/BACKENDDOWN, or EXECABORT because a queued command got one of
 * those) is sent again, MULTI to EXEC, to the slot's master in the refreshed table, within the
 * retry budget. With a WATCH it is not: the watch lived on the node that refused (or on a
 * connection that broke), so the proxy cannot know whether the watched keys changed; EXEC answers
 * a null array, Redis's "a watched key changed, nothing ran", and the client's optimistic-locking
 * loop starts again. The same null answers an EXEC whose WATCH connection has closed since.
 *
 * <p>States: IDLE, WATCHING (slot pinned, keys watched on the node), QUEUEING (after MULTI, with
 * or without a watch). EXEC, DISCARD and RESET go back to IDLE; UNWATCH leaves WATCHING.
 */
final class Transaction {
  /** Largest number of commands one transaction may queue in the proxy. */
  static final int QUEUED_COMMANDS_MAX = 100_000;
  /** {@link #slotOf} results besides a slot. */
  static final int NO_KEYS = -1;
  static final int CROSS = -2;

  private static final byte[][] MULTI = {bytes("MULTI")};
  private static final byte[][] EXEC = {bytes("EXEC")};
  private static final byte[][] UNWATCH = {bytes("UNWATCH")};
  private static final ReplySink IGNORE = v -> { };
  private static final RespValue QUEUED = new RespValue.SimpleString("QUEUED");

  private final ClientSession session;
  private boolean queueing;
  private boolean failed;
  private final List<Queued> queued = new ArrayList<>();
  /** The transaction's slot, or NO_KEYS while no key has fixed it. */
  private int slot = NO_KEYS;
  /** The node holding this client's WATCH, or null. */
  private String watchAddr;
  /** The dedicated connection the WATCH was sent on: the watch lives as long as it does. */
  private BackendConnection watchConn;
  /** Counts watches (see {@link #firstWatch}). */
  private long watchTurn;

  /** A queued command; {@code local}: answered by the proxy itself at EXEC. */
  private record Queued(byte[][] argv, boolean local) {}

  Transaction(ClientSession session) {
    this.session = session;
  }

  boolean queueing() {
    return queueing;
  }

  /** MULTI, EXEC, DISCARD, WATCH, UNWATCH. */
  void control(CommandSpec spec, byte[][] argv) {
    switch (spec.name()) {
      case "multi" -> multi();
      case "exec" -> exec();
      case "discard" -> discard();
      case "watch" -> watch(spec, argv);
      case "unwatch" -> unwatch();
      default -> throw new IllegalStateException("not a transaction command: " + spec.name());
    }
  }

  private void multi() {
    if (queueing) {
      session.reply(Replies.error(ErrorCode.ERR, "MULTI calls can not be nested"));
      return;
    }
    queueing = true;
    session.reply(Replies.OK);
  }

  /** A command after MULTI: run at once (atQueueTime rows), queued, or refused (which fails the transaction). */
  void onCommand(byte[][] argv) {
    ProxyServer server = session.server();
    CommandSpec spec = server.table().resolve(argv);
    Route.Reply refused = server.router().refusal(spec, argv, session.state());
    if (refused != null) {
      session.state().touched(spec == null ? "NULL" : spec.name());
      if (refused.value() instanceof RespValue.ErrorValue e && e.code().equals(ErrorCode.EXECABORT.name())) {
        endWatch(); // a refused EXEC ends the transaction
        clear();
        session.reply(e);
        return;
      }
      refuse(refused.value());
      return;
    }
    if (spec.atQueueTime()) {
      Route route = server.router().route(argv, server.tables(), session.state());
      if (route instanceof Route.Stateful s) {
        control(s.spec(), argv);
      } else if (route instanceof Route.Reply r) { // QUIT: answered and closed at once
        ClientSession.Pending p = session.enqueue();
        p.close = r.close();
        session.complete(p, r.value());
      }
      return;
    }
    session.state().touched(spec.name());
    ProxyPolicy policy = spec.policy();
    if (policy == ProxyPolicy.CLUSTER_WIDE || policy == ProxyPolicy.PUBSUB
        || spec.name().equals("hello")) {
      refuse(Replies.error(ErrorCode.ERR, "'" + spec.name().replace('|', ' ')
          + "' is not supported inside a transaction by the proxy"));
      return;
    }
    if (queued.size() >= QUEUED_COMMANDS_MAX) {
      refuse(Replies.error(ErrorCode.ERR, "transaction queue: " + queued.size()
          + " commands (expected: <= " + QUEUED_COMMANDS_MAX + ")"));
      return;
    }
    if (policy == ProxyPolicy.LOCAL) {
      queued.add(new Queued(argv, true));
      session.reply(QUEUED);
      return;
    }
    SlotTable table = session.table();
    int s = table == null ? NO_KEYS : slotOf(spec, argv, table.slotCount());
    if (s == CROSS || (s != NO_KEYS && slot != NO_KEYS && s != slot)) {
      refuse(Replies.error(ErrorCode.CROSSSLOT, Replies.CROSSSLOT));
      return;
    }
    if (s != NO_KEYS) {
      slot = s;
    }
    queued.add(new Queued(argv, false));
    session.reply(QUEUED);
  }

  private void refuse(RespValue error) {
    failed = true;
    session.reply(error);
  }

  private void exec() {
    if (!queueing) {
      session.reply(Replies.error(ErrorCode.ERR, "EXEC without MULTI"));
      return;
    }
    if (failed) {
      endWatch();
      clear();
      session.reply(Replies.error(ErrorCode.EXECABORT, "Transaction discarded because of previous errors."));
      return;
    }
    List<Queued> commands = List.copyOf(queued);
    int execSlot = slot;
    boolean watched = watchAddr != null;
    boolean watchLost = watched && (watchConn == null || session.dedicatedTo(watchAddr) != watchConn);
    String addr = watchAddr;
    forgetWatch(); // EXEC unwatches on the node
    clear();
    ClientSession.Pending p = session.enqueue();
    if (watchLost) {
      session.complete(p, RespValue.ArrayValue.NULL);
      return;
    }
    if (!watched && commands.stream().allMatch(Queued::local)) {
      session.complete(p, new RespValue.ArrayValue(spliced(commands, List.of())));
      return;
    }
    if (addr == null) {
      addr = session.masterOf(execSlot, p);
      if (addr == null) {
        return;
      }
    }
    send(addr, commands, execSlot, watched, p, session.retries().start());
  }

  /**
   * Sends MULTI, the node's commands and EXEC to {@code addr}; EXEC's reply goes to {@code p}, with
   * the proxy's own commands' replies put in their places. A transaction refused before anything
   * ran is sent again within the budget, or answered null when it had a WATCH (see the class).
   */
  private void send(String addr, List<Queued> commands, int execSlot, boolean watched,
      ClientSession.Pending p, SessionRetry.Budget b) {
    RespValue[] refusal = {null}; // a queued command refused before anything ran (MOVED, FENCED...)
    ReplySink queuedReply = v -> {
      if (refusal[0] == null && Retryable.isRetryable(v)) {
        refusal[0] = v;
      }
    };
    long deadline = session.requestDeadlineNanos();
    session.sendDedicated(addr, MULTI, queuedReply, deadline);
    boolean anyLocal = false;
    for (Queued q : commands) {
      if (q.local()) {
        anyLocal = true;
      } else {
        session.sendDedicated(addr, q.argv(), queuedReply, deadline);
      }
    }
    RawReplySink done = session.passThrough(p);
    boolean splice = anyLocal;
    ReplySink execReply = v -> {
      RespValue notRun = Retryable.isRetryable(v) ? v
          : refusal[0] != null && v instanceof RespValue.ErrorValue e
              && e.code().equals(ErrorCode.EXECABORT.name()) ? refusal[0] : null;
      if (notRun != null && watched) {
        done.reply(RespValue.ArrayValue.NULL);
      } else if (notRun == null || !session.retries().retry(notRun, b, () -> {
        String again = session.masterOf(execSlot, p);
        if (again != null) {
          send(again, commands, execSlot, false, p, b);
        }
      })) {
        done.reply(splice && v instanceof RespValue.ArrayValue a && !a.isNull()
            ? new RespValue.ArrayValue(spliced(commands, a.elements())) : v);
      }
    };
    // Without proxy commands to splice in, EXEC's array passes through as bytes; errors always
    // arrive decoded, so the retry sees them either way.
    session.sendDedicated(addr, EXEC, splice ? execReply : new RawReplySink() {
      @Override
      public void raw(ByteBuf frame) {
        done.raw(frame);
      }

      @Override
      public void reply(RespValue v) {
        execReply.reply(v);
      }
    }, deadline);
  }

  /** EXEC's array: the node's replies in order, the proxy's own commands answered now in theirs. */
  private List<RespValue> spliced(List<Queued> commands, List<RespValue> nodeReplies) {
    List<RespValue> out = new ArrayList<>(commands.size());
    int next = 0;
    for (Queued q : commands) {
      if (!q.local()) {
        out.add(next < nodeReplies.size() ? nodeReplies.get(next++) : RespValue.BulkString.NULL);
        continue;
      }
      Route r = session.server().router().route(q.argv(), session.server().tables(), session.state());
      out.add(r instanceof Route.Reply reply ? reply.value()
          : Replies.error(ErrorCode.ERR, "'" + new String(q.argv()[0], StandardCharsets.UTF_8)
              + "' cannot run inside a transaction through the proxy"));
    }
    return out;
  }

  private void discard() {
    if (!queueing) {
      session.reply(Replies.error(ErrorCode.ERR, "DISCARD without MULTI"));
      return;
    }
    endWatch();
    clear();
    session.reply(Replies.OK);
  }

  private void watch(CommandSpec spec, byte[][] argv) {
    if (queueing) {
      session.reply(Replies.error(ErrorCode.ERR, "WATCH inside MULTI is not allowed"));
      return;
    }
    SlotTable table = session.table();
    if (table == null) {
      session.reply(Replies.error(ErrorCode.CLUSTERDOWN, session.downReason()));
      return;
    }
    int s = slotOf(spec, argv, table.slotCount());
    if (s == CROSS || (slot != NO_KEYS && s != slot)) {
      session.reply(Replies.error(ErrorCode.CROSSSLOT, Replies.CROSSSLOT));
      return;
    }
    ClientSession.Pending p = session.enqueue();
    if (watchAddr != null) { // more keys of the same slot: on the node that holds the watch
      session.sendDedicated(watchAddr, argv, session.passThrough(p), session.requestDeadlineNanos());
      return;
    }
    slot = s;
    firstWatch(argv, s, p, watchTurn, session.retries().start());
  }

  /**
   * The first WATCH: sent to the slot's master and, when the node refuses it before watching
   * (MOVED, FENCED...), retried within the budget on the master of the refreshed table. Until it
   * succeeds no watch is held ({@link #watchConn} null, so an EXEC meanwhile answers null); a WATCH
   * refused past the budget leaves no watch, as a WATCH that failed in Redis. {@code turn}: the
   * watch this is; a retry whose watch was ended meanwhile (EXEC, UNWATCH...) passes the error on.
   */
  private void firstWatch(byte[][] argv, int s, ClientSession.Pending p, long turn, SessionRetry.Budget b) {
    String addr = session.masterOf(s, p);
    if (addr == null) {
      forgetWatch();
      if (!queueing) {
        slot = NO_KEYS;
      }
      return;
    }
    watchAddr = addr;
    RawReplySink done = session.passThrough(p);
    watchConn = session.sendDedicated(addr, argv, new RawReplySink() {
      @Override
      public void raw(ByteBuf frame) {
        done.raw(frame);
      }

      @Override
      public void reply(RespValue v) {
        if (turn != watchTurn || !Retryable.isRetryable(v)) {
          done.reply(v);
          return;
        }
        watchConn = null; // nothing is watched on that node
        boolean again = session.retries().retry(v, b, () -> {
          if (turn == watchTurn) {
            firstWatch(argv, s, p, turn, b);
          } else {
            done.reply(v);
          }
        });
        if (!again) {
          forgetWatch();
          if (!queueing) {
            slot = NO_KEYS;
          }
          done.reply(v);
        }
      }
    }, session.requestDeadlineNanos());
  }

  /** No watch any more; a WATCH still being retried gives up. */
  private void forgetWatch() {
    watchAddr = null;
    watchConn = null;
    watchTurn++;
  }

  private void unwatch() {
    if (watchAddr == null) {
      slot = NO_KEYS;
      session.reply(Replies.OK);
      return;
    }
    ClientSession.Pending p = session.enqueue();
    session.sendDedicated(watchAddr, UNWATCH, session.passThrough(p), session.requestDeadlineNanos());
    forgetWatch();
    slot = NO_KEYS;
  }

  /** RESET: forget everything; the node's watch goes with an UNWATCH. */
  void reset() {
    endWatch();
    clear();
  }

  private void endWatch() {
    if (watchAddr != null) {
      session.sendDedicated(watchAddr, UNWATCH, IGNORE, session.requestDeadlineNanos());
      forgetWatch();
    }
  }

  private void clear() {
    queueing = false;
    failed = false;
    queued.clear();
    if (watchAddr == null) {
      slot = NO_KEYS;
    }
  }

  /** The one slot of the request's keys, {@link #NO_KEYS}, or {@link #CROSS}. */
  static int slotOf(CommandSpec spec, byte[][] argv, int slotCount) {
    int[] keys = spec.keyIndexes(argv);
    int s = NO_KEYS;
    for (int k : keys) {
      int ks = Slots.slotOf(argv[k], slotCount);
      if (s == NO_KEYS) {
        s = ks;
      } else if (ks != s) {
        return CROSS;
      }
    }
    return s;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
