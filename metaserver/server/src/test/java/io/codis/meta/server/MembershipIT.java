package io.codis.meta.server;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.meta.client.MetaException;
import io.codis.meta.client.model.ErrorCode;
import io.codis.meta.client.model.PeerView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Adding and removing metaserver peers, then a lone minority peer that must refuse everything. */
class MembershipIT {

  private static MetaClient on(PeerSpec p) {
    return new MetaClient(List.of(p.httpAddr()), new MetaClientOptions(500, 6_000, 4_000, 100, 1_000));
  }

  @Test
  @Timeout(120)
  void addFourthPeerRemoveOneThenMinorityRefuses() throws Exception {
    try (TestCluster c = new TestCluster(3, cfg -> cfg).startAll()) {
      c.awaitWritable(20_000);
      MetaClient client = new MetaClient(c.httpAddrs());
      client.kvPut("before", "1");

      PeerSpec fourth = TestCluster.newPeer(3);
      List<PeerSpec> four = new ArrayList<>(c.peers);
      four.add(fourth);
      c.start(3, four);
      List<PeerView> peers = client.addPeer(fourth.id(), fourth.host(), fourth.raftPort(),
          fourth.httpPort());
      assertEquals(4, peers.size());
      client.kvPut("after-add", "2");
      assertEquals("2", waitFor(on(fourth), "after-add"));
      assertEquals("1", on(fourth).kvGet("before").orElseThrow().value());

      MetaClient viaM1 = on(c.peers.get(1));
      assertEquals(3, viaM1.removePeer("m0").size());
      c.stop(0);
      viaM1.kvPut("after-remove", "3");
      assertEquals("3", waitFor(on(fourth), "after-remove"));
      assertTrue(viaM1.peers().stream().noneMatch(p -> p.id().equals("m0")));

      // Leave m1 alone: one of three is a minority. It must neither write nor read.
      c.stop(2);
      c.stop(3);
      MetaException w = assertThrows(MetaException.class, () -> viaM1.kvPut("minority", "x"));
      assertTrue(w.code() == ErrorCode.TIMEOUT || w.code() == ErrorCode.UNAVAILABLE, w.getMessage());
      MetaException r = assertThrows(MetaException.class, () -> viaM1.kvGet("after-remove"));
      assertEquals(ErrorCode.UNAVAILABLE, r.code(), r.getMessage());
    }
  }

  private static String waitFor(MetaClient c, String key) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        Optional<io.codis.meta.client.model.KvEntry> e = c.kvGet(key);
        if (e.isPresent()) {
          return e.get().value();
        }
      } catch (MetaException e) {
        // not caught up yet
      }
      Thread.sleep(100);
    }
    return null;
  }
}
