package io.codis.meta.client.model;

import java.util.List;

/**
 * A registered data node, the last replication offset it reported, and which metaserver peers
 * currently suspect it. failed is true while more than half of the peers suspect it.
 */
public record NodeView(String addr, String runId, long registeredAtMs, long lastSeenMs, long offset,
    List<String> suspectedBy, boolean failed) {}
