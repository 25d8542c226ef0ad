package io.codis.node.commands.pubsub;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.pubsub.PubSubHub;
import io.codis.node.pubsub.PubSubHub.Kind;
import io.codis.node.server.Session;
import io.codis.protocol.resp.RespWriter;
import java.util.List;

/**
 * SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBE counterparts. One shared core per
 * direction; each confirmation is a three-element RESP2 array or RESP3 push ({@code subscribe},
 * name, count), one per name, as Redis sends them, even for names already (un)subscribed.
 */
final class SubscribeCommands {
  private SubscribeCommands() {}

  /* SUBSCRIBE channel [channel ...] */
  static void subscribe(Call c) {
    subscribeGeneric(c, Kind.CHANNEL);
  }

  /* PSUBSCRIBE pattern [pattern ...] */
  static void psubscribe(Call c) {
    subscribeGeneric(c, Kind.PATTERN);
  }

  /* SSUBSCRIBE shardchannel [shardchannel ...] */
  static void ssubscribe(Call c) {
    // EXEC runs its commands as a client that must get exactly one reply each; Redis lets SUBSCRIBE
    // through for compatibility but refuses the 7.0 shard variant
    if (c.inTransaction()) {
      throw new CommandException("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
    }
    subscribeGeneric(c, Kind.SHARD);
  }

  /* UNSUBSCRIBE [channel [channel ...]] */
  static void unsubscribe(Call c) {
    unsubscribeGeneric(c, Kind.CHANNEL);
  }

  /* PUNSUBSCRIBE [pattern [pattern ...]] */
  static void punsubscribe(Call c) {
    unsubscribeGeneric(c, Kind.PATTERN);
  }

  /* SUNSUBSCRIBE [shardchannel [shardchannel ...]] */
  static void sunsubscribe(Call c) {
    unsubscribeGeneric(c, Kind.SHARD);
  }

  private static void subscribeGeneric(Call c, Kind kind) {
    PubSubHub hub = c.node().pubsub();
    Session session = c.session();
    for (int i = 1; i < c.argc(); i++) {
      hub.subscribe(kind, session, c.arg(i));
      confirm(c.reply(), kind.subscribeWord(), c.arg(i), PubSubHub.confirmationCount(kind, session));
    }
  }

  private static void unsubscribeGeneric(Call c, Kind kind) {
    PubSubHub hub = c.node().pubsub();
    Session session = c.session();
    if (c.argc() > 1) {
      for (int i = 1; i < c.argc(); i++) {
        hub.unsubscribe(kind, session, c.arg(i));
        confirm(c.reply(), kind.unsubscribeWord(), c.arg(i), PubSubHub.confirmationCount(kind, session));
      }
      return;
    }
    List<byte[]> all = hub.subscriptions(kind, session);
    if (all.isEmpty()) {
      // Redis still answers, naming no channel: (unsubscribe, nil, count)
      confirm(c.reply(), kind.unsubscribeWord(), null, PubSubHub.confirmationCount(kind, session));
      return;
    }
    for (byte[] name : all) {
      hub.unsubscribe(kind, session, name);
      confirm(c.reply(), kind.unsubscribeWord(), name, PubSubHub.confirmationCount(kind, session));
    }
  }

  private static void confirm(RespWriter out, byte[] word, byte[] name, int count) {
    out.pushHeader(3);
    out.bulk(word);
    if (name == null) {
      out.nullBulk();
    } else {
      out.bulk(name);
    }
    out.integer(count);
  }
}
