package io.codis.node.replication;

import io.codis.node.server.Session;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * Replies waiting for replicas: under {@code replication-mode sync} a session's replies wait until a
 * replica acknowledged the stream up to the offset current when they were flushed; WAIT waits until
 * enough replicas acknowledged its offset or its timeout passes. A session's replies stay in order
 * (once one waits, later ones queue behind it). Used on the event loop only.
 */
final class AckGate {
  sealed interface Held permits Replies, Wait {}

  record Replies(ByteBuf buffer, long needOffset, boolean closeAfter, long deadlineMs) implements Held {}

  /** A WAIT: its reply is the number of replicas that acknowledged {@code offset}. */
  record Wait(int replicas, long offset, long deadlineMs) implements Held {}

  /** What the gate releases, in order; the caller writes it. */
  interface Sink {
    void replies(Session session, ByteBuf buffer, boolean closeAfter);

    void waitDone(Session session, long acknowledged);

    void expired(Session session);
  }

  private final Map<Session, ArrayDeque<Held>> waiting = new LinkedHashMap<>();

  boolean hasHeld(Session session) {
    return waiting.containsKey(session);
  }

  void hold(Session session, Held held) {
    waiting.computeIfAbsent(session, s -> new ArrayDeque<>()).add(held);
  }

  int sessionsWaiting() {
    return waiting.size();
  }

  /**
   * Releases what is ready. {@code ackedBy} maps an offset to the number of replicas that
   * acknowledged it. Replies past their deadline are dropped and the session closed (the write is
   * done on the master, but no replica confirmed it: the client must treat it as unknown).
   */
  void release(LongUnaryOperator ackedBy, long nowMs, Sink sink) {
    List<Session> done = new ArrayList<>();
    for (Map.Entry<Session, ArrayDeque<Held>> e : waiting.entrySet()) {
      Session session = e.getKey();
      ArrayDeque<Held> queue = e.getValue();
      while (!queue.isEmpty()) {
        Held head = queue.peek();
        if (head instanceof Replies r) {
          if (ackedBy.applyAsLong(r.needOffset()) >= 1) {
            queue.poll();
            sink.replies(session, r.buffer(), r.closeAfter());
          } else if (nowMs >= r.deadlineMs()) {
            queue.forEach(AckGate::free);
            queue.clear();
            sink.expired(session);
          } else {
            break;
          }
        } else if (head instanceof Wait w) {
          long acked = ackedBy.applyAsLong(w.offset());
          if (acked >= w.replicas() || (w.deadlineMs() > 0 && nowMs >= w.deadlineMs())) {
            queue.poll();
            sink.waitDone(session, acked);
          } else {
            break;
          }
        }
      }
      if (queue.isEmpty()) {
        done.add(session);
      }
    }
    done.forEach(waiting::remove);
  }

  /** A session disconnected: free what it had waiting. */
  void forget(Session session) {
    ArrayDeque<Held> queue = waiting.remove(session);
    if (queue != null) {
      queue.forEach(AckGate::free);
    }
  }

  private static void free(Held held) {
    if (held instanceof Replies r) {
      r.buffer().release();
    }
  }
}
