package io.codis.meta.server.control;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.model.FailoverView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.server.TestCluster;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three in-JVM metaserver peers and scripted nodes. Group 1: its master stops answering, its
 * replica (offset 500) is promoted and the failover is recorded. Group 2: its only replica is
 * loading, so after its master stops the group stays without a usable master and says why.
 * About 15 s.
 */
class ControllerIT {
  @Test
  @Timeout(120)
  void aFailedMasterIsReplacedAndAGroupWithoutCandidateSaysWhy() throws Exception {
    ScriptedNode m1 = new ScriptedNode(a -> "+PONG\r\n");
    ScriptedNode r1 = new ScriptedNode(a -> a.get(0).equalsIgnoreCase("INFO")
        ? ScriptedNode.infoReplica(500, false) : "+PONG\r\n");
    ScriptedNode m2 = new ScriptedNode(a -> "+PONG\r\n");
    ScriptedNode r2 = new ScriptedNode(a -> a.get(0).equalsIgnoreCase("INFO")
        ? ScriptedNode.infoReplica(500, true) : "+PONG\r\n");
    try (TestCluster c = new TestCluster(3, x -> x).withFailover(ProberIT.FAST).startAll();
        MetaClient meta = new MetaClient(c.httpAddrs())) {
      c.awaitWritable(30_000);
      meta.initCluster(16);
      for (int g = 1; g <= 2; g++) {
        meta.createGroup(g, null);
      }
      meta.addServer(1, m1.addr());
      meta.addServer(1, r1.addr());
      meta.addServer(2, m2.addr());
      meta.addServer(2, r2.addr());
      for (ScriptedNode n : List.of(m1, r1, m2, r2)) {
        meta.registerNode(n.addr(), "run");
      }
      Thread.sleep(1_000);
      assertEquals(m1.addr(), meta.group(1).master(), "nothing happens while masters answer");
      m1.close();
      m2.close();
      long t0 = System.nanoTime();
      GroupView g1 = await(meta, 1, g -> g.master().equals(r1.addr()), 30_000);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("group 1 failed over " + ms + " ms after its master stopped");
      assertEquals(List.of(m1.addr()), g1.replicas(), "the old master stays as a replica");
      FailoverView f = g1.failovers().get(g1.failovers().size() - 1);
      assertEquals(FailoverView.MASTER_FAILED, f.reason());
      assertEquals(m1.addr(), f.from());
      assertEquals(r1.addr(), f.to());
      assertEquals(500, f.toOffset());
      assertEquals(g1.epoch(), f.epoch());
      assertTrue(f.detectedAtMs() > 0 && f.promotedAtMs() >= f.detectedAtMs(), f.toString());
      GroupView g2 = await(meta, 2, g -> g.failoverState().contains("loading"), 30_000);
      assertEquals(m2.addr(), g2.master(), "a loading replica is never promoted");
      assertTrue(g2.failoverState().contains("no replica qualifies"), g2.failoverState());
      String metrics = metrics(c.httpAddrs().get(0));
      assertTrue(metrics.contains("codis_meta_failovers_total{reason=\"master_failed\"} 1"), metrics);
      assertTrue(metrics.contains("codis_meta_node_failed{addr=\"" + m2.addr() + "\"} 1"), metrics);
    } finally {
      for (ScriptedNode n : List.of(m1, r1, m2, r2)) {
        n.close();
      }
    }
  }

  static String metrics(String httpAddr) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var resp = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://" + httpAddr + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, resp.statusCode());
    assertTrue(resp.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
    return resp.body();
  }

  static GroupView await(MetaClient meta, int id, Predicate<GroupView> p, long timeoutMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    GroupView last = null;
    while (System.nanoTime() < deadline) {
      last = meta.group(id);
      if (p.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not met within " + timeoutMs + " ms; last " + last);
  }
}
