/**
 * The node's place in the cluster: which slots its group owns ({@link
 * io.codis.node.cluster.SlotOwnership}, an immutable table checked before every keyed command) and
 * its role in the group ({@link io.codis.node.cluster.RoleListener}). {@link
 * io.codis.node.cluster.ClusterMember} registers with the metaserver, watches the cluster version
 * and publishes a new table on every change. A node started without metaserver addresses has no
 * table and owns every slot (standalone).
 *
 * <p>Failover fencing (docs/failover.md): {@link io.codis.node.cluster.MasterLease} says whether a
 * master may serve data now (lease, switchover fence, newer epoch), {@link
 * io.codis.node.cluster.LeaseKeeper} renews the lease and reports the replication offset.
 */
package io.codis.node.cluster;
