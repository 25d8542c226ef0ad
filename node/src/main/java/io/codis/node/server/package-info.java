/**
 * The network side of the node: the Netty server, one {@link io.codis.node.server.Session} per client
 * connection, and the registry of connected clients. All channels share one event loop, which is
 * also the execution thread, so commands run one at a time as in Redis.
 */
package io.codis.node.server;
