package io.codis.protocol.command;

import static io.codis.protocol.command.CommandFlag.*;

/**
 * Rows of the pubsub group. All are {@link ProxyPolicy#PUBSUB}: the proxy serves a subscribed client
 * through a dedicated backend connection and routes PUBLISH and the PUBSUB introspection to the same
 * place. The shard variants declare their channels as key positions (Redis's {@code not_key} specs),
 * so a router can hash a shard channel to its slot with the one slot function.
 */
final class PubSubRows {
  private PubSubRows() {}

  static void register(CommandTable.Rows t) {
    t.row("subscribe", -2, "pubsub", "2.0.0", "Listens for messages published to channels.")
        .flags(PUBSUB, NOSCRIPT, LOADING, STALE).policy(ProxyPolicy.PUBSUB).add();
    t.row("psubscribe", -2, "pubsub", "2.0.0", "Listens for messages published to channels that match one or more patterns.")
        .flags(PUBSUB, NOSCRIPT, LOADING, STALE).policy(ProxyPolicy.PUBSUB).add();
    t.row("unsubscribe", -1, "pubsub", "2.0.0", "Stops listening to messages posted to channels.")
        .flags(PUBSUB, NOSCRIPT, LOADING, STALE).policy(ProxyPolicy.PUBSUB).add();
    t.row("punsubscribe", -1, "pubsub", "2.0.0", "Stops listening to messages published to channels that match one or more patterns.")
        .flags(PUBSUB, NOSCRIPT, LOADING, STALE).policy(ProxyPolicy.PUBSUB).add();
    t.row("publish", 3, "pubsub", "2.0.0", "Posts a message to a channel.")
        .flags(PUBSUB, LOADING, STALE, FAST).policy(ProxyPolicy.PUBSUB).add();
    t.row("ssubscribe", -2, "pubsub", "7.0.0", "Listens for messages published to shard channels.")
        .flags(PUBSUB, NOSCRIPT, LOADING, STALE).keys(1, -1, 1).policy(ProxyPolicy.PUBSUB).add();
    t.row("sunsubscribe", -1, "pubsub", "7.0.0", "Stops listening to messages posted to shard channels.")
        .flags(PUBSUB, NOSCRIPT, LOADING, STALE).keys(1, -1, 1).policy(ProxyPolicy.PUBSUB).add();
    t.row("spublish", 3, "pubsub", "7.0.0", "Post a message to a shard channel")
        .flags(PUBSUB, LOADING, STALE, FAST).keys(1, 1, 1).policy(ProxyPolicy.PUBSUB).add();
    t.row("pubsub", -2, "pubsub", "2.8.0", "A container for Pub/Sub commands.")
        .policy(ProxyPolicy.PUBSUB)
        .sub("channels", -2, "Returns the active channels.",
            b -> b.flags(PUBSUB, LOADING, STALE))
        .sub("numpat", 2, "Returns a count of unique pattern subscriptions.",
            b -> b.flags(PUBSUB, LOADING, STALE))
        .sub("numsub", -2, "Returns a count of subscribers to channels.",
            b -> b.flags(PUBSUB, LOADING, STALE))
        .sub("shardchannels", -2, "Returns the active shard channels.",
            b -> b.flags(PUBSUB, LOADING, STALE))
        .sub("shardnumsub", -2, "Returns the count of subscribers of shard channels.",
            b -> b.flags(PUBSUB, LOADING, STALE))
        .sub("help", 2, "Returns helpful text about the different subcommands.",
            b -> b.flags(LOADING, STALE))
        .add();
  }
}
