package io.codis.meta.client.model;

/**
 * The closed catalogue of metaserver errors. Each code has one HTTP status; the JSON error body is
 * {@code {"code": "...", "message": "..."}}. Codes are stable: clients decide retries on them.
 */
public enum ErrorCode {
  BAD_REQUEST(400),
  OUT_OF_RANGE(400),
  NOT_FOUND(404),
  NO_SUCH_GROUP(404),
  NO_SUCH_SERVER(404),
  NO_SUCH_PROXY(404),
  NO_SUCH_NODE(404),
  NO_SUCH_KEY(404),
  NO_SUCH_PEER(404),
  METHOD_NOT_ALLOWED(405),
  NOT_INITIALIZED(409),
  ALREADY_INITIALIZED(409),
  GROUP_EXISTS(409),
  SERVER_IN_GROUP(409),
  GROUP_BUSY(409),
  VERSION_MISMATCH(409),
  CAS_FAILED(409),
  NOT_MASTER(409),
  STALE_EPOCH(409),
  LEASE_HELD(409),
  PROXY_EXPIRED(409),
  LIMIT_EXCEEDED(409),
  /** An automatic failover was asked for a group whose master the majority does not see failed. */
  MASTER_ALIVE(409),
  /** A planned switchover gave up (fence refused, target not caught up in time); nothing changed. */
  SWITCHOVER_FAILED(409),
  TOO_LARGE(413),
  INTERNAL(500),
  /** No leader reachable or no quorum: the write may or may not have happened only if TIMEOUT. */
  UNAVAILABLE(503),
  /** The outcome is unknown: the command may still commit. */
  TIMEOUT(504);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** Parses a code from the wire; unknown codes map to INTERNAL so a newer server never breaks us. */
  public static ErrorCode parse(String name) {
    try {
      return valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      return INTERNAL;
    }
  }
}
