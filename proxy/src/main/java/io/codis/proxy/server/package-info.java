/**
 * The client side of the engine: {@link io.codis.proxy.server.ProxyServer} (event loops, listener,
 * graceful stop) and {@link io.codis.proxy.server.ClientSession} (one per client: in-order replies,
 * backpressure, RESP version, one metrics record per request; routes run through {@code
 * route.RouteRunner}) with the connection state it may hold on its
 * own dedicated backend connections: subscriptions ({@code PubSub}, {@code PubSubQueries}), a
 * transaction or watch ({@code Transaction}) and blocking commands ({@code BlockingDeadline}).
 * What a session sends itself is retried by {@code SessionRetry} under the same rule and budget
 * as the router's requests. Backend sockets live in {@code backend}, routing in {@code route}.
 */
package io.codis.proxy.server;
