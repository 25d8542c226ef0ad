package io.codis.node.exec;

import io.codis.node.server.Session;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN...). A blocked command is run again when one of its
 * keys is written; clients blocked on one key are served first-come first-served, and a client whose
 * re-run would block again keeps its place in the queue (Redis's fairness rule).
 *
 * <p>Ready keys are collected while a command runs and served after it completes
 * ({@link #serveReadyKeys}), so a MULTI/EXEC that pushes and pops sees its own effects first.
 */
public final class BlockingRegistry {
  private final NodeServices node;
  private final Map<String, ArrayDeque<Session>> blockedByKey = new HashMap<>();
  private final LinkedHashSet<String> readyKeys = new LinkedHashSet<>();
  private Dispatcher dispatcher;
  private int blockedClients;

  /** What a blocked client waits for. */
  static final class Blocked {
    final byte[][] argv;
    final List<String> keys;
    final ScheduledFuture<?> timer;

    Blocked(byte[][] argv, List<String> keys, ScheduledFuture<?> timer) {
      this.argv = argv;
      this.keys = keys;
      this.timer = timer;
    }
  }

  BlockingRegistry(NodeServices node) {
    this.node = node;
  }

  void dispatcher(Dispatcher value) {
    this.dispatcher = value;
  }

  public int blockedClients() {
    return blockedClients;
  }

  /** Number of keys with at least one blocked client (INFO's blocked_keys). */
  public int blockedKeys() {
    return blockedByKey.size();
  }

  void block(Session session, byte[][] argv, byte[][] keys, long deadlineMs) {
    if (session.blocked()) {
      // A re-run that would block again: the client keeps its place in every queue.
      return;
    }
    // A set, not List.contains: BLPOP with 100,000 keys must not cost 10^10 comparisons.
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (byte[] key : keys) {
      String name = new String(key, StandardCharsets.ISO_8859_1);
      if (unique.add(name)) {
        blockedByKey.computeIfAbsent(name, k -> new ArrayDeque<>()).add(session);
      }
    }
    List<String> names = new ArrayList<>(unique);
    ScheduledFuture<?> timer = null;
    if (deadlineMs > 0) {
      long delayMs = Math.max(0, deadlineMs - node.keyspace().now());
      timer =
          session.channel().eventLoop().schedule(
              () -> timeout(session), delayMs, TimeUnit.MILLISECONDS);
    }
    session.blockedState(new Blocked(argv, names, timer));
    session.channel().config().setAutoRead(false);
    blockedClients++;
  }

  private void timeout(Session session) {
    if (!session.blocked()) {
      return;
    }
    unblock(session);
    session.out().nullArray();
    session.flushSoon();
    dispatcher.resumeHeld(session);
  }

  /**
   * CLIENT UNBLOCK: ends the wait with a timeout reply, or with {@code -UNBLOCKED} when
   * {@code withError}; false when the client was not blocked.
   */
  public boolean unblockByClient(Session session, boolean withError) {
    if (!session.blocked()) {
      return false;
    }
    unblock(session);
    if (withError) {
      session.out().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    } else {
      session.out().nullArray();
    }
    session.flushSoon();
    session.channel().eventLoop().execute(() -> dispatcher.resumeHeld(session));
    return true;
  }

  /** Forgets a client that disconnected while blocked. */
  public void disconnected(Session session) {
    if (session.blocked()) {
      unblock(session);
    }
  }

  private void unblock(Session session) {
    Blocked blocked = (Blocked) session.blockedState();
    for (String key : blocked.keys) {
      ArrayDeque<Session> queue = blockedByKey.get(key);
      if (queue != null) {
        queue.remove(session);
        if (queue.isEmpty()) {
          blockedByKey.remove(key);
        }
      }
    }
    if (blocked.timer != null) {
      blocked.timer.cancel(false);
    }
    session.blockedState(null);
    session.channel().config().setAutoRead(true);
    blockedClients--;
  }

  void keyModified(byte[] key) {
    if (blockedByKey.isEmpty()) {
      return;
    }
    String name = new String(key, StandardCharsets.ISO_8859_1);
    if (blockedByKey.containsKey(name)) {
      readyKeys.add(name);
    }
  }

  /** Serves clients blocked on keys written by the command that just ran. */
  void serveReadyKeys() {
    while (!readyKeys.isEmpty()) {
      String key = readyKeys.iterator().next();
      readyKeys.remove(key);
      ArrayDeque<Session> queue = blockedByKey.get(key);
      if (queue == null) {
        continue;
      }
      byte[] keyBytes = key.getBytes(StandardCharsets.ISO_8859_1);
      for (Session session : new ArrayList<>(queue)) {
        if (!session.blocked() || !session.channel().isActive()) {
          continue;
        }
        Blocked blocked = (Blocked) session.blockedState();
        boolean servedOrFailed = dispatcher.rerunBlocked(session, blocked.argv, keyBytes);
        if (servedOrFailed) {
          if (session.blocked()) {
            unblock(session);
          }
          session.flushSoon();
          session.channel().eventLoop().execute(() -> dispatcher.resumeHeld(session));
        }
      }
    }
  }
}
