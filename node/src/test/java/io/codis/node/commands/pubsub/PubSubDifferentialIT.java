package io.codis.node.commands.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pub/sub against redis-server: a subscriber and a publisher connected to each server, the same
 * commands sent to both, and every confirmation, message and reply compared (type included, so a
 * RESP3 push {@code >} is not mistaken for an array {@code *}).
 */
class PubSubDifferentialIT extends DifferentialTestBase {

  /** One client on our node and one on redis-server, driven in lockstep. */
  final class Pair implements AutoCloseable {
    final RespClient ours;
    final RespClient reference;

    Pair() throws IOException {
      ours = new RespClient(node.port());
      reference = new RespClient(redis.port());
    }

    /** Sends a command to both and compares {@code replies} replies (one per channel for SUBSCRIBE). */
    List<Reply> same(int replies, String... args) throws IOException {
      ours.send(args);
      reference.send(args);
      List<Reply> got = new ArrayList<>();
      for (int i = 0; i < replies; i++) {
        got.add(sameRead(String.join(" ", args) + " reply " + i));
      }
      return got;
    }

    Reply same(String... args) throws IOException {
      return same(1, args).get(0);
    }

    Reply sameUnordered(String... args) throws IOException {
      ours.send(args);
      reference.send(args);
      Reply expected = reference.read();
      Reply actual = ours.read();
      assertEquals(unordered(expected), unordered(actual), String.join(" ", args));
      return actual;
    }

    /** Reads one pushed message or reply from both and compares them. */
    Reply sameRead(String what) throws IOException {
      Reply expected = reference.read();
      Reply actual = ours.read();
      assertEquals(expected.toString(), actual.toString(), what);
      return actual;
    }

    @Override
    public void close() throws IOException {
      ours.close();
      reference.close();
    }
  }

  private static String unordered(Reply reply) {
    if (reply instanceof Reply.Arr a) {
      List<String> items = new ArrayList<>();
      a.items().forEach(r -> items.add(r.toString()));
      items.sort(null);
      return a.kind() + items.toString();
    }
    return reply.toString();
  }

  @Test
  void resp2SubscribeConfirmationsMessagesAndIntrospection() throws Exception {
    try (Pair sub = new Pair(); Pair pub = new Pair()) {
      conversation(sub, pub);
    }
  }

  @Test
  void resp3PushForms() throws Exception {
    try (Pair sub = new Pair(); Pair pub = new Pair()) {
      assumeHello3(sub);
      assumeHello3(pub);
      conversation(sub, pub);
      // RESP3 clients may run any command while subscribed
      sub.same("GET", "x");
      sub.same("SPUBLISH", "sh-self", "x");
      sub.same(1, "SSUBSCRIBE", "sh-self");
      // a message to oneself arrives before the reply of the command that sent it
      sub.same(2, "SPUBLISH", "sh-self", "echo");
    }
  }

  /** The shared script of the RESP2 and RESP3 tests: only the framing differs. */
  private void conversation(Pair sub, Pair pub) throws IOException {
    sub.same(3, "SUBSCRIBE", "ch1", "ch2", "ch1");
    sub.same(2, "PSUBSCRIBE", "h?llo", "n*");
    sub.same(1, "SSUBSCRIBE", "sh1");

    pub.same("PUBLISH", "ch1", "hi");
    sub.sameRead("message on ch1");
    pub.same("PUBLISH", "hello", "p");
    sub.sameRead("pmessage h?llo");
    pub.same("PUBLISH", "news", "both");
    sub.sameRead("pmessage n*");
    pub.same("PUBLISH", "unrelated", "x");
    pub.same("SPUBLISH", "sh1", "s");
    sub.sameRead("smessage sh1");
    pub.same("SPUBLISH", "ch1", "shard and classic channels are apart");
    pub.same("PUBLISH", "sh1", "shard and classic channels are apart");
    pub.same("PUBLISH", "ch2", new String(new byte[] {0, (byte) 0xff, '\r', '\n'}, StandardCharsets.ISO_8859_1));
    sub.sameRead("binary message");

    pub.sameUnordered("PUBSUB", "CHANNELS");
    pub.sameUnordered("PUBSUB", "CHANNELS", "ch*");
    pub.same("PUBSUB", "CHANNELS", "nomatch*");
    pub.same("PUBSUB", "NUMSUB", "ch1", "nope", "ch1");
    pub.same("PUBSUB", "NUMSUB");
    pub.same("PUBSUB", "NUMPAT");
    pub.same("PUBSUB", "SHARDCHANNELS");
    pub.same("PUBSUB", "SHARDCHANNELS", "x*");
    pub.same("PUBSUB", "SHARDNUMSUB", "sh1", "x");
    pub.same("PUBSUB", "HELP");
    pub.same("PUBSUB", "NUMPAT", "x");
    pub.same("PUBSUB", "FOO");
    pub.same("PUBSUB");
    pub.same("PUBSUB", "CHANNELS", "a", "b");
    pub.same("PUBSUB", "SHARDCHANNELS", "a", "b");
    pub.same("PUBLISH", "ch1");
    pub.same("SUBSCRIBE");
    pub.same("PSUBSCRIBE");
    pub.same("SSUBSCRIBE");

    sub.same("PING");
    sub.same("PING", "x");
    sub.same("GET", "x");

    sub.same(2, "UNSUBSCRIBE", "ch2", "nosuch");
    sub.same(1, "UNSUBSCRIBE");
    sub.same(1, "PUNSUBSCRIBE", "n*");
    sub.same(1, "PUNSUBSCRIBE");
    sub.same(1, "SUNSUBSCRIBE");
    // nothing left: Redis still answers, with a null channel and the count
    sub.same(1, "UNSUBSCRIBE");
    sub.same(1, "PUNSUBSCRIBE");
    sub.same(1, "SUNSUBSCRIBE");
    sub.same(1, "SUNSUBSCRIBE", "zz");
    sub.same("PUBSUB", "NUMSUB", "ch1");
    sub.same("SET", "x", "1");
  }

  @Test
  void countsWithSeveralSubscribers() throws Exception {
    try (Pair a = new Pair(); Pair b = new Pair(); Pair pub = new Pair()) {
      a.same(1, "PSUBSCRIBE", "a*");
      b.same(1, "PSUBSCRIBE", "a*");
      a.same(1, "SUBSCRIBE", "ab");
      pub.same("PUBSUB", "NUMPAT");
      pub.same("PUBSUB", "NUMSUB", "ab");
      // a receives the message twice (channel and pattern) and counts twice
      pub.same("PUBLISH", "ab", "x");
      a.sameRead("message");
      a.sameRead("pmessage");
      b.sameRead("pmessage");
      // only patterns left: UNSUBSCRIBE without channels still reports the pattern count
      a.same(1, "UNSUBSCRIBE");
      a.same(1, "UNSUBSCRIBE");
      // "*" does not match the empty channel in Redis's matcher
      pub.same("PUBLISH", "", "x");
      b.same(1, "PSUBSCRIBE", "*");
      pub.same("PUBLISH", "", "x");
    }
  }

  @Test
  void disconnectDropsSubscriptions() throws Exception {
    try (Pair pub = new Pair()) {
      Pair sub = new Pair();
      sub.same(2, "SUBSCRIBE", "gone", "gone2");
      sub.same(1, "PSUBSCRIBE", "g*");
      sub.same(1, "SSUBSCRIBE", "gone3");
      pub.same("PUBSUB", "NUMSUB", "gone");
      sub.close();
      awaitSame(pub, "PUBSUB", "NUMSUB", "gone", "gone2");
      pub.same("PUBSUB", "NUMPAT");
      pub.same("PUBSUB", "SHARDNUMSUB", "gone3");
      pub.same("PUBLISH", "gone", "x");
    }
  }

  @Test
  void subscribeInsideMulti() throws Exception {
    try (Pair sub = new Pair()) {
      Reply multi = sub.ours.call("MULTI");
      assumeTrue(!(multi instanceof Reply.Error), "MULTI is not implemented on this node yet: " + multi);
      sub.reference.call("MULTI");
      sub.same("SUBSCRIBE", "m1");
      sub.same("SSUBSCRIBE", "m2");
      sub.same("EXEC");
      sub.same("PUBSUB", "NUMSUB", "m1");
    }
  }

  /**
   * Glob matching, differentially: one client subscribes to channels with awkward names, then
   * PUBSUB CHANNELS with many patterns must list the same ones, and PSUBSCRIBE/PUBLISH must count the
   * same receivers.
   */
  @Test
  void patternsMatchLikeRedis() throws Exception {
    String[] channels = {"hello", "hallo", "hillo", "h*llo", "h\\llo", "news.sport", "news.tech", "a",
        "ab", "abc", "[x]", "-", "]", "\u00e9t\u00e9", "\u00ff", "H", "aaaaaaaab", "x?y"};
    String[] patterns = {"*", "h?llo", "h[ae]llo", "h[^e]llo", "h[a-e]llo", "h[e-a]llo", "h\\*llo",
        "h\\\\llo", "news.*", "*.tech", "a*", "a*c", "a?", "??", "[[]x]", "[\\]]", "[a-]", "[-a]",
        "[abc", "[", "[^", "\\", "*b", "a*a*a*a*b", "\u00e9*", "[a-\u00ff]", "[\u0080-\u00ff]", "h*",
        "x\\?y", "x[?]y", "*[", "**", "[]]"};
    try (Pair sub = new Pair(); Pair pub = new Pair(); Pair psub = new Pair()) {
      sub.same(channels.length, with("SUBSCRIBE", channels));
      for (String pattern : patterns) {
        pub.sameUnordered("PUBSUB", "CHANNELS", pattern);
      }
      psub.same(patterns.length, with("PSUBSCRIBE", patterns));
      Random random = new Random(42);
      for (String channel : channels) {
        Reply count = pub.same("PUBLISH", channel, "m");
        long receivers = ((Reply.Int) count).value();
        // the subscriber of the channel gets one message; drain pattern messages unordered
        sub.sameRead("message on " + channel);
        List<String> ours = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (long i = 0; i < receivers - 1; i++) {
          ours.add(psub.ours.read().toString());
          theirs.add(psub.reference.read().toString());
        }
        ours.sort(null);
        theirs.sort(null);
        assertEquals(theirs, ours, "pmessages for " + channel);
      }
      for (int i = 0; i < 200; i++) {
        String channel = randomName(random);
        pub.same("PUBSUB", "NUMSUB", channel);
        pub.sameUnordered("PUBSUB", "CHANNELS", randomName(random));
      }
    }
  }

  private static String randomName(Random random) {
    String alphabet = "ah?*[]^-\\lo.";
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(6);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String[] with(String command, String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  /** Both servers notice a disconnect asynchronously: poll until the replies agree. */
  private static void awaitSame(Pair pair, String... args) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (true) {
      Reply expected = pair.reference.call(args);
      Reply actual = pair.ours.call(args);
      if (expected.toString().equals(actual.toString()) || System.currentTimeMillis() > deadline) {
        assertEquals(expected.toString(), actual.toString(), String.join(" ", args));
        return;
      }
      Thread.sleep(20);
    }
  }

  private static void assumeHello3(Pair pair) throws IOException {
    Reply ours = pair.ours.call("HELLO", "3");
    assumeTrue(!(ours instanceof Reply.Error), "HELLO is not implemented on this node yet: " + ours);
    pair.reference.call("HELLO", "3");
  }
}
