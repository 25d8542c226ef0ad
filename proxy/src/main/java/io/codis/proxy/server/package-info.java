/**
 * The client side of the engine: {@link io.codis.proxy.server.ProxyServer} (event loops, listener,
 * graceful stop) and {@link io.codis.proxy.server.ClientSession} (one per client: in-order replies,
 * fan-out bookkeeping, backpressure). Backend sockets live in {@code backend}, routing in
 * {@code route}.
 */
package io.codis.proxy.server;
