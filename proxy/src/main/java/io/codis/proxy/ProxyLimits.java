package io.codis.proxy;

/**
 * Every bound the proxy enforces, in one place (TIGER_STYLE: a limit on everything).
 *
 * @param clientsMax client connections accepted at once; the next one gets
 *     {@code -ERR max number of clients reached} and is closed
 * @param pipelineDepthMax requests of one client that may be waiting for their replies; at this
 *     depth the proxy stops reading that client's socket until replies drain to half of it. The
 *     requests already decoded from the last socket read are still served, so the depth can pass
 *     the limit by one read's worth of requests, never more.
 * @param requestDeadlineMs time a forwarded request may wait for its backend reply; past it the
 *     backend connection is declared stuck, closed, and every request on it answered
 *     {@code -TIMEOUT}
 * @param backendConnectTimeoutMs time to open a backend connection
 * @param backendReconnectBackoffMs after a failed connect, requests for that backend fail fast
 *     with {@code -BACKENDDOWN} for this long before the proxy dials again
 * @param deadlineCheckPeriodMs how often each backend connection checks its oldest request's
 *     deadline (the error arrives at most this much after the deadline)
 */
public record ProxyLimits(
    int clientsMax,
    int pipelineDepthMax,
    long requestDeadlineMs,
    long backendConnectTimeoutMs,
    long backendReconnectBackoffMs,
    long deadlineCheckPeriodMs) {

  public static final ProxyLimits DEFAULTS = new ProxyLimits(10_000, 1024, 3_000, 1_000, 200, 50);

  public ProxyLimits {
    positive("clientsMax", clientsMax);
    positive("pipelineDepthMax", pipelineDepthMax);
    positive("requestDeadlineMs", requestDeadlineMs);
    positive("backendConnectTimeoutMs", backendConnectTimeoutMs);
    positive("backendReconnectBackoffMs", backendReconnectBackoffMs);
    positive("deadlineCheckPeriodMs", deadlineCheckPeriodMs);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }

  public ProxyLimits withPipelineDepthMax(int n) {
    return new ProxyLimits(clientsMax, n, requestDeadlineMs, backendConnectTimeoutMs,
        backendReconnectBackoffMs, deadlineCheckPeriodMs);
  }

  public ProxyLimits withRequestDeadlineMs(long ms) {
    return new ProxyLimits(clientsMax, pipelineDepthMax, ms, backendConnectTimeoutMs,
        backendReconnectBackoffMs, deadlineCheckPeriodMs);
  }

  public ProxyLimits withClientsMax(int n) {
    return new ProxyLimits(n, pipelineDepthMax, requestDeadlineMs, backendConnectTimeoutMs,
        backendReconnectBackoffMs, deadlineCheckPeriodMs);
  }
}
