package io.codis.meta.client.model;

/**
 * The answer to a write: the cluster version after it, and the command-specific extras (the key's
 * version for the key/value namespace, the epoch and lease expiry for a master-lease renewal).
 */
public record WriteResult(long version, long kvVersion, long epoch, long leaseExpiresAtMs) {}
