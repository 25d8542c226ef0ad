package io.codis.node.storage;

/** A key whose expire-at time has passed, as {@link StorageEngine#scanExpired} found it. */
public record ExpiredKey(byte[] key, int slot, long expireAtMs) {}
