/**
 * Failure detection and failover, the metaserver's active part. {@link
 * io.codis.meta.server.control.Prober} runs on every peer: it PINGs every registered node and
 * reports its own suspicions ({@link io.codis.meta.server.control.Detector} decides, from probe
 * results and the time). {@link io.codis.meta.server.control.Controller} runs on the Raft leader:
 * for a group whose master the majority declared failed it waits for the master's lease to expire,
 * reads the replicas' offsets from the nodes and promotes the best one ({@link
 * io.codis.meta.server.control.FailoverPlanner} decides). {@link
 * io.codis.meta.server.control.Switchover} runs a planned switchover with MASTERFENCE.
 *
 * <p>Decisions are Raft commands checked again by the state machine (failed flag, lease, epoch),
 * so a stale or deposed leader cannot promote anyone. The deciding classes are deterministic (they
 * take the time as an input, no threads or sockets); the classes with threads only feed them.
 * What does not live here: the replicated rules (package {@code state}).
 */
package io.codis.meta.server.control;
