package io.codis.node.replication;

import static io.codis.node.replication.ReplicationFixture.await;
import static io.codis.node.replication.ReplicationFixture.awaitCaughtUp;
import static io.codis.node.replication.ReplicationFixture.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.NodeProcess;
import io.codis.node.testing.RedisServerProcess;
import io.codis.node.testing.RespClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replication id and offset stored with the data ({@code appendonly yes}): real node processes
 * stopped with SIGTERM or SIGKILL and restarted on the same directory and port.
 *
 * <ul>
 *   <li>A replica or master restarted after a clean stop, or after a kill -9 under {@code always},
 *       resumes with a partial resync (the master's {@code sync_partial_ok} counts it, {@code
 *       sync_full} does not move) and both end with the same content.
 *   <li>A master that restarts with less than its replica had (its directory replaced by a copy
 *       taken earlier, which is what an everysec master finds after a power loss) and then takes
 *       more writes than the replica had: the replica must get a full sync, never continue onto
 *       data that diverged.
 * </ul>
 *
 * About 40 s on a loaded 2-core machine (eleven JVM starts).
 */
class ReplicationRestartIT {
  @RegisterExtension final NodeSandbox sandbox = new NodeSandbox("repl-restart-it");

  private NodeProcess start(String name, int port, String... args) throws Exception {
    String[] all = new String[args.length + 2];
    all[0] = "--appendonly";
    all[1] = "yes";
    System.arraycopy(args, 0, all, 2, args.length);
    NodeProcess node = sandbox.track(NodeProcess.startOnPort(sandbox.dir().resolve(name), port, all));
    try (RespClient c = new RespClient(port)) {
      c.call("CONFIG", "SET", "repl-ping-replica-period", "1"); // pings move the offset often
    }
    return node;
  }

  private static long stat(int port, String name) throws IOException {
    try (RespClient c = new RespClient(port)) {
      return Long.parseLong(ReplicationIT.stat(c, name));
    }
  }

  private static void write(int port, String prefix, int n) throws IOException {
    try (RespClient c = new RespClient(port)) {
      for (int i = 0; i < n; i++) {
        String k = prefix + i;
        switch (i % 4) {
          case 0 -> c.call("SET", k, "v" + i);
          case 1 -> c.call("HSET", k, "f", "v" + i, "g", "w");
          case 2 -> c.call("RPUSH", k, "a", "b", "c" + i);
          default -> c.call("ZADD", k, Integer.toString(i), "m" + i);
        }
      }
    }
  }

  private static void awaitSame(int masterPort, int replicaPort) throws Exception {
    try (RespClient m = new RespClient("127.0.0.1", masterPort, 15_000);
        RespClient r = new RespClient("127.0.0.1", replicaPort, 15_000)) {
      await("link up", 30_000, () -> ReplicationIT.up(r));
      awaitCaughtUp(m, r, 30_000);
      Map<String, String> expected = content(m);
      assertEquals(expected, content(r));
    }
  }

  @Test
  void restartedReplicaAndMasterContinueWithPartialResync() throws Exception {
    int mp = RedisServerProcess.freePort();
    int rp = RedisServerProcess.freePort();
    String[] always = {"--appendfsync", "always"};
    NodeProcess master = start("m", mp, always);
    String[] follow = {"--appendfsync", "always", "--replicaof", "127.0.0.1 " + mp};
    NodeProcess replica = start("r", rp, follow);
    write(mp, "a", 200);
    awaitSame(mp, rp);
    assertEquals(1, stat(mp, "sync_full"));

    // 1. replica SIGTERM, the master moves on, the replica continues from its stored offset
    replica.terminate();
    write(mp, "b", 100);
    replica = start("r", rp, follow);
    awaitSame(mp, rp);
    assertEquals(1, stat(mp, "sync_partial_ok"), "replica restarted after SIGTERM continues");

    // 2. replica kill -9 while a writer runs (always: its store has every batch it applied)
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      int i = 0;
      try (RespClient c = new RespClient(mp)) {
        while (!stop.get()) {
          c.call("INCR", "counter");
          c.call("HSET", "h" + (i % 50), "f" + i, "x");
          i++;
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "restart-it-writer");
    writer.start();
    try {
      Thread.sleep(700);
      replica.killNine();
      Thread.sleep(300);
      replica = start("r", rp, follow);
      try (RespClient r = new RespClient(rp)) {
        await("link up after kill -9", 30_000, () -> ReplicationIT.up(r));
      }
      Thread.sleep(300);
    } finally {
      stop.set(true);
      writer.join(10_000);
    }
    awaitSame(mp, rp);
    assertEquals(2, stat(mp, "sync_partial_ok"), "replica killed under always continues");
    assertEquals(1, stat(mp, "sync_full"));

    // 3. master SIGTERM (it waits for the replica's ACK first), restart: the replica continues
    master.terminate();
    master = start("m", mp, always);
    awaitSame(mp, rp);
    assertEquals(1, stat(mp, "sync_partial_ok"), "restarted master serves a partial resync");
    assertEquals(0, stat(mp, "sync_full"));
    write(mp, "c", 50);
    awaitSame(mp, rp);

    // 4. master kill -9 while idle and caught up (pings included): the replica continues
    Thread.sleep(1_500); // at least one ping (period 1 s) since the last write
    try (RespClient m = new RespClient(mp); RespClient r = new RespClient(rp)) {
      awaitCaughtUp(m, r, 30_000);
    }
    master.killNine();
    master = start("m", mp, always);
    awaitSame(mp, rp);
    assertEquals(1, stat(mp, "sync_partial_ok"), "master killed under always serves a partial resync");
    assertEquals(0, stat(mp, "sync_full"));
    write(mp, "d", 50);
    awaitSame(mp, rp);
  }

  @Test
  void masterThatLostWritesGivesAFullSync() throws Exception {
    int mp = RedisServerProcess.freePort();
    int rp = RedisServerProcess.freePort();
    NodeProcess master = start("m", mp, "--appendfsync", "everysec");
    String[] follow = {"--appendfsync", "everysec", "--replicaof", "127.0.0.1 " + mp};
    NodeProcess replica = start("r", rp, follow);
    write(mp, "a", 100);
    awaitSame(mp, rp);

    // What the master's disk will hold after the "power loss": its state now.
    master.terminate();
    Path backup = sandbox.dir().resolve("m-backup");
    copyTree(sandbox.dir().resolve("m"), backup);
    master = start("m", mp, "--appendfsync", "everysec");
    write(mp, "b", 100); // the replica gets these; the master will lose them
    awaitSame(mp, rp);
    replica.terminate();
    master.terminate();

    deleteTree(sandbox.dir().resolve("m"));
    copyTree(backup, sandbox.dir().resolve("m"));
    master = start("m", mp, "--appendfsync", "everysec");
    write(mp, "c", 300); // the master's offset now passes the replica's: same numbers, other data
    replica = start("r", rp, follow);
    awaitSame(mp, rp);
    assertEquals(1, stat(mp, "sync_full"), "a replica ahead of the restarted master resyncs fully");
    assertEquals(0, stat(mp, "sync_partial_ok"));
    try (RespClient r = new RespClient(rp)) {
      assertEquals("0", r.call("EXISTS", "b1").toString().replace(":", ""), "lost writes are gone from the replica");
      assertFalse(content(r).isEmpty());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().endsWith(".log")) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    assertTrue(Files.isDirectory(to.resolve("data")));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
