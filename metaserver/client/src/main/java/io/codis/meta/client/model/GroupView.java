package io.codis.meta.client.model;

import java.util.List;

/** A group: one master and its replicas. The epoch increases on every promotion. */
public record GroupView(int id, long epoch, String master, List<String> replicas,
    String leaseHolder, long leaseExpiresAtMs) {}
