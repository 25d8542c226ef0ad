package io.codis.proxy.route;

/**
 * Where a read-only request may go instead of its master ({@code --read-from-replica}): the proxy's
 * replica health check implements it. Called on the client's event loop for every eligible read,
 * so it must be cheap and thread-safe.
 */
public interface ReplicaReads {
  /** Reads from replicas off (the default): every request goes to its master. */
  ReplicaReads NONE = (master, table) -> null;

  /**
   * The address of a replica of {@code master} (one of {@code table.replicasOf(master)}) that is
   * fresh enough to serve a read now, or null to read from the master.
   */
  String replicaFor(String master, SlotTable table);

  /**
   * How long a read sent to a replica waits for its reply before it goes to the master instead
   * (the request deadline applies when it is shorter).
   */
  default long readDeadlineMs() {
    return Long.MAX_VALUE / 1_000_000;
  }
}
