package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.resp.RespValue;

/**
 * Which backend answers mean "not executed, and the cluster may have moved": safe and useful to
 * retry after refreshing the table. MOVED, TRYAGAIN and CLUSTERDOWN from a node, and BACKENDDOWN
 * (the proxy could not send the request at all: no connection, back-off, closed). Every other
 * error, and every outcome-unknown one (TIMEOUT, BACKENDLOST: a connection lost after the request
 * was written), is passed to the client as it is.
 */
final class Retryable {
  private Retryable() {}

  static boolean isRetryable(RespValue v) {
    if (!(v instanceof RespValue.ErrorValue e)) {
      return false;
    }
    ErrorCode code = ErrorCode.of(e.text());
    return code == ErrorCode.MOVED || code == ErrorCode.TRYAGAIN || code == ErrorCode.CLUSTERDOWN
        || code == ErrorCode.BACKENDDOWN;
  }
}
