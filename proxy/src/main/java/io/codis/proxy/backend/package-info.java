/**
 * Connections from the proxy to the nodes. One {@link io.codis.proxy.backend.BackendPool} per event
 * loop holds one pipelined {@link io.codis.proxy.backend.BackendConnection} per node address, used
 * only from that loop, so no request touches a lock. Routing decisions live in {@code route}.
 */
package io.codis.proxy.backend;
