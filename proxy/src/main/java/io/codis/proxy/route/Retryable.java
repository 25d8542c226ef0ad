package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.resp.RespValue;

/**
 * Which backend answers mean "not executed, and the cluster may have moved": safe and useful to
 * retry after refreshing the table. Every other error, and every outcome-unknown one (TIMEOUT, a
 * connection lost after the request was written), is passed to the client as it is.
 */
final class Retryable {
  /**
   * The proxy's own texts for a request that was never written to a socket: the connect failed
   * (requests waiting for it were not sent), the connection was already closed, or the address is
   * in its reconnect back-off. See {@code backend.BackendConnection} and {@code BackendPool}.
   */
  private static final String[] NOT_SENT = {
      "BACKENDDOWN cannot connect to ", "BACKENDDOWN backend ", "BACKENDDOWN connection to "};
  private static final String CLOSED_SUFFIX = " is closed";

  private Retryable() {}

  static boolean isRetryable(RespValue v) {
    if (!(v instanceof RespValue.ErrorValue e)) {
      return false;
    }
    String text = e.text();
    ErrorCode code = ErrorCode.of(text);
    if (code == ErrorCode.MOVED || code == ErrorCode.TRYAGAIN || code == ErrorCode.CLUSTERDOWN) {
      return true;
    }
    if (code != ErrorCode.BACKENDDOWN) {
      return false;
    }
    if (text.startsWith(NOT_SENT[0]) || text.startsWith(NOT_SENT[1])) {
      return true;
    }
    // "connection to X is closed" (never written) but not "connection to X lost" (maybe run)
    return text.startsWith(NOT_SENT[2]) && text.endsWith(CLOSED_SUFFIX);
  }
}
