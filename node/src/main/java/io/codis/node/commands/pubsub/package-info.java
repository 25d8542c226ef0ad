/**
 * Pub/sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB's subcommands.
 * The subscriptions themselves and message delivery live in {@link io.codis.node.pubsub.PubSubHub};
 * the RESP2 "subscribed context" rule is the dispatcher's.
 */
package io.codis.node.commands.pubsub;
