package io.codis.meta.server;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.KvPut;
import io.codis.meta.server.raft.ApiReply;
import io.codis.meta.server.raft.RaftSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three real Ratis peers in one JVM, on loopback, through the gateway the HTTP API uses. */
class RaftClusterIT {

  static ApiReply put(MetaServer s, String key, String value) throws Exception {
    return s.gateway().write(Command.newBuilder()
        .setKvPut(KvPut.newBuilder().setKey(key).setValue(value)).build()).get(10, TimeUnit.SECONDS);
  }

  static JsonNode read(MetaServer s, String path) throws Exception {
    ApiReply r = s.gateway().read(path).get(10, TimeUnit.SECONDS);
    assertEquals(200, r.status(), () -> new String(r.json()));
    return Json.MAPPER.readTree(r.json());
  }

  @Test
  @Timeout(90)
  void writeReadFailoverAndRestart() throws Exception {
    try (TestCluster c = new TestCluster(3, cfg -> cfg).startAll()) {
      int leader = c.awaitLeader(10_000);
      int follower = (leader + 1) % 3;
      assertEquals(200, put(c.servers[follower], "k", "v1").status(), "write through a follower");
      assertEquals("v1", read(c.servers[follower], "kv/k").get("value").asText());
      assertEquals("v1", read(c.servers[leader], "kv/k").get("value").asText());

      c.stop(leader);
      long t0 = System.nanoTime();
      ApiReply r = put(c.servers[follower], "k", "v2");
      long failoverMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(200, r.status(), () -> new String(r.json()));
      assertTrue(failoverMs < 10_000, "failover took " + failoverMs + " ms");
      int other = 3 - leader - follower;
      assertEquals("v2", read(c.servers[other], "kv/k").get("value").asText());

      c.start(leader);
      assertEquals(200, put(c.servers[leader], "k", "v3").status());
      assertEquals("v3", read(c.servers[leader], "kv/k").get("value").asText());
    }
  }

  @Test
  @Timeout(90)
  void fullRestartRecoversFromDataDirectories() throws Exception {
    try (TestCluster c = new TestCluster(3, cfg -> cfg.withSnapshotEveryEntries(20)).startAll()) {
      c.awaitLeader(10_000);
      for (int i = 0; i < 50; i++) {
        assertEquals(200, put(c.servers[0], "k" + (i % 5), "v" + i).status());
      }
      for (int i = 0; i < 3; i++) {
        c.stop(i);
      }
      c.startAll();
      c.awaitLeader(10_000);
      assertEquals("v49", read(c.servers[1], "kv/k4").get("value").asText());
      assertEquals(5, read(c.servers[2], "kv").size());
    }
  }

  @Test
  @Timeout(120)
  void laggingFollowerReceivesSnapshot() throws Exception {
    try (TestCluster c = new TestCluster(3, cfg -> cfg.withSnapshotEveryEntries(32).withLogSegmentBytesMax(2048)).startAll()) {
      int leader = c.awaitLeader(10_000);
      int lagging = (leader + 1) % 3;
      assertEquals(200, put(c.servers[leader], "before", "x").status());
      long behindIndex = c.servers[lagging].stateMachine().getLastAppliedTermIndex().getIndex();
      c.stop(lagging);
      int writer = (leader + 2) % 3;
      for (int i = 0; i < 300; i++) {
        assertEquals(200, put(c.servers[writer], "k" + (i % 10), "v" + i).status());
      }
      int now = c.awaitLeader(10_000);
      long logStart = c.servers[now].stateMachine().getServer().get()
          .getDivision(RaftSettings.GROUP_ID).getRaftLog().getStartIndex();
      assertTrue(logStart > behindIndex + 1,
          "leader still holds the log from " + logStart + ": no snapshot needed");
      c.start(lagging);
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline
          && c.servers[lagging].stateMachine().getLastAppliedTermIndex().getIndex() < logStart) {
        Thread.sleep(50);
      }
      assertTrue(c.servers[lagging].stateMachine().getLastAppliedTermIndex().getIndex() >= logStart);
      assertEquals("v299", read(c.servers[lagging], "kv/k9").get("value").asText());
    }
  }
}
