package io.codis.node.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.NodeConfig;
import io.codis.node.storage.FsyncMode;
import io.codis.node.storage.StorageEngine;
import io.codis.node.storage.StorageOptions;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * appendonly yes in one JVM: a node is closed and started again on the same directory and must hold
 * exactly what it held (every type, TTLs, in-place string mutations, deletes, expiries, FLUSHALL);
 * SAVE/BGSAVE checkpoints open with the content of the moment; the restore procedure works.
 */
@Timeout(120)
class PersistenceRestartIT {
  @TempDir Path dir;

  static NodeConfig config(Path dir, String fsync) {
    return NodeConfig.defaults().withDir(dir.toString())
        .withSetting("appendonly", "yes").withSetting("appendfsync", fsync);
  }

  private static String call(RespClient c, String... args) throws Exception {
    return c.call(args).toString();
  }

  /** Writes of every type, with the mutations whose whole-value write-back is easiest to get wrong. */
  static void writeEverything(RespClient c) throws Exception {
    assertEquals("+OK", call(c, "SET", "s", "plain"));
    assertEquals("+OK", call(c, "SET", "s-ttl", "v", "EX", "1000"));
    call(c, "SETBIT", "bits", "100", "1");
    call(c, "SETBIT", "bits", "7", "1"); // changes the stored array in place
    call(c, "SET", "range", "hello world");
    call(c, "SETRANGE", "range", "6", "WORLD"); // in place too
    call(c, "APPEND", "range", "!");
    call(c, "INCR", "counter");
    call(c, "INCRBY", "counter", "41");
    call(c, "INCRBYFLOAT", "float", "1.5");
    call(c, "RPUSH", "list", "a", "b", "c", "d");
    call(c, "LPUSH", "list", "z");
    call(c, "LINSERT", "list", "BEFORE", "c", "b2");
    call(c, "LPOP", "list");
    call(c, "PEXPIRE", "list", "900000");
    for (int i = 0; i < 300; i++) {
      call(c, "HSET", "hash", "f" + i, "v" + i);
    }
    call(c, "HDEL", "hash", "f7");
    call(c, "HINCRBY", "hash", "n", "5");
    call(c, "SADD", "set", "x", "y", "z", "1", "2");
    call(c, "SREM", "set", "y");
    call(c, "SADD", "intset", "1", "2", "3");
    call(c, "ZADD", "z", "1", "a", "2", "b", "-inf", "low", "+inf", "high", "0", "zero");
    call(c, "ZINCRBY", "z", "2.5", "a");
    call(c, "ZREM", "z", "b");
    call(c, "EXPIRE", "z", "5000");
    call(c, "SET", "persisted", "v", "EX", "100");
    call(c, "PERSIST", "persisted");
    call(c, "SET", "gone", "v");
    call(c, "DEL", "gone");
    call(c, "SET", "renamed-from", "v");
    call(c, "RENAME", "renamed-from", "renamed-to");
    call(c, "SADD", "emptied", "only");
    call(c, "SPOP", "emptied");
    call(c, "SET", "short", "v", "PX", "1");
    c.call("SET".getBytes(), new byte[] {0, (byte) 0xFF, '\r', '\n'}, new byte[] {1, 2, 0, (byte) 0x80});
    assertEquals("*[+OK, +QUEUED]".length() > 0 ? "+OK" : "", call(c, "MULTI"));
    call(c, "SET", "tx1", "a");
    call(c, "HSET", "tx2", "f", "v");
    call(c, "EXEC");
    c.send("SET", "p1", "1");
    c.send("INCR", "p1");
    c.send("GET", "p1");
    assertEquals("+OK", c.read().toString());
    assertEquals(":2", c.read().toString());
    assertEquals("$\"2\"", c.read().toString());
    Thread.sleep(5); // "short" has expired by now
  }

  @Test
  void everyTypeWithTtlComesBackAfterRestart() throws Exception {
    Map<String, String> before;
    long zTtlBefore;
    try (TestNode node = TestNode.start(config(dir, "everysec")); RespClient c = node.client()) {
      writeEverything(c);
      before = Snapshots.ofClient(c);
      zTtlBefore = ((Reply.Int) c.call("PTTL", "z")).value();
      StorageEngine engine = node.server().services().persistence().engine();
      assertEquals(before, Snapshots.ofStore(engine, node.server().services().keyspace().slotCount(),
          System.currentTimeMillis()), "the store holds what memory holds");
    }
    assertTrue(before.size() > 15, "the dataset: " + before.keySet());
    assertTrue(!before.containsKey(hex("short")) && !before.containsKey(hex("gone")) && !before.containsKey(hex("emptied")));
    try (TestNode node = TestNode.start(config(dir, "everysec")); RespClient c = node.client()) {
      assertEquals(before, Snapshots.ofClient(c));
      long zTtl = ((Reply.Int) c.call("PTTL", "z")).value();
      assertTrue(zTtl > 0 && zTtl <= zTtlBefore, "the TTL is an absolute time: " + zTtl);
      assertEquals(":-1", call(c, "TTL", "persisted"));
      assertEquals("$\"hello WORLD!\"", call(c, "GET", "range"));
      String info = call(c, "INFO", "persistence");
      assertTrue(info.contains("aof_enabled:1"), info);
      assertTrue(info.contains("rdb_last_load_keys_loaded:" + before.size()), info);
    }
  }

  @Test
  void expiredWhileDownIsDropped() throws Exception {
    try (TestNode node = TestNode.start(config(dir, "always")); RespClient c = node.client()) {
      call(c, "SET", "brief", "v", "PX", "200");
      call(c, "SET", "stays", "v");
    }
    Thread.sleep(300);
    try (TestNode node = TestNode.start(config(dir, "always")); RespClient c = node.client()) {
      assertEquals(":1", call(c, "DBSIZE"));
      assertEquals("$nil", call(c, "GET", "brief"));
      assertTrue(call(c, "INFO", "persistence").contains("rdb_last_load_keys_expired:1"));
    }
  }

  @Test
  void activeExpiryAndServedBlockedClientsAreWritten() throws Exception {
    try (TestNode node = TestNode.start(config(dir, "always"));
        RespClient c = node.client();
        RespClient blocked = node.client()) {
      call(c, "SET", "ttl", "v", "PX", "100");
      StorageEngine engine = node.server().services().persistence().engine();
      assertTrue(engine.exists("ttl".getBytes()));
      long deadline = System.currentTimeMillis() + 10_000;
      while (engine.exists("ttl".getBytes())) { // no client touches it: active expiry deletes it
        assertTrue(System.currentTimeMillis() < deadline, "the active expiry delete was not written");
        Thread.sleep(20);
      }
      blocked.send("BLPOP", "queue", "10");
      Thread.sleep(100);
      assertEquals(":1", call(c, "RPUSH", "queue", "job"));
      assertEquals("*[$\"queue\", $\"job\"]", blocked.read().toString());
      assertTrue(!engine.exists("queue".getBytes()), "the pop served to the blocked client was not written");
    }
    try (TestNode node = TestNode.start(config(dir, "always")); RespClient c = node.client()) {
      assertEquals(":0", call(c, "DBSIZE"));
    }
  }

  @Test
  void flushAllIsDurable() throws Exception {
    try (TestNode node = TestNode.start(config(dir, "always")); RespClient c = node.client()) {
      call(c, "SET", "a", "1");
      call(c, "HSET", "h", "f", "v");
      c.send("FLUSHALL");
      c.send("SET", "after", "1");
      c.read();
      c.read();
    }
    try (TestNode node = TestNode.start(config(dir, "always")); RespClient c = node.client()) {
      assertEquals(":1", call(c, "DBSIZE"));
      assertEquals("$\"1\"", call(c, "GET", "after"));
    }
  }

  @Test
  void alwaysKeepsReplyOrderAcrossPipelinesAndClients() throws Exception {
    try (TestNode node = TestNode.start(config(dir, "always"));
        RespClient c = node.client();
        RespClient other = node.client()) {
      for (int round = 0; round < 50; round++) {
        c.send("SET", "k", "v" + round);
        c.send("GET", "k");
        c.send("PING");
        assertEquals("+OK", c.read().toString());
        assertEquals("$\"v" + round + "\"", c.read().toString());
        assertEquals("+PONG", c.read().toString());
        assertEquals("$\"v" + round + "\"", call(other, "GET", "k"));
      }
      call(c, "CONFIG", "SET", "appendfsync", "everysec");
      assertTrue(call(c, "INFO", "persistence").contains("aof_fsync:everysec"));
      call(c, "SET", "k", "last");
    }
    try (TestNode node = TestNode.start(config(dir, "always")); RespClient c = node.client()) {
      assertEquals("$\"last\"", call(c, "GET", "k"));
      assertTrue(call(c, "CONFIG", "SET", "appendonly", "no").startsWith("-ERR CONFIG SET failed"));
    }
  }

  @Test
  void saveAndBgsaveWriteCheckpointsThatOpenWithTheirContent() throws Exception {
    Map<String, String> atSave;
    Path saved;
    try (TestNode node = TestNode.start(config(dir, "everysec")); RespClient c = node.client()) {
      writeEverything(c);
      long lastBefore = ((Reply.Int) c.call("LASTSAVE")).value();
      Thread.sleep(1000); // LASTSAVE has a one-second resolution
      assertTrue(call(c, "INFO", "persistence").matches("(?s).*rdb_changes_since_last_save:[1-9].*"));
      c.send("SET", "in-same-batch", "1");
      c.send("SAVE");
      assertEquals("+OK", c.read().toString());
      assertEquals("+OK", c.read().toString());
      atSave = Snapshots.ofClient(c);
      saved = node.server().services().persistence().checkpoints().last();
      assertNotNull(saved);
      assertTrue(((Reply.Int) c.call("LASTSAVE")).value() > lastBefore);
      String info = call(c, "INFO", "persistence");
      assertTrue(info.contains("rdb_saves:1") && info.contains("rdb_changes_since_last_save:0"), info);
      call(c, "SET", "after-save", "1");
      call(c, "DEL", "s");
      assertEquals("+Background saving started", call(c, "BGSAVE"));
      long deadline = System.currentTimeMillis() + 20_000;
      while (!call(c, "INFO", "persistence").contains("rdb_saves:2")) {
        assertTrue(System.currentTimeMillis() < deadline, "BGSAVE did not finish");
        Thread.sleep(20);
      }
      assertTrue(call(c, "INFO", "persistence").contains("rdb_last_bgsave_status:ok"));
      assertEquals("-ERR syntax error", call(c, "BGSAVE", "now"));
    }
    assertTrue(atSave.containsKey(hex("in-same-batch")));
    try (StorageEngine e = StorageEngine.open(StorageOptions.of(saved, FsyncMode.NO))) {
      assertEquals(atSave, Snapshots.ofStore(e, io.codis.protocol.Slots.DEFAULT_SLOT_COUNT, System.currentTimeMillis()));
    }
    // The documented restore: a fresh directory whose data/ is a copy of a checkpoint.
    Path restored = Files.createTempDirectory(dir, "restore");
    copyTree(saved, restored.resolve("data"));
    try (TestNode node = TestNode.start(config(restored, "everysec")); RespClient c = node.client()) {
      assertEquals(atSave, Snapshots.ofClient(c));
    }
  }

  @Test
  void withoutAppendonlyNothingIsStored() throws Exception {
    try (TestNode node = TestNode.start(NodeConfig.defaults().withDir(dir.toString())); RespClient c = node.client()) {
      call(c, "SET", "a", "1");
      assertTrue(call(c, "SAVE").startsWith("-ERR persistence is off"));
      assertTrue(call(c, "BGSAVE").startsWith("-ERR persistence is off"));
      assertTrue(call(c, "INFO", "persistence").contains("aof_enabled:0"));
      assertEquals(":" + node.server().services().startedAtMs() / 1000, call(c, "LASTSAVE"));
    }
    assertTrue(!Files.exists(dir.resolve("data")));
  }

  private static String hex(String key) {
    return java.util.HexFormat.of().formatHex(key.getBytes());
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
