package io.codis.meta.server.control;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.model.NodeView;
import io.codis.meta.server.TestCluster;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three in-JVM metaserver peers probe a scripted node: stopping it makes every peer suspect it and
 * the node becomes failed; starting it again on the same port clears it. About 10 s.
 */
class ProberIT {
  static final FailoverConfig FAST = new FailoverConfig(100, 600, 300, null, 1 << 20, true);

  @Test
  @Timeout(120)
  void aStoppedNodeBecomesFailedAndClearsWhenItAnswersAgain() throws Exception {
    try (TestCluster c = new TestCluster(3, x -> x).withFailover(FAST).startAll();
        MetaClient meta = new MetaClient(c.httpAddrs())) {
      ScriptedNode node = new ScriptedNode(args -> "-NOAUTH Authentication required.\r\n");
      int port = node.port();
      String addr = node.addr();
      try {
        c.awaitWritable(30_000);
        meta.registerNode(addr, "run");
        Thread.sleep(1_500);
        NodeView alive = await(meta, addr, n -> true, 1_000);
        assertFalse(alive.failed(), "a node answering -NOAUTH is alive: " + alive);
        assertEquals(List.of(), alive.suspectedBy());
        node.close();
        long t0 = System.nanoTime();
        NodeView failed = await(meta, addr, NodeView::failed, 20_000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(failed.suspectedBy().size() >= 2, failed.toString());
        assertTrue(ms >= 500, "failed after only " + ms + " ms (detection timeout 600)");
        node = new ScriptedNode(port, args -> "+PONG\r\n");
        NodeView back = await(meta, addr, n -> n.suspectedBy().isEmpty(), 20_000);
        assertFalse(back.failed());
      } finally {
        node.close();
      }
    }
  }

  static NodeView await(MetaClient meta, String addr, Predicate<NodeView> p, long timeoutMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    NodeView last = null;
    while (System.nanoTime() < deadline) {
      for (NodeView n : meta.nodes()) {
        if (n.addr().equals(addr)) {
          last = n;
          if (p.test(n)) {
            return n;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not met within " + timeoutMs + " ms; last " + last);
  }
}
