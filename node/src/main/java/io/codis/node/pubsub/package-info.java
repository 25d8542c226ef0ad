/** Pub/sub: channel, pattern and shard-channel subscriptions and message delivery. */
package io.codis.node.pubsub;
