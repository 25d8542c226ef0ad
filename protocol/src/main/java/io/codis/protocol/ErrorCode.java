package io.codis.protocol;

/**
 * The closed catalogue of error code words a component may send (the first word of a RESP error).
 * Each code says whether the request that received it may have been executed, which is what a
 * retrying proxy and the Jepsen client need: {@link Disposition#NOT_EXECUTED} errors are safe to
 * retry; {@link Disposition#OUTCOME_UNKNOWN} ones are not.
 */
public enum ErrorCode {
  /** Generic error: syntax, arity, out-of-range argument. Raised before the command changes anything. */
  ERR(Disposition.NOT_EXECUTED),
  /** The key holds a value of another type. */
  WRONGTYPE(Disposition.NOT_EXECUTED),
  /** The slot is owned by another group: {@code MOVED slot host:port}. */
  MOVED(Disposition.NOT_EXECUTED),
  /** Redis Cluster's redirect during migration; we send it only to cluster-aware clients. */
  ASK(Disposition.NOT_EXECUTED),
  /** The slot is switching owner; retry shortly. */
  TRYAGAIN(Disposition.NOT_EXECUTED),
  /** Keys of a multi-key command hash to different slots. */
  CROSSSLOT(Disposition.NOT_EXECUTED),
  /** The cluster (or the proxy's view of it) cannot serve this slot now. */
  CLUSTERDOWN(Disposition.NOT_EXECUTED),
  /** Write sent to a replica. */
  READONLY(Disposition.NOT_EXECUTED),
  /** Authentication is required. */
  NOAUTH(Disposition.NOT_EXECUTED),
  /** The username/password pair is wrong. */
  WRONGPASS(Disposition.NOT_EXECUTED),
  /** The user lacks a permission. */
  NOPERM(Disposition.NOT_EXECUTED),
  /** A write was refused because the memory limit is reached and the policy is noeviction. */
  OOM(Disposition.NOT_EXECUTED),
  /** EXEC after a command failed to queue. */
  EXECABORT(Disposition.NOT_EXECUTED),
  /** The node is loading its dataset. */
  LOADING(Disposition.NOT_EXECUTED),
  /** Persistence failed; writes are refused until it works again. */
  MISCONF(Disposition.NOT_EXECUTED),
  /** The server is busy running something that cannot be interrupted. */
  BUSY(Disposition.NOT_EXECUTED),
  /** A key already exists (RESTORE, COPY without REPLACE). */
  BUSYKEY(Disposition.NOT_EXECUTED),
  /** A master has no valid lease or a write carries an older group epoch: fenced, not executed. */
  FENCED(Disposition.NOT_EXECUTED),
  /** The replica is not connected to its master or too far behind to serve reads. */
  MASTERDOWN(Disposition.NOT_EXECUTED),
  /** Too few replicas acknowledging (min-replicas-to-write, replication-mode sync): refused before running. */
  NOREPLICAS(Disposition.NOT_EXECUTED),
  /** PSYNC to a replica whose own link to its master is down. */
  NOMASTERLINK(Disposition.NOT_EXECUTED),
  /** A blocking command was unblocked by CLIENT UNBLOCK ... ERROR. */
  UNBLOCKED(Disposition.NOT_EXECUTED),
  /** HELLO asked for a protocol version this server does not speak (clients fall back to RESP2). */
  NOPROTO(Disposition.NOT_EXECUTED),
  /** The request was forwarded and no reply came in time: it may or may not have run. */
  TIMEOUT(Disposition.OUTCOME_UNKNOWN),
  /**
   * The proxy could not send the request to its node (no connection, the address is backing off,
   * the connection was already closed): it did not run.
   */
  BACKENDDOWN(Disposition.NOT_EXECUTED),
  /** The backend connection broke after the request was written: it may or may not have run. */
  BACKENDLOST(Disposition.OUTCOME_UNKNOWN);

  /** Whether a request answered with this code may have taken effect. */
  public enum Disposition {
    /** The request was refused before it changed anything; retrying it is safe. */
    NOT_EXECUTED,
    /** The request may have taken effect; only a read can tell. */
    OUTCOME_UNKNOWN
  }

  private final Disposition disposition;

  ErrorCode(Disposition disposition) {
    this.disposition = disposition;
  }

  public Disposition disposition() {
    return disposition;
  }

  /** Builds the full error text, {@code "CODE message"}, as sent after the {@code '-'}. */
  public String format(String message) {
    return name() + " " + message;
  }

  /**
   * Returns the code of an error text (without the leading {@code '-'}), or {@code null} when its
   * first word is not in the catalogue.
   */
  public static ErrorCode of(String errorText) {
    int space = errorText.indexOf(' ');
    String word = space < 0 ? errorText : errorText.substring(0, space);
    for (ErrorCode code : values()) {
      if (code.name().equals(word)) {
        return code;
      }
    }
    return null;
  }
}
