/**
 * The durable tier: a RocksDB database laid out Kvrocks-style (slot-first keys, one metadata record
 * per key, one sub-key record per field/member/element, a score index and an expiry index, every
 * record checksummed), the {@code appendfsync} durability modes with group commit, checkpoints, and
 * a typed mutation API that writes only what a command changed (reading a key's stored metadata
 * from a bounded in-memory cache when it can). See {@code docs/storage.md}.
 *
 * <p>Not here: the in-memory tier, eviction, command handlers and replication. Nothing in this
 * package knows about sessions or the event loop; callers pass keys, values and callbacks.
 */
package io.codis.node.storage;
