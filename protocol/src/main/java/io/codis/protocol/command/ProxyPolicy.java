package io.codis.protocol.command;

/**
 * How the proxy serves a command. The proxy's router reads this field; it never matches on the
 * command's name where this field would do.
 */
public enum ProxyPolicy {
  /** All keys must hash to one slot; forwarded to that slot's group (otherwise {@code -CROSSSLOT}). */
  SINGLE_SLOT,
  /** Split per slot, merged as an array in argument order (MGET). */
  FAN_OUT_ARRAY,
  /** Split per slot (key/value pairs), all must succeed, reply {@code +OK} (MSET). */
  FAN_OUT_OK,
  /** Split per slot, integer replies summed (DEL, UNLINK, EXISTS, TOUCH). */
  FAN_OUT_SUM,
  /** Keys must share a slot to be atomic; the proxy refuses otherwise (MSETNX). */
  SINGLE_SLOT_ATOMIC,
  /** Sent to every group's master, replies merged by a named rule (KEYS, DBSIZE, SCAN, INFO...). */
  CLUSTER_WIDE,
  /** Answered by the proxy itself (PING, ECHO, TIME, COMMAND, HELLO, CLIENT, SELECT, QUIT). */
  LOCAL,
  /** Changes the session: MULTI/EXEC/WATCH, bound to one backend connection for its duration. */
  TRANSACTION,
  /** Pub/sub: a dedicated backend connection per subscribed client. */
  PUBSUB,
  /** Blocking commands: a dedicated backend connection while blocked. */
  BLOCKING,
  /** Not served through the proxy (node administration, replication, migration). */
  REFUSE
}
