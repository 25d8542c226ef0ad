package io.codis.node.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.NodeProcess;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A real node's data damaged on disk while it is stopped: a flipped bit in a record's value (which
 * RocksDB's own checksums cannot see, only the node's CRC32C per record), and a flipped byte in an
 * SST file (RocksDB's block checksum). The node must report it, naming the key and column family
 * where it can, and never serve the damaged value as data: docs/storage.md says loads check every
 * record and throw, and the start-up load turns that into a refused start with the message on
 * stderr and exit code 2. A node that serves while loading lazily passes too if the damaged key
 * answers an error and the rest is served. About 15 s.
 */
class CorruptRecordIT {
  private static final String[] ARGS = {"--appendonly", "yes", "--appendfsync", "always"};
  private static final String SECRET = "victim-value-0123456789";

  @TempDir Path dir;

  /** Writes a victim of each kind plus bystanders, then stops the node gracefully. */
  private void populate() throws Exception {
    try (NodeProcess node = NodeProcess.start(dir, ARGS);
         Jedis j = new Jedis("127.0.0.1", node.port(), 30_000)) {
      j.set("victim", SECRET);
      j.hset("vhash", "field", SECRET);
      j.rpush("vlist", "a", SECRET);
      for (int i = 0; i < 100; i++) {
        j.set("bystander:" + i, "b" + i);
      }
      int exit = node.terminate();
      assertTrue(exit == 0 || exit == 143, "graceful stop, exit " + exit);
    }
  }

  @Test
  @Timeout(120)
  void aFlippedBitInAStringRecordIsReportedNotServed() throws Exception {
    populate();
    try (OfflineStore store = new OfflineStore(dir.resolve("data"))) {
      store.flipLastValueByte("metadata", "victim");
    }
    assertReportedNeverServed("victim", "metadata", List.of("GET", "victim"));
  }

  @Test
  @Timeout(120)
  void aFlippedBitInAHashFieldIsReportedNotServed() throws Exception {
    populate();
    try (OfflineStore store = new OfflineStore(dir.resolve("data"))) {
      store.flipLastValueByte("subkeys", "vhash");
    }
    assertReportedNeverServed("vhash", "subkeys", List.of("HGET", "vhash", "field"));
  }

  @Test
  @Timeout(120)
  void aFlippedBitInAListElementIsReportedNotServed() throws Exception {
    populate();
    try (OfflineStore store = new OfflineStore(dir.resolve("data"))) {
      store.flipLastValueByte("subkeys", "vlist");
    }
    assertReportedNeverServed("vlist", "subkeys", List.of("LRANGE", "vlist", "0", "-1"));
  }

  @Test
  @Timeout(120)
  void aFlippedByteInAnSstFileIsReportedNotServed() throws Exception {
    populate();
    String sst;
    try (OfflineStore store = new OfflineStore(dir.resolve("data"))) {
      store.flushAll();
      List<String> files = store.sstFiles("metadata");
      assertFalse(files.isEmpty(), "no SST file for the metadata family");
      sst = files.get(0);
    }
    // Offset 10 is inside the first data block: the records themselves, behind a block checksum.
    OfflineStore.flipByte(dir.resolve("data").resolve(sst), 10);
    assertReportedNeverServed(null, "metadata", List.of("GET", "victim"));
  }

  /**
   * A flipped byte in the middle of the write-ahead log (acknowledged writes after it): the node
   * refuses to start and says the log is corrupt, rather than replay up to the damage and silently
   * drop every acknowledged write behind it (what RocksDB's point-in-time recovery mode would do).
   */
  @Test
  @Timeout(120)
  void aFlippedByteInTheMiddleOfTheWalRefusesTheStart() throws Exception {
    Path wal = writeAndCrash(3_000);
    OfflineStore.flipByte(wal, Files.size(wal) / 2);
    try (NodeProcess node = NodeProcess.launch(dir, ARGS)) {
      assertFalse(node.awaitServingOrExit(), "served with half of its acknowledged writes dropped");
      String log = node.log();
      assertEquals(2, node.awaitExit(10_000), log);
      assertTrue(log.contains("cannot open storage") && log.contains("corrupt"), log);
      System.out.println("CorruptRecordIT: refused to start: "
          + log.lines().filter(l -> l.contains("cannot open storage")).findFirst().orElseThrow());
    }
  }

  /**
   * A torn tail (the last record cut short, as a crash in the middle of a write leaves it): the node
   * starts and keeps every write before the torn one, as Redis loads a truncated AOF.
   */
  @Test
  @Timeout(120)
  void aTornWalTailIsDroppedAndNothingBeforeIt() throws Exception {
    int writes = 3_000;
    Path wal = writeAndCrash(writes);
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 20);
    }
    try (NodeProcess node = NodeProcess.start(dir, ARGS);
         Jedis j = new Jedis("127.0.0.1", node.port(), 30_000)) {
      assertEquals(writes - 1, j.dbSize(), "only the torn last write may be missing");
      for (int i = 0; i < writes - 1; i++) {
        assertEquals("value-" + i, j.get("k" + i));
      }
    }
  }

  /** Writes {@code n} keys one by one (each acknowledged), kills the node; returns its newest WAL. */
  private Path writeAndCrash(int n) throws Exception {
    try (NodeProcess node = NodeProcess.start(dir, ARGS);
         Jedis j = new Jedis("127.0.0.1", node.port(), 30_000)) {
      for (int i = 0; i < n; i++) {
        j.set("k" + i, "value-" + i);
      }
      node.killNine();
    }
    try (Stream<Path> files = Files.list(dir.resolve("data"))) {
      return files.filter(p -> p.toString().endsWith(".log")).max(Comparator.naturalOrder()).orElseThrow();
    }
  }

  /**
   * Starts the node on the damaged directory. A refused start must exit with 2 and say which key
   * and family are corrupt; a node that serves must answer {@code command} with an error (not the
   * value) and report the key in its log.
   */
  private void assertReportedNeverServed(String key, String family, List<String> command) throws Exception {
    try (NodeProcess node = NodeProcess.launch(dir, ARGS)) {
      if (!node.awaitServingOrExit()) {
        String log = node.log();
        assertEquals(2, node.awaitExit(10_000), "a refused start exits with 2: " + log);
        assertTrue(log.contains("corrupt record for key '" + (key == null ? "" : key)), log);
        assertTrue(log.contains("in column family " + family), log);
        assertFalse(log.contains(SECRET.substring(0, SECRET.length() - 1)), "the log shows the data: " + log);
        System.out.println("CorruptRecordIT: refused to start: "
            + log.lines().filter(l -> l.contains("corrupt record")).findFirst().orElseThrow());
        return;
      }
      try (RespClient c = new RespClient("127.0.0.1", node.port(), 30_000)) {
        Reply reply = c.call(command.toArray(String[]::new));
        assertTrue(reply.toString().startsWith("-") && reply.toString().toLowerCase().contains("corrupt"),
            command + " on damaged data answered " + reply);
        assertEquals("$\"b7\"", c.call("GET", "bystander:7").toString(), "undamaged keys are still served");
      }
      assertTrue(node.log().contains("corrupt"), node.log());
    }
  }
}
