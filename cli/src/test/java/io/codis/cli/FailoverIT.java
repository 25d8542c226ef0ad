package io.codis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.model.FailoverView;
import io.codis.meta.client.model.GroupView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Automatic failover with real processes: {@code codisctl local up} (3 metaservers, 2 groups of a
 * master and a replica, 1 proxy), writes through the proxy, then SIGKILL of group 1's master. The
 * metaservers detect it by quorum, the controller promotes the replica, the cluster view records
 * the failover and its reason, codisctl cluster status shows it, and writes through the proxy
 * succeed again. Before that, codisctl group promote switches group 2 over while a client writes:
 * no write fails or is lost. Prints the switchover pause, the times from the kill to the promotion
 * and to the first successful write.
 * About 2 minutes on a loaded 2-core machine (mostly JVM start-up).
 */
class FailoverIT {
  @Test
  @Timeout(400)
  void sigkillOfAMasterPromotesItsReplica() throws Exception {
    Path dir = Files.createTempDirectory("failover-it");
    LocalClusterProcess cluster = new LocalClusterProcess(dir);
    try {
      cluster.up();
      String master = cluster.node(0);
      String replica = cluster.node(1);
      MetaClient meta = new MetaClient(List.of(cluster.meta().split(",")));
      GroupView before = meta.group(1);
      assertEquals(master, before.master(), "layout: group 1's master is the first node");
      try (Jedis j = new Jedis("127.0.0.1", cluster.proxyPort())) {
        for (int i = 0; i < 200; i++) {
          j.set("k" + i, "v" + i);
        }
      }
      switchover(cluster);
      long masterOffset = Long.parseLong(io.codis.cli.commands.NodeProbe.replication(master)
          .get("master_repl_offset"));
      awaitReplicaOffset(replica, masterOffset);
      long pid = pidOf(cluster, "node-1-0");
      long t0 = System.nanoTime();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      GroupView after = null;
      while (System.nanoTime() - t0 < 60_000_000_000L) {
        try {
          after = meta.group(1);
          if (replica.equals(after.master())) {
            break;
          }
        } catch (RuntimeException e) {
          // a metaserver busy on a loaded machine: ask again
        }
        Thread.sleep(50);
      }
      long promotedMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(replica, after.master(), "replica not promoted within 60 s: " + after);
      long writeMs = firstWrite(cluster.proxyPort(), t0);
      System.out.println("FailoverIT: kill -9 to promotion " + promotedMs + " ms, to first "
          + "successful write through the proxy " + writeMs + " ms");
      assertTrue(promotedMs < 20_000, "promotion took " + promotedMs + " ms");
      FailoverView f = after.failovers().get(after.failovers().size() - 1);
      assertEquals(FailoverView.MASTER_FAILED, f.reason());
      assertEquals(master, f.from());
      assertEquals(replica, f.to());
      assertEquals(before.epoch() + 1, f.epoch());
      assertTrue(f.toOffset() > 0, "promoted at a real offset: " + f);
      assertTrue(after.replicas().contains(master), "the old master stays to rejoin: " + after);
      String status = ctl(cluster, "cluster", "status");
      assertTrue(status.contains("FAILOVERS") && status.matches("(?s).*\\n1\\s+\\d+\\s+"
          + master.replace(".", "\\.") + "\\s+" + replica.replace(".", "\\.")
          + "\\s+master_failed.*"), status);
      try (Jedis j = new Jedis("127.0.0.1", cluster.proxyPort())) {
        for (int i = 0; i < 200; i++) {
          assertEquals("v" + i, j.get("k" + i), "a write acknowledged before the switchover and the kill");
        }
      }
    } catch (Throwable t) {
      System.err.println(cluster.output);
      throw t;
    } finally {
      try {
        cluster.close();
      } finally {
        LocalClusterProcess.deleteTree(dir);
      }
    }
  }

  /*
   * codisctl group promote (a planned switchover) of group 2 while a client writes through the
   * proxy: every acknowledged write is readable afterwards, and a write either succeeds or is
   * refused before execution (READONLY, FENCED); prints the longest write, the refusals and the
   * pause the metaserver measured.
   */
  private static void switchover(LocalClusterProcess cluster) throws Exception {
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong maxNanos = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicInteger acked = new java.util.concurrent.atomic.AtomicInteger();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> notExecuted = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.Set<Integer> ackedKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread writer = new Thread(() -> {
      try (Jedis j = new Jedis("127.0.0.1", cluster.proxyPort())) {
        for (int i = 0; !stop.get(); i++) {
          long t = System.nanoTime();
          try {
            j.set("sw" + i, "s" + i);
            ackedKeys.add(i);
            acked.incrementAndGet();
          } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            // Refused before execution (READONLY from a master that just became a replica, or
            // FENCED): the write did not happen; anything else is a failure.
            if (!e.getMessage().startsWith("READONLY") && !e.getMessage().startsWith("FENCED")) {
              throw e;
            }
            notExecuted.add(e.getMessage());
          }
          maxNanos.accumulateAndGet(System.nanoTime() - t, Math::max);
        }
      } catch (Throwable t) {
        errors.add(t);
      }
    }, "switchover-writer");
    writer.start();
    Thread.sleep(500);
    String out = ctl(cluster, "group", "promote", "2", cluster.node(3));
    Thread.sleep(1_000);
    stop.set(true);
    writer.join(30_000);
    System.out.println("FailoverIT: " + out.trim() + "; longest write through the proxy "
        + maxNanos.get() / 1_000_000 + " ms, " + acked.get() + " writes acknowledged, "
        + notExecuted.size() + " refused before execution " + new java.util.TreeSet<>(notExecuted));
    assertTrue(errors.isEmpty(), "writes failed during the switchover: " + errors);
    assertTrue(out.contains(cluster.node(3) + " is now the master of group 2"), out);
    try (Jedis j = new Jedis("127.0.0.1", cluster.proxyPort())) {
      for (int i : ackedKeys) {
        assertEquals("s" + i, j.get("sw" + i), "acknowledged write sw" + i + " lost");
      }
    }
  }

  /* Async replication: wait until the replica has every write made before the kill. */
  private static void awaitReplicaOffset(String replica, long masterOffset) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      var info = io.codis.cli.commands.NodeProbe.replication(replica);
      String offset = info.get("slave_repl_offset");
      if ("up".equals(info.get("master_link_status")) && offset != null && Long.parseLong(offset) >= masterOffset) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("replica " + replica + " never reached offset " + masterOffset);
  }

  private static long firstWrite(int proxyPort, long t0) throws InterruptedException {
    while (System.nanoTime() - t0 < 60_000_000_000L) {
      try (Jedis j = new Jedis("127.0.0.1", proxyPort)) {
        for (int i = 0; i < 200; i++) {
          j.set("after" + i, "x");
        }
        return (System.nanoTime() - t0) / 1_000_000;
      } catch (RuntimeException e) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("no write through the proxy succeeded within 60 s of the kill");
  }

  private static long pidOf(LocalClusterProcess cluster, String name) throws Exception {
    for (String line : Files.readAllLines(cluster.dataDir.resolve("pids"))) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && f[1].equals(name)) {
        return Long.parseLong(f[2]);
      }
    }
    throw new AssertionError("no pid for " + name);
  }

  private static String ctl(LocalClusterProcess cluster, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = new HashMap<>();
    env.put("HOME", cluster.dataDir.toString());
    CodisCtl root = new CodisCtl(env, new PrintWriter(out, true), false);
    String[] all = new String[args.length + 2];
    all[0] = "--meta";
    all[1] = cluster.meta();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = CodisCtl.commandLine(root, new PrintWriter(err, true)).execute(all);
    assertEquals(0, code, err.toString());
    return out.toString();
  }
}
