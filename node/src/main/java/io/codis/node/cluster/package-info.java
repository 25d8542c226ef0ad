/**
 * The node's place in the cluster: which slots its group owns ({@link
 * io.codis.node.cluster.SlotOwnership}, an immutable table checked before every keyed command) and
 * its role in the group ({@link io.codis.node.cluster.RoleListener}). {@link
 * io.codis.node.cluster.ClusterMember} registers with the metaserver, watches the cluster version
 * and publishes a new table on every change. A node started without metaserver addresses has no
 * table and owns every slot (standalone).
 */
package io.codis.node.cluster;
