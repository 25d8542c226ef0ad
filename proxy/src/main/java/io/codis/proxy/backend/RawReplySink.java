package io.codis.proxy.backend;

import io.netty.buffer.ByteBuf;

/**
 * A {@link ReplySink} that takes the node's reply as its bytes (one whole RESP value), to pass it
 * to the client without decoding. It owns {@code frame} and must release it (writing it to a
 * channel does). Error replies (the node's, such as {@code -MOVED} or {@code -TRYAGAIN} that a
 * retry must see, and the proxy's own) always arrive decoded through {@link #reply}.
 */
public interface RawReplySink extends ReplySink {
  void raw(ByteBuf frame);
}
