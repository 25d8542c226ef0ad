package io.codis.node.storage;

/**
 * A key as {@link StorageEngine#load} read it: the node's in-memory value ({@code byte[]},
 * {@code ListValue}, {@code HashValue}, {@code SetValue} or {@code ZSetValue}) and its expire-at
 * time in epoch milliseconds ({@link StorageEngine#NO_EXPIRY} when it has none).
 */
public record StoredValue(Object value, long expireAtMs) {}
