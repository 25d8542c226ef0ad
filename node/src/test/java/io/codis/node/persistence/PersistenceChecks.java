package io.codis.node.persistence;

import io.codis.node.server.NodeServer;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import java.util.Map;

/** For test classes outside this package: a node's served dataset and its stored one, comparable. */
public final class PersistenceChecks {
  private PersistenceChecks() {}

  public static Map<String, String> served(RespClient c) throws IOException {
    return Snapshots.ofClient(c);
  }

  public static Map<String, String> stored(NodeServer server) {
    return Snapshots.ofStore(server.services().persistence().engine(), server.services().keyspace().slotCount(),
        System.currentTimeMillis());
  }
}
