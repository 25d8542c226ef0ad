/**
 * Observability: per-event-loop counters ({@link io.codis.proxy.admin.ProxyMetrics}: calls, errors
 * by code, latency histograms, retries), a ring of slow requests, and the admin HTTP server
 * ({@code /metrics} for Prometheus, {@code /stats} JSON, {@code /slowlog}). The request path only
 * writes to its own loop's shard: no locks, no shared counters.
 */
package io.codis.proxy.admin;
