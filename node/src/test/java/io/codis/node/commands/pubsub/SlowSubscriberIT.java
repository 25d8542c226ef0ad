package io.codis.node.commands.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.pubsub.PubSubHub;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that never reads is disconnected once more than
 * {@link PubSubHub#OUTPUT_BUFFER_HARD_LIMIT_BYTES} wait for it (Redis: {@code
 * client-output-buffer-limit pubsub 32mb}); the publisher and other clients are unaffected.
 */
class SlowSubscriberIT {
  private static final int MESSAGE_BYTES = 1024 * 1024;

  @Test
  void slowSubscriberIsDisconnected() throws Exception {
    try (TestNode node = TestNode.start();
        RespClient slow = node.client();
        RespClient publisher = node.client()) {
      slow.call("SUBSCRIBE", "firehose");
      byte[] message = new byte[MESSAGE_BYTES];
      Arrays.fill(message, (byte) 'm');
      // the kernel's socket buffers take a few MB; everything past them queues in the node
      int messages = (int) (PubSubHub.OUTPUT_BUFFER_HARD_LIMIT_BYTES / MESSAGE_BYTES) + 16;
      long delivered = 0;
      for (int i = 0; i < messages; i++) {
        Reply receivers = publisher.call("PUBLISH".getBytes(), "firehose".getBytes(), message);
        delivered += ((Reply.Int) receivers).value();
      }
      // about 32 one-MB messages are queued before the cut; after it, PUBLISH finds nobody
      assertTrue(delivered >= PubSubHub.OUTPUT_BUFFER_HARD_LIMIT_BYTES / MESSAGE_BYTES, "delivered " + delivered);
      assertTrue(delivered < messages, "never disconnected: delivered " + delivered);
      assertEquals("*[$\"firehose\", :0]", publisher.call("PUBSUB", "NUMSUB", "firehose").toString());
      assertEquals(":0", publisher.call("PUBLISH", "firehose", "x").toString());
      // the slow client finds its connection closed once it drains what was sent before the cut
      assertTrue(drainsToEof(slow), "the slow subscriber was not disconnected");
      assertEquals("+PONG", publisher.call("PING").toString());
    }
  }

  private static boolean drainsToEof(RespClient client) {
    try {
      while (true) {
        client.read();
      }
    } catch (java.io.EOFException | java.net.SocketException e) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
