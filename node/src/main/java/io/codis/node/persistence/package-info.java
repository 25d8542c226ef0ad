/**
 * The node's durability wiring: {@link io.codis.node.persistence.Persistence} turns the keys a batch
 * of commands wrote into one RocksDB write, holds replies under {@code appendfsync always} until that
 * write is synced, loads the store into memory at start-up (or only its key index, under
 * {@code maxmemory}), reads cold values back for the memory tier ({@code tier}), and runs SAVE/BGSAVE
 * checkpoints.
 */
package io.codis.node.persistence;
