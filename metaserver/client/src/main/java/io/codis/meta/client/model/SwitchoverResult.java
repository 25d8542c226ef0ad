package io.codis.meta.client.model;

/**
 * The answer to a planned switchover that committed: the cluster version and group epoch after it,
 * the new and previous master, the offset at which the old master fenced itself and the one the new
 * master had reached, and how long writes were paused (fence to commit, ms).
 */
public record SwitchoverResult(long version, long epoch, String master, String previousMaster,
    long fenceOffset, long targetOffset, long pauseMs) {}
