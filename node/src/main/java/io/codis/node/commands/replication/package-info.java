/**
 * Replication commands: REPLICAOF/SLAVEOF and ROLE for operators, WAIT for clients, REPLCONF, PSYNC
 * and SYNC for replicas talking to their master (and our {@code REPLCONF epoch}), MASTERFENCE for the
 * metaserver's switchover, the {@code INFO replication} section and our {@code INFO cluster} fields. The state
 * they read and change lives in {@link io.codis.node.replication}.
 */
package io.codis.node.commands.replication;
