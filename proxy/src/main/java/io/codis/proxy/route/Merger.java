package io.codis.proxy.route;

import io.codis.protocol.resp.RespValue;

/** Combines the replies of a fan-out's parts (one per part, in part order) into one reply. */
@FunctionalInterface
public interface Merger {
  RespValue merge(Route.FanOut fanOut, RespValue[] replies);
}
