package io.codis.proxy.testing;

import io.codis.node.NodeConfig;
import io.codis.node.server.NodeServer;
import redis.clients.jedis.Jedis;

/** A real data node in this JVM on a free loopback port (memory only). */
public final class InJvmNode implements AutoCloseable {
  private final NodeServer server;
  private final int port;

  private InJvmNode(NodeServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static InJvmNode start() throws InterruptedException {
    NodeServer server = new NodeServer(NodeConfig.defaults().withPort(0));
    return new InJvmNode(server, server.start());
  }

  public int port() {
    return port;
  }

  public String addr() {
    return "127.0.0.1:" + port;
  }

  /** A direct client, bypassing the proxy. */
  public Jedis direct() {
    return new Jedis("127.0.0.1", port);
  }

  @Override
  public void close() {
    server.close();
  }
}
