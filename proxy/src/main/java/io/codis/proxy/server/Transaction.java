package io.codis.proxy.server;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.Slots;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.ProxyPolicy;
import io.codis.protocol.resp.RespValue;
import io.codis.proxy.backend.ReplySink;
import io.codis.proxy.route.Replies;
import io.codis.proxy.route.Route;
import io.codis.proxy.route.SlotTable;
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

  private final ClientSession session;
  private boolean queueing;
  private boolean failed;
  private final List<byte[][]> queued = new ArrayList<>();
  /** The transaction's slot, or NO_KEYS while no key has fixed it. */
  private int slot = NO_KEYS;
  /** The node holding this client's WATCH, or null. */
  private String watchAddr;

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

  /** A command after MULTI: queued, or refused (which fails the transaction). */
  void onCommand(byte[][] argv) {
    Route route = session.server().router().route(argv, session.server().tables(), session.state());
    if (route instanceof Route.Stateful s && s.spec().policy() == ProxyPolicy.TRANSACTION
        && !s.spec().name().equals("unwatch")) { // Redis queues UNWATCH inside MULTI
      control(s.spec(), argv);
      return;
    }
    if (route instanceof Route.Reply r) {
      if (r.value() instanceof RespValue.ErrorValue e) {
        if (e.code().equals(ErrorCode.EXECABORT.name())) { // an EXEC refused before running ends the transaction
          endWatch();
          clear();
          session.reply(e);
          return;
        }
        refuse(r.value());
        return;
      }
      if (r.close()) { // QUIT runs at once, as in Redis
        ClientSession.Pending p = session.enqueue();
        p.close = true;
        session.complete(p, r.value());
        return;
      }
    }
    CommandSpec spec = session.server().table().resolve(argv);
    ProxyPolicy policy = spec.policy();
    if (policy == ProxyPolicy.CLUSTER_WIDE || policy == ProxyPolicy.PUBSUB
        || spec.name().equals("hello")) {
      refuse(Replies.error(ErrorCode.ERR, "'" + spec.name().replace('|', ' ')
          + "' is not supported inside a transaction by the proxy"));
      return;
    }
    SlotTable table = session.table();
    int s = table == null ? NO_KEYS : slotOf(spec, argv, table.slotCount());
    if (s == CROSS || (s != NO_KEYS && slot != NO_KEYS && s != slot)) {
      refuse(Replies.error(ErrorCode.CROSSSLOT, Replies.CROSSSLOT));
      return;
    }
    if (queued.size() >= QUEUED_COMMANDS_MAX) {
      refuse(Replies.error(ErrorCode.ERR, "transaction queue: " + queued.size()
          + " commands (expected: <= " + QUEUED_COMMANDS_MAX + ")"));
      return;
    }
    if (s != NO_KEYS) {
      slot = s;
    }
    queued.add(argv);
    session.reply(new RespValue.SimpleString("QUEUED"));
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
    String addr = watchAddr;
    if (addr == null) {
      if (queued.isEmpty()) {
        clear();
        session.reply(new RespValue.ArrayValue(List.of()));
        return;
      }
      SlotTable table = session.table();
      if (table == null) {
        clear();
        session.reply(Replies.error(ErrorCode.EXECABORT, "Transaction discarded because of: CLUSTERDOWN "
            + session.downReason()));
        return;
      }
      addr = slot == NO_KEYS ? ClientSession.first(table) : table.masterOf(slot);
      if (addr == null) {
        clear();
        session.reply(Replies.error(ErrorCode.EXECABORT, "Transaction discarded because of: CLUSTERDOWN "
            + Replies.SLOT_NOT_SERVED));
        return;
      }
    }
    ClientSession.Pending p = session.enqueue();
    long deadline = session.requestDeadlineNanos();
    session.sendDedicated(addr, MULTI, IGNORE, deadline);
    for (byte[][] argv : queued) {
      session.sendDedicated(addr, argv, IGNORE, deadline);
    }
    session.sendDedicated(addr, EXEC, session.passThrough(p), deadline);
    watchAddr = null; // EXEC unwatches on the node
    clear();
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
    String addr = table.masterOf(s);
    if (addr == null) {
      session.reply(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
      return;
    }
    slot = s;
    watchAddr = addr;
    ClientSession.Pending p = session.enqueue();
    session.sendDedicated(addr, argv, session.passThrough(p), session.requestDeadlineNanos());
  }

  private void unwatch() {
    if (watchAddr == null) {
      slot = NO_KEYS;
      session.reply(Replies.OK);
      return;
    }
    ClientSession.Pending p = session.enqueue();
    session.sendDedicated(watchAddr, UNWATCH, session.passThrough(p), session.requestDeadlineNanos());
    watchAddr = null;
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
      watchAddr = null;
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
