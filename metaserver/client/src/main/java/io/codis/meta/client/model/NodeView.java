package io.codis.meta.client.model;

/** A registered data node and the last replication offset it reported. */
public record NodeView(String addr, String runId, long registeredAtMs, long lastSeenMs, long offset) {}
