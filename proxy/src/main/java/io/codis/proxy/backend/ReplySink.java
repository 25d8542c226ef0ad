package io.codis.proxy.backend;

import io.codis.protocol.resp.RespValue;

/** Receives the reply to one forwarded request (or the proxy's error for it), on the event loop. */
@FunctionalInterface
public interface ReplySink {
  void reply(RespValue value);
}
