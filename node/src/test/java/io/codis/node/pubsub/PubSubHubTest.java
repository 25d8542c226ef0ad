package io.codis.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.pubsub.PubSubHub.Kind;
import io.codis.node.server.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The hub with in-memory channels: the exact bytes of delivered messages in RESP2 and RESP3 (as
 * captured from redis-server 7.0.15), subscription bookkeeping, and the output-buffer limit at max
 * and max+1.
 */
class PubSubHubTest {

  private static Session session(int protocol) {
    EmbeddedChannel channel = new EmbeddedChannel();
    Session session = new Session(1, channel, 0, true);
    session.writer().protocol(protocol);
    return session;
  }

  private static String written(Session session) {
    EmbeddedChannel channel = (EmbeddedChannel) session.channel();
    channel.runPendingTasks();
    StringBuilder sb = new StringBuilder();
    ByteBuf buf;
    while ((buf = channel.readOutbound()) != null) {
      sb.append(buf.toString(StandardCharsets.ISO_8859_1));
      buf.release();
    }
    return sb.toString();
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void messagesInResp2AndResp3() {
    PubSubHub hub = new PubSubHub();
    Session resp2 = session(2);
    Session resp3 = session(3);
    for (Session s : new Session[] {resp2, resp3}) {
      hub.subscribe(Kind.CHANNEL, s, b("ch1"));
      hub.subscribe(Kind.PATTERN, s, b("h?llo"));
      hub.subscribe(Kind.SHARD, s, b("sh1"));
    }
    assertEquals(2, hub.publish(b("ch1"), b("hi")));
    assertEquals(2, hub.publish(b("hello"), b("p")));
    assertEquals(2, hub.publishShard(b("sh1"), b("s")));
    assertEquals(0, hub.publishShard(b("ch1"), b("s")));
    assertEquals("*3\r\n$7\r\nmessage\r\n$3\r\nch1\r\n$2\r\nhi\r\n"
        + "*4\r\n$8\r\npmessage\r\n$5\r\nh?llo\r\n$5\r\nhello\r\n$1\r\np\r\n"
        + "*3\r\n$8\r\nsmessage\r\n$3\r\nsh1\r\n$1\r\ns\r\n", written(resp2));
    assertEquals(">3\r\n$7\r\nmessage\r\n$3\r\nch1\r\n$2\r\nhi\r\n"
        + ">4\r\n$8\r\npmessage\r\n$5\r\nh?llo\r\n$5\r\nhello\r\n$1\r\np\r\n"
        + ">3\r\n$8\r\nsmessage\r\n$3\r\nsh1\r\n$1\r\ns\r\n", written(resp3));
  }

  @Test
  void bookkeeping() {
    PubSubHub hub = new PubSubHub();
    Session a = session(2);
    Session c = session(2);
    assertTrue(hub.subscribe(Kind.CHANNEL, a, b("x")));
    assertFalse(hub.subscribe(Kind.CHANNEL, a, b("x")));
    hub.subscribe(Kind.CHANNEL, c, b("x"));
    hub.subscribe(Kind.PATTERN, a, b("x*"));
    hub.subscribe(Kind.PATTERN, c, b("x*"));
    hub.subscribe(Kind.SHARD, a, b("s"));
    assertEquals(2, hub.subscriberCount(Kind.CHANNEL, b("x")));
    assertEquals(1, hub.patternCount());
    assertEquals(2, PubSubHub.confirmationCount(Kind.CHANNEL, a));
    assertEquals(1, PubSubHub.confirmationCount(Kind.SHARD, a));
    assertEquals(4, hub.publish(b("x"), b("m")));
    assertTrue(hub.unsubscribe(Kind.CHANNEL, a, b("x")));
    assertFalse(hub.unsubscribe(Kind.CHANNEL, a, b("x")));
    hub.disconnected(c);
    assertEquals(0, hub.subscriberCount(Kind.CHANNEL, b("x")));
    assertEquals(1, hub.patternCount());
    assertEquals(0, c.subscriptionCount());
    hub.disconnected(a);
    assertEquals(0, hub.patternCount());
    assertEquals(0, hub.activeNames(Kind.SHARD, null).size());
  }

  @Test
  void outputBufferLimitAtMaxAndMaxPlusOne() {
    // one message "*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$4\r\nabcd\r\n" is 34 bytes
    int message = 34;
    PubSubHub hub = new PubSubHub(2L * message);
    Session slow = session(2);
    hub.subscribe(Kind.CHANNEL, slow, b("c"));
    // nothing is flushed in between (the flush runs after the current task), so the buffer grows
    assertEquals(1, hub.publish(b("c"), b("abcd")));
    assertEquals(1, hub.publish(b("c"), b("abcd")));
    assertEquals(2L * message, slow.out().buffer().readableBytes());
    assertTrue(slow.channel().isActive());
    assertEquals(1, hub.publish(b("c"), b("abcd"))); // 68 queued: at the limit, still delivered
    assertTrue(slow.channel().isActive());
    assertEquals(1, hub.publish(b("c"), b("abcd"))); // 102 queued > 68: disconnected
    assertFalse(slow.channel().isActive());
    assertEquals(0, hub.subscriberCount(Kind.CHANNEL, b("c")));
    assertEquals(1, hub.outputLimitDisconnections());
    assertEquals(0, hub.publish(b("c"), b("abcd")));
  }
}
