package io.codis.node.commands.pubsub;

import io.codis.node.exec.CommandRegistry;

/** Registers the pub/sub family's handlers under their command-table names. */
public final class PubSubCommands {
  private PubSubCommands() {}

  public static void register(CommandRegistry r) {
    r.register("subscribe", SubscribeCommands::subscribe);
    r.register("psubscribe", SubscribeCommands::psubscribe);
    r.register("ssubscribe", SubscribeCommands::ssubscribe);
    r.register("unsubscribe", SubscribeCommands::unsubscribe);
    r.register("punsubscribe", SubscribeCommands::punsubscribe);
    r.register("sunsubscribe", SubscribeCommands::sunsubscribe);
    r.register("publish", PublishCommands::publish);
    r.register("spublish", PublishCommands::spublish);
    r.register("pubsub|channels", PublishCommands::channels);
    r.register("pubsub|numsub", PublishCommands::numsub);
    r.register("pubsub|numpat", PublishCommands::numpat);
    r.register("pubsub|shardchannels", PublishCommands::shardChannels);
    r.register("pubsub|shardnumsub", PublishCommands::shardNumsub);
    r.register("pubsub|help", PublishCommands::help);
  }
}
