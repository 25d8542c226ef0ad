/**
 * The proxy process: its start-up settings ({@link io.codis.proxy.ProxyConfig}), its named limits
 * ({@link io.codis.proxy.ProxyLimits}) and the {@code codis-proxy} command line. The network engine
 * lives in {@code server} and {@code backend}, routing in {@code route}, the metaserver link in
 * {@code topology}, reads from replicas in {@code replica}.
 */
package io.codis.proxy;
