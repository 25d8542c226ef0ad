package io.codis.node.commands.lists;

import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One server a blocking scenario runs against (our node or redis-server): opens raw clients and
 * waits until a given number of clients is blocked, so a scenario never races a producer against a
 * blocking command still in flight.
 */
final class Target implements AutoCloseable {
  private static final long AWAIT_MS = 10_000;

  private final String name;
  private final int port;
  private final IntSupplier blockedFallback;
  private final List<RespClient> opened = new ArrayList<>();
  private RespClient control;

  private Target(String name, int port, IntSupplier blockedFallback) {
    this.name = name;
    this.port = port;
    this.blockedFallback = blockedFallback;
  }

  static Target redis(int port) {
    return new Target("redis", port, null);
  }

  /**
   * Our node. Until INFO exists on the node, the number of blocked clients is read from the
   * registry directly; it is a plain field written by the event loop, read here only as a polled
   * wait condition (a stale read delays the wait, it cannot make it succeed wrongly for long).
   */
  static Target ours(TestNode node) {
    return new Target("ours", node.port(), () -> node.server().services().blocking().blockedClients());
  }

  String name() {
    return name;
  }

  RespClient client() throws IOException {
    RespClient client = new RespClient(port);
    opened.add(client);
    return client;
  }

  /** A connection for waits only, never blocked itself. */
  private RespClient control() throws IOException {
    if (control == null) {
      control = client();
    }
    return control;
  }

  int blockedClients() throws IOException {
    Reply info = control().call("INFO", "clients");
    if (info instanceof Reply.Bulk bulk) {
      for (String line : bulk.text().split("\r\n")) {
        if (line.startsWith("blocked_clients:")) {
          return Integer.parseInt(line.substring("blocked_clients:".length()).trim());
        }
      }
    }
    if (blockedFallback == null) {
      throw new IllegalStateException(name + ": INFO clients has no blocked_clients: " + info);
    }
    return blockedFallback.getAsInt();
  }

  /** Waits until exactly {@code count} clients are blocked. */
  void awaitBlocked(int count) throws IOException, InterruptedException {
    long until = System.currentTimeMillis() + AWAIT_MS;
    int now;
    while ((now = blockedClients()) != count) {
      if (System.currentTimeMillis() > until) {
        throw new AssertionError(name + ": expected " + count + " blocked clients, have " + now);
      }
      Thread.sleep(2);
    }
  }

  /** True when MULTI/EXEC work here (the transactions family may not be merged yet). */
  boolean supportsMulti() throws IOException {
    try (RespClient probe = new RespClient(port)) {
      return probe.call("MULTI") instanceof Reply.Simple;
    }
  }

  /** True when HELLO 3 works here. */
  boolean supportsResp3() throws IOException {
    try (RespClient probe = new RespClient(port)) {
      return !(probe.call("HELLO", "3") instanceof Reply.Error);
    }
  }

  @Override
  public void close() throws IOException {
    for (RespClient client : opened) {
      client.close();
    }
    opened.clear();
    control = null;
  }
}
