/**
 * Pub/sub state: channel, pattern and shard-channel subscriptions, message delivery into the
 * subscribers' reply buffers, and the output-buffer limit that disconnects a subscriber that does
 * not read. The commands are in {@code io.codis.node.commands.pubsub}; glob matching is
 * {@link io.codis.node.keyspace.Glob}.
 */
package io.codis.node.pubsub;
