package io.codis.node.replication;

import io.codis.node.NodeConfig;
import io.codis.node.server.NodeServer;
import io.codis.node.testing.KeyspaceDump;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Helpers of the replication tests: nodes on chosen ports, INFO parsing, full-content snapshots. */
final class ReplicationFixture {
  private ReplicationFixture() {}

  /** A node in this JVM and the port it listens on. */
  record Node(NodeServer server, int port) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  /** A node in this JVM on {@code port} (0 = any) with extra CONFIG settings. */
  static Node node(int port, String dir, String... settings) throws Exception {
    NodeConfig config = NodeConfig.defaults().withPort(port).withDir(dir);
    for (int i = 0; i < settings.length; i += 2) {
      config = config.withSetting(settings[i], settings[i + 1]);
    }
    NodeServer server = new NodeServer(config);
    return new Node(server, server.start());
  }

  static int port(Node node) {
    return node.port();
  }

  static Map<String, String> info(RespClient c) throws IOException {
    Reply r = c.call("INFO", "replication");
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : ((Reply.Bulk) r).text().split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }

  static long offset(RespClient c) throws IOException {
    return Long.parseLong(info(c).get("master_repl_offset"));
  }

  static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Waits until the replica applied everything the master produced (master idle meanwhile). */
  static void awaitCaughtUp(RespClient master, RespClient replica, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      Map<String, String> r = info(replica);
      long m = offset(master);
      if ("up".equals(r.get("master_link_status")) && Long.parseLong(r.get("master_repl_offset")) == m) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("replica did not catch up: master offset " + m + ", replica " + r);
      }
      Thread.sleep(20);
    }
  }

  /** Every key with its type, value and absolute expiry ({@link KeyspaceDump#all}). */
  static Map<String, String> content(RespClient c) throws IOException {
    return KeyspaceDump.all(c);
  }
}
