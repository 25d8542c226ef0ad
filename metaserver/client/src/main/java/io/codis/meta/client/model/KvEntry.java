package io.codis.meta.client.model;

/** A key of the settings namespace. version is the revision of its last write (never 0). */
public record KvEntry(String key, String value, long version) {}
