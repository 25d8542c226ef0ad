package io.codis.meta.client.model;

/** A proxy and its lease. An expired proxy stays listed with the time it was last seen. */
public record ProxyView(String id, String addr, String adminAddr, long leaseTtlMs,
    long leaseExpiresAtMs, long lastSeenMs, long tableVersionSeen, boolean expired) {}
