package io.codis.proxy.backend;

import io.codis.protocol.resp.RespValue;

/** Receives the RESP3 pushes of a dedicated connection (pub/sub confirmations and messages). */
@FunctionalInterface
public interface PushSink {
  void push(RespValue.PushValue push);
}
