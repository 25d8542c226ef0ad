package io.codis.node.testing;

import io.codis.node.NodeConfig;
import io.codis.node.server.NodeServer;

/** A real node, in this JVM, on a free loopback port. */
public final class TestNode implements AutoCloseable {
  private final NodeServer server;
  private final int port;

  private TestNode(NodeServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static TestNode start() throws Exception {
    return start(NodeConfig.defaults());
  }

  public static TestNode start(NodeConfig config) throws Exception {
    NodeServer server = new NodeServer(config.withPort(0));
    int port = server.start();
    return new TestNode(server, port);
  }

  public int port() {
    return port;
  }

  /**
   * A stand-in for a node reached over the network only (a proxy in front of a cluster, see
   * {@link DifferentialTarget}): {@link #port()} and {@link #client()} work, {@link #server()} throws.
   */
  public static TestNode remote(int port) {
    return new TestNode(null, port);
  }

  public NodeServer server() {
    if (server == null) {
      throw new IllegalStateException("port " + port + " is not an in-JVM node");
    }
    return server;
  }

  public RespClient client() throws java.io.IOException {
    return new RespClient(port);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
