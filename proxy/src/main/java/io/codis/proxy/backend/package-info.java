/**
 * Connections from the proxy to the nodes. One {@link io.codis.proxy.backend.BackendPool} per event
 * loop holds one pipelined, shared {@link io.codis.proxy.backend.BackendConnection} per node
 * address and RESP version, used only from that loop, so no request touches a lock; it also opens
 * the dedicated connections a client session owns (pub/sub, blocking commands, transactions).
 * Replies are cut into whole values by {@link io.codis.proxy.backend.ReplySplitter} and passed on
 * as bytes; {@code ReplyParser} decodes the few the proxy must read. Routing lives in {@code route}.
 */
package io.codis.proxy.backend;
