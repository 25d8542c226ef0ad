/**
 * The Ratis adapter: the state machine that applies logged commands to the deterministic
 * {@code ClusterState}, writes and loads checksummed snapshots, stamps the leader's time into each
 * command, and wakes version watchers. Ratis configuration lives in {@code RaftSettings}. No HTTP here.
 */
package io.codis.meta.server.raft;
