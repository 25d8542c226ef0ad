/**
 * The memory tier: the {@code maxmemory} budget over the keyspace's decoded values. It estimates
 * the bytes of every hot key ({@link io.codis.node.tier.SizeEstimator}), keeps an LRU clock or an
 * LFU counter in each keyspace entry ({@link io.codis.node.tier.AccessClock}), and, when the
 * estimate passes the budget, picks victims by sampling ({@link io.codis.node.tier.MemoryTier}).
 * With {@code appendonly yes} a victim goes cold (its value is dropped from memory and reloaded
 * from RocksDB on access: nothing is lost); without persistence it is deleted as Redis's
 * {@code maxmemory-policy} says. Not here: the store itself ({@code storage}), the write-back
 * ({@code persistence}).
 */
package io.codis.node.tier;
