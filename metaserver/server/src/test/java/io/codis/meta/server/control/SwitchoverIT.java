package io.codis.meta.server.control;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaException;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.FailoverView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.SwitchoverResult;
import io.codis.meta.server.TestCluster;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The switchover endpoint against scripted nodes that speak the MASTERFENCE contract: a target
 * that catches up is promoted (no lease wait, the master holds a lease); one that does not within
 * the timeout leaves everything unchanged and the master receives MASTERFENCE CLEAR. About 10 s.
 */
class SwitchoverIT {
  @Test
  @Timeout(120)
  void switchoverWaitsForTheTargetAndClearsTheFenceWhenItGivesUp() throws Exception {
    AtomicLong replicaOffset = new AtomicLong(90);
    ScriptedNode master = new ScriptedNode(a -> {
      if (a.get(0).equalsIgnoreCase("MASTERFENCE")) {
        return a.size() == 2 ? ":100\r\n" : "+OK\r\n";
      }
      return "+PONG\r\n";
    });
    ScriptedNode replica = new ScriptedNode(a -> a.get(0).equalsIgnoreCase("INFO")
        ? ScriptedNode.infoReplica(replicaOffset.get(), false) : "+PONG\r\n");
    try (TestCluster c = new TestCluster(3, x -> x).withFailover(ProberIT.FAST).startAll();
        MetaClient meta = new MetaClient(c.httpAddrs())) {
      c.awaitWritable(30_000);
      meta.initCluster(16);
      meta.createGroup(1, null);
      meta.addServer(1, master.addr());
      meta.addServer(1, replica.addr());
      long epoch = meta.group(1).epoch();
      meta.renewMasterLease(1, master.addr(), epoch, 60_000);

      MetaException e = assertThrows(MetaException.class,
          () -> meta.switchover(1, replica.addr(), 300L));
      assertEquals(ErrorCode.SWITCHOVER_FAILED, e.code());
      assertTrue(e.getMessage().contains("fence offset 100"), e.getMessage());
      assertTrue(master.seen.contains(List.of("MASTERFENCE", "CLEAR", Long.toString(epoch))),
          "fence cleared: " + master.seen);
      assertEquals(master.addr(), meta.group(1).master(), "nothing changed");

      assertEquals(ErrorCode.NO_SUCH_SERVER,
          assertThrows(MetaException.class, () -> meta.switchover(1, "127.0.0.1:1", 300L)).code());
      assertEquals(ErrorCode.OUT_OF_RANGE,
          assertThrows(MetaException.class, () -> meta.switchover(1, replica.addr(), 0L)).code());

      new Thread(() -> {
        try {
          Thread.sleep(200);
        } catch (InterruptedException x) {
          return;
        }
        replicaOffset.set(100);
      }).start();
      SwitchoverResult r = meta.switchover(1, replica.addr(), 5_000L);
      assertEquals(replica.addr(), r.master());
      assertEquals(master.addr(), r.previousMaster());
      assertEquals(epoch + 1, r.epoch());
      assertEquals(100, r.fenceOffset());
      assertTrue(r.pauseMs() >= 150, "paused until the target caught up: " + r);
      assertTrue(master.seen.contains(List.of("MASTERFENCE", Long.toString(epoch))), master.seen.toString());
      GroupView g = meta.group(1);
      assertEquals(replica.addr(), g.master());
      assertEquals(List.of(master.addr()), g.replicas());
      FailoverView f = g.failovers().get(g.failovers().size() - 1);
      assertEquals(FailoverView.SWITCHOVER, f.reason());
      assertEquals(100, f.fromOffset());
      System.out.println("switchover: " + r + " " + f.detail());
    } finally {
      master.close();
      replica.close();
    }
  }
}
