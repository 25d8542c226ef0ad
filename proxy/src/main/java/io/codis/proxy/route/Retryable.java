package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.resp.RespValue;

/**
 * Which backend answers mean "not executed, and the cluster may have moved": safe and useful to
 * retry after refreshing the table. MOVED, TRYAGAIN and CLUSTERDOWN from a node, FENCED (a master
 * without a valid lease, or fenced for a switchover: a failover is under way and the table will
 * name the new master), READONLY (the table still names a master that the metaserver has since made
 * a replica: a switchover or failover finished before the proxy saw it), and BACKENDDOWN (the proxy could not send the request at all: no
 * connection, back-off, closed; a killed master looks like this until it is replaced). Every other
 * error, and every outcome-unknown one (TIMEOUT, BACKENDLOST: a connection lost after the request
 * was written), is passed to the client as it is.
 */
public final class Retryable {
  private Retryable() {}

  /** Public for the session's dedicated connections, which retry the same answers. */
  public static boolean isRetryable(RespValue v) {
    if (!(v instanceof RespValue.ErrorValue e)) {
      return false;
    }
    ErrorCode code = ErrorCode.of(e.text());
    return code == ErrorCode.MOVED || code == ErrorCode.TRYAGAIN || code == ErrorCode.CLUSTERDOWN
        || code == ErrorCode.FENCED || code == ErrorCode.READONLY || code == ErrorCode.BACKENDDOWN;
  }
}
