/**
 * The deterministic core of the metaserver: the cluster model and the rules that change it.
 * {@link io.codis.meta.server.state.ClusterState#apply} is a pure function of the state and one
 * command (the leader stamped the time into the command), so every replica computes the same state.
 * No Ratis, no threads, no clock and no I/O live here; the Ratis adapter and HTTP API are elsewhere.
 * {@link io.codis.meta.server.state.Failovers} holds the rules a failover decision must still pass
 * when it reaches the log; the controller that decides lives in {@code control}.
 */
package io.codis.meta.server.state;
