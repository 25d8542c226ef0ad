package io.codis.proxy.topology;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The topology link when no metaserver answers: the proxy never serves, and says why. */
@Timeout(30)
class MetaTopologyIT {
  @Test
  void anUnreachableMetaserverMeansNoTableAndAClearReason() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    MetaClient client = new MetaClient(List.of("127.0.0.1:" + port),
        new MetaClientOptions(200, 500, 300, 50, 1_000));
    try (MetaTopology t = new MetaTopology(client, "p1", 1_000, 200)) {
      assertNull(t.usable());
      assertEquals("the proxy has no slot table yet", t.downReason());
      t.start("127.0.0.1:19000");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!t.downReason().startsWith("the metaserver is unreachable")) {
        assertTrue(System.nanoTime() < deadline, t.downReason());
        Thread.sleep(20);
      }
      assertNull(t.usable());
    }
  }
}
