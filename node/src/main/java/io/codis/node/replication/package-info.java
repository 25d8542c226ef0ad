/**
 * Master-to-replica replication of the data node: the effect log and its bounded {@link
 * io.codis.node.replication.Backlog}, the master's side of each replica connection ({@link
 * io.codis.node.replication.ReplicaLink}), the replica's connection to its master ({@link
 * io.codis.node.replication.MasterLink}), the sync-mode and WAIT reply gate, and the {@link
 * io.codis.node.replication.ReplicationControl} API that cluster code drives roles with. The
 * commands (REPLICAOF, ROLE, WAIT, REPLCONF, PSYNC) live in {@code commands.replication}; the wire
 * format is described in docs/replication.md. Everything here runs on the node's event loop.
 */
package io.codis.node.replication;
