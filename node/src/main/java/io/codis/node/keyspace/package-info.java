/**
 * The keyspace: keys partitioned by slot (one {@link io.codis.node.keyspace.Dict} per slot, with
 * per-slot key counts), expiry (lazy on access, active in bounded cycles), and the value types.
 * {@link io.codis.node.keyspace.Keyspace} is the interface the durable (RocksDB) tier will back;
 * command code sees only it. A key whose value the memory tier keeps on disk only holds a
 * {@link io.codis.node.keyspace.ColdValue}, decoded through the {@link io.codis.node.keyspace.TierHook}
 * before any command sees it. No networking here.
 */
package io.codis.node.keyspace;
