package io.codis.meta.client;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import io.codis.meta.client.model.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against stub HTTP servers on loopback: failover, error mapping, bounded retries. */
class MetaClientTest {
  private final List<HttpServer> servers = new ArrayList<>();
  private static final MetaClientOptions FAST = new MetaClientOptions(300, 2_000, 1_000, 20, 1_000);

  /** A stub that answers every request with the given status and body, counting requests. */
  private String stub(int status, String body, AtomicInteger hits) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    s.createContext("/", ex -> {
      hits.incrementAndGet();
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    s.start();
    servers.add(s);
    return "127.0.0.1:" + s.getAddress().getPort();
  }

  private static String deadAddr() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "127.0.0.1:" + s.getLocalPort();
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void skipsDeadAndUnavailablePeersAndSticksToTheOneThatAnswers() throws Exception {
    AtomicInteger unavailable = new AtomicInteger();
    AtomicInteger good = new AtomicInteger();
    String u = stub(503, "{\"code\":\"UNAVAILABLE\",\"message\":\"no quorum\"}", unavailable);
    String g = stub(200, "{\"key\":\"k\",\"value\":\"v\",\"version\":3}", good);
    MetaClient c = new MetaClient(List.of(deadAddr(), u, g), FAST);
    assertEquals("v", c.kvGet("k").orElseThrow().value());
    assertEquals(g, c.currentAddr());
    c.kvGet("k");
    assertEquals(1, unavailable.get(), "the client should stay on the peer that answered");
    assertEquals(2, good.get());
  }

  @Test
  void refusalsAreNotRetriedAndKeepTheirCode() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    String a = stub(409, "{\"code\":\"CAS_FAILED\",\"message\":\"moved\"}", hits);
    MetaClient c = new MetaClient(List.of(a, a), FAST);
    MetaException e = assertThrows(MetaException.class, () -> c.kvCas("k", 1, "v"));
    assertEquals(ErrorCode.CAS_FAILED, e.code());
    assertEquals(409, e.httpStatus());
    assertEquals(1, hits.get());
  }

  @Test
  void missingKeyIsEmptyAndUnknownCodesAreInternal() throws Exception {
    String a = stub(404, "{\"code\":\"NO_SUCH_KEY\",\"message\":\"no key\"}", new AtomicInteger());
    assertTrue(new MetaClient(List.of(a), FAST).kvGet("x").isEmpty());
    String b = stub(418, "{\"code\":\"TEAPOT\",\"message\":\"?\"}", new AtomicInteger());
    assertEquals(ErrorCode.INTERNAL,
        assertThrows(MetaException.class, () -> new MetaClient(List.of(b), FAST).cluster()).code());
  }

  @Test
  void retriesStopWithinTheBudget() throws Exception {
    MetaClient c = new MetaClient(List.of(deadAddr(), deadAddr()), FAST);
    long t0 = System.nanoTime();
    MetaException e = assertThrows(MetaException.class, c::cluster);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertTrue(ms < 3_000, "gave up after " + ms + " ms");
  }
}
