package io.codis.node.commands.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.NodeConfig;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** maxclients, idle timeout, CLIENT KILL and SHUTDOWN against a real node. */
class ClientLimitsIT {
  @Test
  void clientBeyondMaxclientsIsRefused() throws Exception {
    try (TestNode node = TestNode.start(NodeConfig.defaults().withMaxclients(3))) {
      List<RespClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          RespClient c = node.client();
          clients.add(c);
          assertEquals("+PONG", c.call("PING").toString());
        }
        try (RespClient extra = node.client()) {
          assertEquals("-ERR max number of clients reached", extra.read().toString());
          assertTrue(extra.closedByServer());
        }
        clients.remove(0).close();
        awaitClients(clients.get(0), 2);
        try (RespClient again = node.client()) {
          assertEquals("+PONG", again.call("PING").toString());
        }
        // CONFIG SET maxclients takes effect for the next connection
        assertEquals("+OK", clients.get(0).call("CONFIG", "SET", "maxclients", "2").toString());
        awaitClients(clients.get(0), 2);
        try (RespClient extra = node.client()) {
          assertEquals("-ERR max number of clients reached", extra.read().toString());
        }
        assertTrue(clients.get(0).call("INFO", "stats").toString().contains("rejected_connections:2"));
      } finally {
        for (RespClient c : clients) {
          c.close();
        }
      }
    }
  }

  @Test
  void idleClientsAreClosedAfterTimeout() throws Exception {
    try (TestNode node = TestNode.start(NodeConfig.defaults().withTimeoutSeconds(1));
        RespClient idle = node.client();
        RespClient busy = node.client()) {
      assertEquals("+PONG", idle.call("PING").toString());
      long until = System.currentTimeMillis() + 2600;
      while (System.currentTimeMillis() < until) {
        assertEquals("+PONG", busy.call("PING").toString());
        Thread.sleep(200);
      }
      assertTrue(idle.closedByServer(), "idle client still connected");
      assertEquals("+PONG", busy.call("PING").toString());
      // timeout 0 disables it again
      assertEquals("+OK", busy.call("CONFIG", "SET", "timeout", "0").toString());
      try (RespClient later = node.client()) {
        Thread.sleep(2200);
        assertEquals("+PONG", later.call("PING").toString());
      }
    }
  }

  @Test
  void clientKillByIdAddrAndSkipme() throws Exception {
    try (TestNode node = TestNode.start();
        RespClient admin = node.client();
        RespClient victim1 = node.client();
        RespClient victim2 = node.client()) {
      long id1 = ((Reply.Int) victim1.call("CLIENT", "ID")).value();
      assertEquals(":1", admin.call("CLIENT", "KILL", "ID", Long.toString(id1)).toString());
      assertTrue(victim1.closedByServer());
      String info = ((Reply.Bulk) victim2.call("CLIENT", "INFO")).text();
      String addr = info.replaceAll("(?s).* addr=(\\S+) .*", "$1");
      assertEquals("+OK", admin.call("CLIENT", "KILL", addr).toString());
      assertTrue(victim2.closedByServer());
      assertEquals("-ERR No such client", admin.call("CLIENT", "KILL", addr).toString());
      // SKIPME yes (the default) spares the caller; SKIPME no kills it after the reply
      assertEquals(":0", admin.call("CLIENT", "KILL", "TYPE", "normal").toString());
      assertEquals(":1", admin.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no").toString());
      assertTrue(admin.closedByServer());
    }
  }

  @Test
  void clientUnblockIsAnsweredForUnblockedClients() throws Exception {
    try (TestNode node = TestNode.start(); RespClient a = node.client(); RespClient b = node.client()) {
      long id = ((Reply.Int) b.call("CLIENT", "ID")).value();
      assertEquals(":0", a.call("CLIENT", "UNBLOCK", Long.toString(id)).toString());
    }
  }

  @Test
  void shutdownStopsTheNode() throws Exception {
    TestNode node = TestNode.start();
    try (RespClient c = node.client()) {
      c.send("SHUTDOWN", "NOSAVE");
      assertTrue(c.closedByServer());
    }
    long deadline = System.currentTimeMillis() + 5000;
    boolean refused = false;
    while (!refused && System.currentTimeMillis() < deadline) {
      try (RespClient c = new RespClient("127.0.0.1", node.port(), 500)) {
        Thread.sleep(50);
      } catch (java.io.IOException e) {
        refused = true;
      }
    }
    assertTrue(refused, "node still accepts connections after SHUTDOWN");
    node.close();
  }

  private static void awaitClients(RespClient c, int expected) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < deadline) {
      String info = ((Reply.Bulk) c.call("INFO", "clients")).text();
      if (info.contains("connected_clients:" + expected + "\r\n")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("connected_clients never reached " + expected);
  }
}
