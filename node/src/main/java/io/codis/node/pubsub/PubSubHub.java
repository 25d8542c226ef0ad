package io.codis.node.pubsub;

import io.codis.node.server.Session;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Subscriptions by channel, pattern and shard channel; delivers published messages. */
public final class PubSubHub {
  private final Map<String, Set<Session>> channels = new HashMap<>();
  private final Map<String, Set<Session>> patterns = new HashMap<>();
  private final Map<String, Set<Session>> shardChannels = new HashMap<>();

  /** Removes every subscription of a client that disconnected. */
  public void disconnected(Session session) {
    removeAll(channels, session.subscribedChannels(), session);
    removeAll(patterns, session.subscribedPatterns(), session);
    removeAll(shardChannels, session.subscribedShardChannels(), session);
  }

  private static void removeAll(Map<String, Set<Session>> index, Set<String> names, Session session) {
    for (String name : names) {
      Set<Session> subscribers = index.get(name);
      if (subscribers != null) {
        subscribers.remove(session);
        if (subscribers.isEmpty()) {
          index.remove(name);
        }
      }
    }
    names.clear();
  }
}
