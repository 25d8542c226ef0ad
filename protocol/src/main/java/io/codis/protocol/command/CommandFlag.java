package io.codis.protocol.command;

/** Command flags, named and reported (lowercase) as Redis 7's {@code COMMAND INFO} does. */
public enum CommandFlag {
  WRITE,
  READONLY,
  DENYOOM,
  ADMIN,
  PUBSUB,
  NOSCRIPT,
  BLOCKING,
  LOADING,
  STALE,
  SKIP_MONITOR,
  SKIP_SLOWLOG,
  FAST,
  NO_AUTH,
  MAY_REPLICATE,
  NO_MULTI,
  ALLOW_BUSY,
  SENTINEL,
  ONLY_SENTINEL,
  NO_MANDATORY_KEYS,
  NO_ASYNC_LOADING;

  /** The name {@code COMMAND INFO} prints, e.g. {@code skip_monitor}. */
  public String replyName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
