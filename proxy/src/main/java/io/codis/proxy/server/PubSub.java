package io.codis.proxy.server;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.Slots;
import io.codis.protocol.resp.RespValue;
import io.codis.proxy.backend.BackendConnection;
import io.codis.proxy.route.Replies;
import io.codis.proxy.route.SlotTable;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The subscriptions of one client and its dedicated subscriber connections (one per node, RESP3 so
 * that confirmations and messages arrive as pushes, apart from any reply).
 *
 * <p>Where a subscription lives: a channel (SUBSCRIBE) and a shard channel (SSUBSCRIBE) on the
 * master of the channel's slot, where PUBLISH/SPUBLISH route too; a pattern (PSUBSCRIBE) on every
 * master, since a matching channel may hash anywhere. The client's own sets ({@link #wanted}) are
 * the truth: confirmation counts are computed from them, per client across all channels and
 * patterns (shard channels counted apart), exactly as redis-server counts; each confirmation is
 * written once the node(s) confirmed, so a message can never precede its subscription's reply.
 *
 * <p>Re-subscription: when a subscriber connection breaks, or the slot table's version changes,
 * {@link #resync()} (every {@link #RESYNC_PERIOD_MS} while anything is subscribed) makes the nodes'
 * subscriptions match {@link #wanted} again: subscribe where missing, unsubscribe where a channel
 * no longer belongs. Messages published while a node was unreachable are lost, as with Redis.
 */
final class PubSub {
  /** How often a subscribed client's backend subscriptions are checked against the table. */
  static final long RESYNC_PERIOD_MS = 250;

  /** The three kinds of subscription and their command names. */
  enum Kind {
    CHANNEL("subscribe", "unsubscribe"),
    PATTERN("psubscribe", "punsubscribe"),
    SHARD("ssubscribe", "sunsubscribe");

    final String sub;
    final String unsub;
    final byte[] subBytes;
    final byte[] unsubBytes;

    Kind(String sub, String unsub) {
      this.sub = sub;
      this.unsub = unsub;
      this.subBytes = sub.getBytes(StandardCharsets.US_ASCII);
      this.unsubBytes = unsub.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private static final Set<String> CONFIRMATIONS = Set.of("subscribe", "unsubscribe", "psubscribe",
      "punsubscribe", "ssubscribe", "sunsubscribe");

  /** One dedicated subscriber connection and what is subscribed on it. */
  private final class Link {
    final String addr;
    final BackendConnection conn;
    /** The client replies waiting for this node's confirmations, in the order sent. */
    final ArrayDeque<ClientSession.Pending> expected = new ArrayDeque<>();
    final List<Set<String>> held = sets();

    Link(String addr, BackendConnection conn) {
      this.addr = addr;
      this.conn = conn;
    }

    void send(byte[] command, String name, ClientSession.Pending p) {
      session.hold(p);
      expected.add(p);
      conn.sendPushing(new byte[][] {command, name.getBytes(StandardCharsets.ISO_8859_1)});
    }
  }

  private final ClientSession session;
  /** Names are kept as ISO-8859-1 strings: one char per byte, so any channel name round-trips. */
  private final List<Set<String>> wanted = sets();
  private final Map<String, Link> links = new HashMap<>();
  private long syncedVersion = -1;
  private boolean resyncNeeded;
  private boolean closed;
  private ScheduledFuture<?> timer;

  PubSub(ClientSession session) {
    this.session = session;
  }

  private static List<Set<String>> sets() {
    List<Set<String>> s = new ArrayList<>(3);
    for (int i = 0; i < 3; i++) {
      s.add(new LinkedHashSet<>());
    }
    return s;
  }

  /** True while the client has any subscription (RESP2 subscribed context). */
  boolean active() {
    return !wanted.get(0).isEmpty() || !wanted.get(1).isEmpty() || !wanted.get(2).isEmpty();
  }

  private int count(Kind k) {
    return k == Kind.SHARD ? wanted.get(2).size() : wanted.get(0).size() + wanted.get(1).size();
  }

  /** (P|S)SUBSCRIBE name [name ...] */
  void subscribe(Kind kind, byte[][] argv) {
    SlotTable table = session.table();
    if (table == null) {
      session.reply(Replies.error(ErrorCode.CLUSTERDOWN, session.downReason()));
      return;
    }
    if (kind == Kind.SHARD && crossSlot(argv, table.slotCount())) {
      session.reply(Replies.error(ErrorCode.CROSSSLOT, Replies.CROSSSLOT));
      return;
    }
    RespValue[] frames = new RespValue[argv.length - 1];
    ClientSession.Pending p = session.enqueueFrames(frames);
    for (int i = 1; i < argv.length; i++) {
      String name = new String(argv[i], StandardCharsets.ISO_8859_1);
      if (wanted.get(kind.ordinal()).add(name)) {
        for (String addr : targets(kind, name, table)) {
          place(addr, kind, name, p);
        }
      }
      frames[i - 1] = confirmation(kind.sub, argv[i], count(kind));
    }
    session.release(p);
    startTimer(table);
  }

  /** (P|S)UNSUBSCRIBE [name ...]: no name means every subscription of that kind. */
  void unsubscribe(Kind kind, byte[][] argv) {
    Set<String> mine = wanted.get(kind.ordinal());
    List<String> names = new ArrayList<>();
    for (int i = 1; i < argv.length; i++) {
      names.add(new String(argv[i], StandardCharsets.ISO_8859_1));
    }
    if (argv.length == 1) {
      names.addAll(mine);
    }
    if (names.isEmpty()) {
      session.reply(confirmation(kind.unsub, null, count(kind)));
      return;
    }
    RespValue[] frames = new RespValue[names.size()];
    ClientSession.Pending p = session.enqueueFrames(frames);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (mine.remove(name)) {
        for (Link l : links.values()) {
          if (l.held.get(kind.ordinal()).remove(name)) {
            l.send(kind.unsubBytes, name, p);
          }
        }
      }
      frames[i] = confirmation(kind.unsub, name.getBytes(StandardCharsets.ISO_8859_1), count(kind));
    }
    session.release(p);
  }

  /** The nodes that must hold a subscription. */
  private static List<String> targets(Kind kind, String name, SlotTable table) {
    if (kind == Kind.PATTERN) {
      return table.masters();
    }
    String m = table.masterOf(Slots.slotOf(name.getBytes(StandardCharsets.ISO_8859_1), table.slotCount()));
    return m == null ? List.of() : List.of(m);
  }

  /** Subscribes {@code name} on the node at {@code addr}; {@code p} waits for the confirmation. */
  private void place(String addr, Kind kind, String name, ClientSession.Pending p) {
    Link l = link(addr);
    if (l == null) {
      resyncNeeded = true; // node in back-off: the timer tries again
      return;
    }
    l.held.get(kind.ordinal()).add(name);
    l.send(kind.subBytes, name, p);
  }

  private Link link(String addr) {
    Link l = links.get(addr);
    if (l != null) {
      return l;
    }
    BackendConnection c = session.pool().openDedicated(addr, 3);
    if (c == null) {
      return null;
    }
    Link made = new Link(addr, c);
    links.put(addr, made);
    c.pushSink(push -> onPush(made, push));
    c.closeListener(() -> onLinkClosed(made));
    c.reading(session.writable());
    return made;
  }

  private void onPush(Link l, RespValue.PushValue push) {
    List<RespValue> e = push.elements();
    String kind = e.isEmpty() || !(e.get(0) instanceof RespValue.BulkString b) ? ""
        : new String(b.bytes(), StandardCharsets.ISO_8859_1);
    if (CONFIRMATIONS.contains(kind)) {
      ClientSession.Pending p = l.expected.poll();
      if (p != null) {
        session.release(p);
      }
    } else {
      session.deliver(push);
    }
  }

  /** A subscriber connection broke: its confirmations are given up, the timer re-subscribes. */
  private void onLinkClosed(Link l) {
    links.remove(l.addr, l);
    ClientSession.Pending p;
    while ((p = l.expected.poll()) != null) {
      session.release(p);
    }
    resyncNeeded = true;
  }

  private void startTimer(SlotTable table) {
    if (timer == null && !closed) {
      syncedVersion = table.version();
      timer = session.loop().scheduleAtFixedRate(this::tick, RESYNC_PERIOD_MS, RESYNC_PERIOD_MS,
          TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    SlotTable table = session.table();
    if (closed || table == null) {
      return;
    }
    if (resyncNeeded || table.version() != syncedVersion) {
      resync(table);
    }
  }

  /** Makes the nodes' subscriptions match {@link #wanted} under {@code table}. */
  void resync(SlotTable table) {
    resyncNeeded = false;
    syncedVersion = table.version();
    for (Kind kind : Kind.values()) {
      Set<String> mine = wanted.get(kind.ordinal());
      for (String name : mine) {
        for (String addr : targets(kind, name, table)) {
          Link l = links.get(addr);
          if (l == null || !l.held.get(kind.ordinal()).contains(name)) {
            place(addr, kind, name, ClientSession.SWALLOW);
          }
        }
      }
      for (Link l : links.values().toArray(new Link[0])) {
        Set<String> held = l.held.get(kind.ordinal());
        for (String name : held.toArray(new String[0])) {
          if (!mine.contains(name) || !targets(kind, name, table).contains(l.addr)) {
            held.remove(name);
            l.send(kind.unsubBytes, name, ClientSession.SWALLOW);
          }
        }
      }
    }
  }

  /** Stops or resumes reading the subscriber connections (the client's own backpressure). */
  void reading(boolean on) {
    for (Link l : links.values()) {
      l.conn.reading(on);
    }
  }

  /** RESET or client gone: every subscription ends with its connections. */
  void close() {
    closed = true;
    if (timer != null) {
      timer.cancel(false);
    }
    for (Link l : links.values().toArray(new Link[0])) {
      l.conn.close("client left subscribed mode");
    }
    links.clear();
    for (Set<String> s : wanted) {
      s.clear();
    }
  }

  private RespValue confirmation(String kind, byte[] name, int count) {
    RespValue channel = name == null
        ? (session.protover() == 3 ? new RespValue.Null() : new RespValue.BulkString(null))
        : Replies.bulk(name);
    List<RespValue> e = List.of(Replies.bulk(kind), channel, new RespValue.IntegerValue(count));
    return session.protover() == 3 ? new RespValue.PushValue(e) : new RespValue.ArrayValue(e);
  }

  private static boolean crossSlot(byte[][] argv, int slotCount) {
    int slot = Slots.slotOf(argv[1], slotCount);
    for (int i = 2; i < argv.length; i++) {
      if (Slots.slotOf(argv[i], slotCount) != slot) {
        return true;
      }
    }
    return false;
  }
}
