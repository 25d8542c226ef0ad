package io.codis.meta.client.model;

/** The answer to a long-poll watch: changed is false when the wait timed out at the same version. */
public record WatchResult(long version, boolean changed) {}
