/**
 * Reads from replicas ({@code --read-from-replica}, off by default): the proxy's own check of each
 * replica's freshness ({@link io.codis.proxy.replica.ReplicaHealth}, ROLE probes of every master
 * and its replicas) and the choice of a replica for a read-only request.
 */
package io.codis.proxy.replica;
