/**
 * The metaserver process: configuration, start-up and shutdown ({@link io.codis.meta.server.MetaServer},
 * {@link io.codis.meta.server.MetaServerMain}). The replicated rules live in {@code state}, the Ratis
 * adapter in {@code raft}, the HTTP JSON API in {@code http},
 * failure detection and failover (prober, controller, switchover) in {@code control}.
 */
package io.codis.meta.server;
