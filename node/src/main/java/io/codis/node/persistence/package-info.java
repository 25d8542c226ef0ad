/**
 * The node's durability wiring: {@link io.codis.node.persistence.Persistence} turns the keys every
 * client wrote in one event-loop turn into one RocksDB write, holds the turn's replies until that
 * write is in the WAL (under {@code appendfsync always}: until it is synced), loads the store into memory at start-up (or only its key index, under
 * {@code maxmemory}), reads cold values back for the memory tier ({@code tier}), and runs SAVE/BGSAVE
 * checkpoints.
 */
package io.codis.node.persistence;
