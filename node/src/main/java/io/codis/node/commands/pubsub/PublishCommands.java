package io.codis.node.commands.pubsub;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.pubsub.PubSubHub;
import io.codis.node.pubsub.PubSubHub.Kind;
import io.codis.protocol.resp.RespWriter;
import java.util.List;

/** PUBLISH, SPUBLISH and the PUBSUB introspection subcommands. */
final class PublishCommands {
  private PublishCommands() {}

  private static final String[] PUBSUB_HELP = {
      "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CHANNELS [<pattern>]",
      "    Return the currently active channels matching a <pattern> (default: '*').",
      "NUMPAT",
      "    Return number of subscriptions to patterns.",
      "NUMSUB [<channel> ...]",
      "    Return the number of subscribers for the specified channels, excluding",
      "    pattern subscriptions(default: no channels).",
      "SHARDCHANNELS [<pattern>]",
      "    Return the currently active shard level channels matching a <pattern> (default: '*').",
      "SHARDNUMSUB [<shardchannel> ...]",
      "    Return the number of subscribers for the specified shard level channel(s)",
      "HELP",
      "    Prints this help.",
  };

  /* PUBLISH channel message */
  static void publish(Call c) {
    c.reply().integer(c.node().pubsub().publish(c.arg(1), c.arg(2)));
  }

  /* SPUBLISH shardchannel message */
  static void spublish(Call c) {
    c.reply().integer(c.node().pubsub().publishShard(c.arg(1), c.arg(2)));
  }

  /* PUBSUB CHANNELS [pattern] */
  static void channels(Call c) {
    activeNames(c, Kind.CHANNEL);
  }

  /* PUBSUB SHARDCHANNELS [pattern] */
  static void shardChannels(Call c) {
    activeNames(c, Kind.SHARD);
  }

  /* PUBSUB NUMSUB [channel [channel ...]] */
  static void numsub(Call c) {
    subscriberCounts(c, Kind.CHANNEL);
  }

  /* PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]] */
  static void shardNumsub(Call c) {
    subscriberCounts(c, Kind.SHARD);
  }

  /* PUBSUB NUMPAT */
  static void numpat(Call c) {
    c.reply().integer(c.node().pubsub().patternCount());
  }

  /* PUBSUB HELP */
  static void help(Call c) {
    RespWriter out = c.reply();
    out.arrayHeader(PUBSUB_HELP.length);
    for (String line : PUBSUB_HELP) {
      out.simple(line);
    }
  }

  private static void activeNames(Call c, Kind kind) {
    if (c.argc() > 3) {
      // the row's arity (-2) lets this through; Redis answers it inside the subcommand
      throw new CommandException("ERR unknown subcommand or wrong number of arguments for '"
          + c.argString(1) + "'. Try PUBSUB HELP.");
    }
    List<byte[]> names = c.node().pubsub().activeNames(kind, c.argc() == 3 ? c.arg(2) : null);
    RespWriter out = c.reply();
    out.arrayHeader(names.size());
    for (byte[] name : names) {
      out.bulk(name);
    }
  }

  /** Redis 7.0 answers a flat array (name, count, ...) in RESP3 too, not a map. */
  private static void subscriberCounts(Call c, Kind kind) {
    PubSubHub hub = c.node().pubsub();
    RespWriter out = c.reply();
    out.arrayHeader((c.argc() - 2) * 2);
    for (int i = 2; i < c.argc(); i++) {
      out.bulk(c.arg(i));
      out.integer(hub.subscriberCount(kind, c.arg(i)));
    }
  }
}
