package io.codis.node.server;

import io.netty.buffer.ByteBuf;

/**
 * Sees a session's replies just before they are written to its socket. Durability uses it to commit
 * what the replies acknowledge first and, under {@code appendfsync always}, to hold them until that
 * commit is synced. Called on the event loop.
 */
public interface FlushGate {
  /**
   * Returns true when the gate took {@code replies} (it will write them later with {@link
   * Session#writeReplies}); false to write them now.
   */
  boolean hold(Session session, ByteBuf replies, boolean closeAfter);
}
