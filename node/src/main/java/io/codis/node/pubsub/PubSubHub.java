package io.codis.node.pubsub;

import io.codis.node.keyspace.Glob;
import io.codis.node.server.Session;
import io.codis.protocol.resp.RespWriter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions by channel, pattern and shard channel, and delivery of published messages. Used only
 * on the execution thread.
 *
 * <p>Names are kept as ISO-8859-1 strings (one char per byte), the same form {@link Session} keeps
 * them in, so binary channel names work and compare by content. Subscribers of a name are kept in
 * subscription order, which is the order messages are delivered in, as in Redis: first the
 * channel's subscribers, then those of every matching pattern, patterns in the order they were
 * first subscribed.
 *
 * <p>Messages go straight into each subscriber's reply buffer, in the subscriber's protocol (a RESP2
 * array or a RESP3 push), and are flushed after the current command. A subscriber that does not read
 * would make the node buffer without bound, so, like Redis's {@code client-output-buffer-limit
 * pubsub 32mb}, a subscriber with more than {@link #OUTPUT_BUFFER_HARD_LIMIT_BYTES} waiting to be
 * written is disconnected instead of being sent more.
 */
public final class PubSubHub {
  private static final Logger LOG = LoggerFactory.getLogger(PubSubHub.class);

  /** Bytes a subscriber may have queued for writing before it is disconnected (Redis: pubsub 32mb hard). */
  public static final long OUTPUT_BUFFER_HARD_LIMIT_BYTES = 32L * 1024 * 1024;

  /** The three subscription kinds and the words Redis uses for them in replies. */
  public enum Kind {
    CHANNEL("subscribe", "unsubscribe", "message"),
    PATTERN("psubscribe", "punsubscribe", "pmessage"),
    SHARD("ssubscribe", "sunsubscribe", "smessage");

    private final byte[] subscribeWord;
    private final byte[] unsubscribeWord;
    private final byte[] messageWord;

    Kind(String subscribe, String unsubscribe, String message) {
      this.subscribeWord = subscribe.getBytes(StandardCharsets.US_ASCII);
      this.unsubscribeWord = unsubscribe.getBytes(StandardCharsets.US_ASCII);
      this.messageWord = message.getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] subscribeWord() {
      return subscribeWord;
    }

    public byte[] unsubscribeWord() {
      return unsubscribeWord;
    }
  }

  private final Map<String, Set<Session>> channels = new LinkedHashMap<>();
  private final Map<String, Set<Session>> patterns = new LinkedHashMap<>();
  private final Map<String, Set<Session>> shardChannels = new LinkedHashMap<>();
  private final long outputBufferHardLimitBytes;
  private long outputLimitDisconnections;

  public PubSubHub() {
    this(OUTPUT_BUFFER_HARD_LIMIT_BYTES);
  }

  /** A hub with another output-buffer limit (tests use a small one). */
  public PubSubHub(long outputBufferHardLimitBytes) {
    if (outputBufferHardLimitBytes < 1) {
      throw new IllegalArgumentException(
          "outputBufferHardLimitBytes: " + outputBufferHardLimitBytes + " (expected: >= 1)");
    }
    this.outputBufferHardLimitBytes = outputBufferHardLimitBytes;
  }

  /** Subscribes; false when the session was already subscribed to that name. */
  public boolean subscribe(Kind kind, Session session, byte[] name) {
    String key = key(name);
    if (!sessionNames(kind, session).add(key)) {
      return false;
    }
    index(kind).computeIfAbsent(key, k -> new LinkedHashSet<>()).add(session);
    return true;
  }

  /** Unsubscribes; false when the session was not subscribed to that name. */
  public boolean unsubscribe(Kind kind, Session session, byte[] name) {
    String key = key(name);
    if (!sessionNames(kind, session).remove(key)) {
      return false;
    }
    Map<String, Set<Session>> index = index(kind);
    Set<Session> subscribers = index.get(key);
    if (subscribers != null) {
      subscribers.remove(session);
      if (subscribers.isEmpty()) {
        index.remove(key);
      }
    }
    return true;
  }

  /** The names a session is subscribed to, as bytes (a copy: safe to unsubscribe while iterating). */
  public List<byte[]> subscriptions(Kind kind, Session session) {
    List<byte[]> names = new ArrayList<>();
    for (String key : sessionNames(kind, session)) {
      names.add(bytes(key));
    }
    return names;
  }

  /**
   * The count Redis reports in (un)subscribe confirmations: channels plus patterns for those two
   * kinds, shard channels alone for the shard kind.
   */
  public static int confirmationCount(Kind kind, Session session) {
    return kind == Kind.SHARD
        ? session.subscribedShardChannels().size()
        : session.subscribedChannels().size() + session.subscribedPatterns().size();
  }

  /** PUBLISH: delivers to the channel's subscribers and to every matching pattern's; returns receivers. */
  public int publish(byte[] channel, byte[] message) {
    int receivers = 0;
    Set<Session> direct = channels.get(key(channel));
    if (direct != null) {
      for (Session session : List.copyOf(direct)) {
        if (deliver(session, Kind.CHANNEL, null, channel, message)) {
          receivers++;
        }
      }
    }
    if (!patterns.isEmpty()) {
      for (Map.Entry<String, Set<Session>> entry : List.copyOf(patterns.entrySet())) {
        byte[] pattern = bytes(entry.getKey());
        if (!Glob.matches(pattern, channel)) {
          continue;
        }
        for (Session session : List.copyOf(entry.getValue())) {
          if (deliver(session, Kind.PATTERN, pattern, channel, message)) {
            receivers++;
          }
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: delivers to the shard channel's subscribers; returns receivers. */
  public int publishShard(byte[] channel, byte[] message) {
    int receivers = 0;
    Set<Session> subscribers = shardChannels.get(key(channel));
    if (subscribers != null) {
      for (Session session : List.copyOf(subscribers)) {
        if (deliver(session, Kind.SHARD, null, channel, message)) {
          receivers++;
        }
      }
    }
    return receivers;
  }

  /**
   * Writes one message into a subscriber's reply buffer. Returns true when it counts as received:
   * Redis counts every subscriber it addressed, including one it then disconnects for its output
   * buffer, so this does too.
   */
  private boolean deliver(Session session, Kind kind, byte[] pattern, byte[] channel, byte[] message) {
    Channel socket = session.channel();
    if (!socket.isActive()) {
      return true;
    }
    RespWriter out = session.out();
    long queued = out.buffer().readableBytes() + pendingWriteBytes(socket);
    if (queued > outputBufferHardLimitBytes) {
      outputLimitDisconnections++;
      LOG.warn("closing subscriber id={}: {} bytes queued for output (limit {})",
          session.id(), queued, outputBufferHardLimitBytes);
      disconnected(session);
      session.out().buffer().clear();
      socket.close();
      return true;
    }
    out.pushHeader(pattern == null ? 3 : 4);
    out.bulk(kind.messageWord);
    if (pattern != null) {
      out.bulk(pattern);
    }
    out.bulk(channel);
    out.bulk(message);
    session.flushSoon();
    return true;
  }

  private static long pendingWriteBytes(Channel socket) {
    ChannelOutboundBuffer outbound = socket.unsafe().outboundBuffer();
    return outbound == null ? 0 : outbound.totalPendingWriteBytes();
  }

  /** PUBSUB CHANNELS / SHARDCHANNELS: active names, all or those matching {@code pattern}. */
  public List<byte[]> activeNames(Kind kind, byte[] pattern) {
    List<byte[]> names = new ArrayList<>();
    for (String key : index(kind).keySet()) {
      byte[] name = bytes(key);
      if (pattern == null || Glob.matches(pattern, name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** PUBSUB NUMSUB / SHARDNUMSUB: subscribers of one name (patterns not counted). */
  public int subscriberCount(Kind kind, byte[] name) {
    Set<Session> subscribers = index(kind).get(key(name));
    return subscribers == null ? 0 : subscribers.size();
  }

  /** PUBSUB NUMPAT: distinct patterns with at least one subscriber (Redis 7 counts patterns, not subscriptions). */
  public int patternCount() {
    return patterns.size();
  }

  /** Subscribers disconnected because their output buffer passed the limit (for INFO). */
  public long outputLimitDisconnections() {
    return outputLimitDisconnections;
  }

  /** Removes every subscription of a client that disconnected or was RESET; sends nothing. */
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

  private Map<String, Set<Session>> index(Kind kind) {
    return switch (kind) {
      case CHANNEL -> channels;
      case PATTERN -> patterns;
      case SHARD -> shardChannels;
    };
  }

  private static Set<String> sessionNames(Kind kind, Session session) {
    return switch (kind) {
      case CHANNEL -> session.subscribedChannels();
      case PATTERN -> session.subscribedPatterns();
      case SHARD -> session.subscribedShardChannels();
    };
  }

  private static String key(byte[] name) {
    return new String(name, StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.ISO_8859_1);
  }
}
