package io.codis.node.persistence;

import io.codis.node.server.Session;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holds replies under {@code appendfsync always} until every write committed before them is synced,
 * as Redis writes replies only after the fsync of its event-loop iteration. A reply is tagged with
 * the commit sequence current when it was flushed; it is released once the synced sequence reaches
 * the tag. A session's replies stay in order: once one is held, later ones queue behind it (a read
 * after a write must not overtake the write's reply). Used on the event loop only.
 */
final class ReplyGate {
  private record Held(ByteBuf buffer, long needSeq, boolean closeAfter) {}

  private final Map<Session, ArrayDeque<Held>> waiting = new LinkedHashMap<>();

  /** True when {@code session} has replies waiting (later ones must queue behind them). */
  boolean hasHeld(Session session) {
    return waiting.containsKey(session);
  }

  void hold(Session session, ByteBuf buffer, long needSeq, boolean closeAfter) {
    waiting.computeIfAbsent(session, s -> new ArrayDeque<>()).add(new Held(buffer, needSeq, closeAfter));
  }

  /** Writes every held reply whose writes are now durable, in order per session. */
  void release(long durableSeq) {
    var sessions = waiting.entrySet().iterator();
    while (sessions.hasNext()) {
      Map.Entry<Session, ArrayDeque<Held>> e = sessions.next();
      Session session = e.getKey();
      ArrayDeque<Held> queue = e.getValue();
      boolean wrote = false;
      while (!queue.isEmpty() && queue.peek().needSeq() <= durableSeq) {
        Held h = queue.poll();
        wrote |= session.writeReplies(h.buffer(), h.closeAfter());
      }
      if (wrote) {
        session.channel().flush();
      }
      if (queue.isEmpty()) {
        sessions.remove();
      }
    }
  }

  /**
   * Frees everything held and closes those connections (the node is closing or the store failed:
   * those writes were never acknowledged, and a client must not wait for a reply that never comes).
   */
  void dropAll() {
    waiting.forEach((session, queue) -> {
      queue.forEach(h -> h.buffer().release());
      session.channel().close();
    });
    waiting.clear();
  }

  int sessionsWaiting() {
    return waiting.size();
  }
}
