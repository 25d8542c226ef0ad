package io.codis.node.migrate;

import static io.codis.node.migrate.MigrationFixture.await;
import static io.codis.node.migrate.MigrationFixture.phase;
import static io.codis.node.migrate.MigrationFixture.slotContent;
import static io.codis.node.migrate.MigrationFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.NodeProcess;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slot migration between two real node processes (standalone: the operator's SLOTSMIGRATE COMMIT
 * is the switch). Under continuous writes from real clients nothing is lost or duplicated; a cancel
 * halfway leaves the source serving and the target empty; a slot with a 1,000,000-element sorted
 * set moves in chunks without stalling either event loop. About 60 s on a loaded 2-core machine.
 */
class SlotMigrationIT {
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<RespClient> clients = new ArrayList<>();
  private Path dir;
  private NodeProcess a;
  private NodeProcess b;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createTempDirectory("slot-migration-it");
    a = start("a");
    b = start("b");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (RespClient c : clients) {
      c.close();
    }
    for (NodeProcess n : nodes) {
      n.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private NodeProcess start(String name) throws Exception {
    // 1.5 GB: the 1M-member sorted set is ~250 MB of heap per node, and a near-full 512 MB heap
    // turns the measurement of the event loops' batches into one of full GCs
    NodeProcess n = NodeProcess.startWithJvm(dir.resolve(name), List.of("-Xmx1536m"), "--masterauth", "secret");
    nodes.add(n);
    try (RespClient c = new RespClient("127.0.0.1", n.port(), 10_000)) {
      // set after the start: the fixture waits for an unauthenticated PING; the worker must AUTH
      assertEquals(new Reply.Simple("OK"), c.call("CONFIG", "SET", "requirepass", "secret"));
    }
    return n;
  }

  private RespClient client(NodeProcess n) throws Exception {
    RespClient c = new RespClient("127.0.0.1", n.port(), 30_000);
    clients.add(c);
    assertEquals(new Reply.Simple("OK"), c.call("AUTH", "secret"));
    return c;
  }

  private static String target(NodeProcess n) {
    return "127.0.0.1:" + n.port();
  }

  /** A writer that INCRs a counter, RPUSHes its sequence and SADDs a member, retrying TRYAGAIN. */
  private static final class Writer extends Thread {
    final String tag;
    final int id;
    final RespClient c;
    final AtomicBoolean moved = new AtomicBoolean();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Acknowledged RPUSHes, INCRs and SADDs (a MOVED can stop the writer between two of them). */
    volatile int pushed;
    volatile int incremented;
    volatile int added;
    volatile int tryagains;

    Writer(String tag, int id, RespClient c) {
      this.tag = tag;
      this.id = id;
      this.c = c;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        for (int i = 0; ; i++) {
          if (!write("RPUSH", "{" + tag + "}:log:" + id, Integer.toString(i))) {
            return;
          }
          pushed++;
          if (!write("INCR", "{" + tag + "}:ctr:" + id)) {
            return;
          }
          incremented++;
          if (!write("SADD", "{" + tag + "}:set", id + "-" + i)) {
            return;
          }
          added++;
          if (!write("SET", "{" + tag + "}:s:" + id + ":" + (i % 500), Integer.toString(i))) {
            return;
          }
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }

    /** False when the slot moved (MOVED): the writer stops there, as a client would re-route. */
    private boolean write(String... cmd) throws Exception {
      while (true) {
        Reply r = c.call(cmd);
        if (r instanceof Reply.Error e) {
          if (e.text().startsWith("TRYAGAIN")) {
            tryagains++;
            Thread.sleep(1);
            continue;
          }
          if (e.text().startsWith("MOVED")) {
            moved.set(true);
            return false;
          }
          throw new AssertionError(String.join(" ", cmd) + " -> " + e.text());
        }
        return true;
      }
    }
  }

  @Test
  void slotMovesUnderContinuousWritesWithNothingLostOrDuplicated() throws Exception {
    String tag = MigrationFixture.tagOfSomeSlot(1, -1);
    int slot = MigrationFixture.slotOf(tag);
    String other = MigrationFixture.tagOfSomeSlot(100, slot);
    RespClient ca = client(a);
    RespClient cb = client(b);
    for (int i = 0; i < 3000; i++) {
      ca.send("SET", "{" + tag + "}:k" + i, "v" + i);
    }
    for (int i = 0; i < 3000; i++) {
      ca.read();
    }
    ca.call("SET", "{" + tag + "}:ttl", "x", "PX", "600000");
    for (int i = 0; i < 3000; i++) { // a hash above the chunking threshold
      ca.send("HSET", "{" + tag + "}:bighash", "f" + i, "v" + i);
    }
    for (int i = 0; i < 3000; i++) {
      ca.read();
    }
    ca.call("PEXPIRE", "{" + tag + "}:bighash", "600000");
    ca.call("ZADD", "{" + tag + "}:z", "1.5", "a", "-inf", "b", "1e-7", "c");
    ca.call("SET", "{" + other + "}:stay", "here");

    List<Writer> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      Writer writer = new Writer(tag, w, client(a));
      writers.add(writer);
      writer.start();
    }
    Thread.sleep(300);
    Reply id = ca.call("SLOTSMIGRATE", "START", Integer.toString(slot), target(b), "KEYS-PER-SEC", "20000");
    assertTrue(id instanceof Reply.Bulk, id.toString());
    await("ready", 60_000, () -> phase(ca, slot).equals("ready"));
    // writes are blocked now (the writers spin on TRYAGAIN); reads of the slot are still served
    Map<String, String> atReady = slotContent(ca, slot);
    assertEquals(new Reply.Bulk("v7".getBytes()), ca.call("GET", "{" + tag + "}:k7"));
    assertEquals(new Reply.Error("TRYAGAIN slot " + slot + " is switching owner"),
        ca.call("SET", "{" + tag + "}:k7", "late"));
    assertEquals(new Reply.Error("TRYAGAIN slot " + slot + " is being imported"), cb.call("GET", "{" + tag + "}:k7"));
    assertEquals(new Reply.Simple("OK"), ca.call("SLOTSMIGRATE", "COMMIT", Integer.toString(slot)));
    await("done", 30_000, () -> phase(ca, slot).equals("done"));
    for (Writer w : writers) {
      w.join(30_000);
      assertEquals(null, w.failure.get());
    }
    Map<String, String> s = status(ca, slot);
    int tryagains = writers.stream().mapToInt(w -> w.tryagains).sum();
    System.out.println("migration under writes: " + s + ", TRYAGAIN answers seen by the writers: " + tryagains);

    Map<String, String> onB = slotContent(cb, slot);
    assertEquals(atReady.keySet(), onB.keySet());
    assertEquals(atReady, onB);
    int total = 0;
    for (Writer w : writers) {
      // every acknowledged write is there exactly once, in order
      Reply.Arr log = (Reply.Arr) cb.call("LRANGE", "{" + tag + "}:log:" + w.id, "0", "-1");
      assertEquals(w.pushed, log.items().size(), "log " + w.id);
      for (int i = 0; i < w.pushed; i++) {
        assertEquals(Integer.toString(i), ((Reply.Bulk) log.items().get(i)).text());
      }
      assertEquals(new Reply.Bulk(Integer.toString(w.incremented).getBytes()), cb.call("GET", "{" + tag + "}:ctr:" + w.id));
      total += w.added;
    }
    assertEquals(new Reply.Int(total), cb.call("SCARD", "{" + tag + "}:set"));
    assertEquals(new Reply.Int(3000), cb.call("HLEN", "{" + tag + "}:bighash"));
    assertTrue(((Reply.Int) cb.call("PTTL", "{" + tag + "}:bighash")).value() > 0);
    assertTrue(total > 0, "the writers wrote during the migration");
    // the source answers MOVED and dropped the slot; other slots stay
    assertEquals(new Reply.Error("MOVED " + slot + " " + target(b)), ca.call("GET", "{" + tag + "}:k7"));
    assertEquals(new Reply.Arr('*', List.of()), ca.call("SLOTSINFO", Integer.toString(slot), "1"));
    assertEquals(new Reply.Bulk("here".getBytes()), ca.call("GET", "{" + other + "}:stay"));
    assertEquals(new Reply.Simple("OK"), cb.call("SET", "{" + tag + "}:after", "1"));
  }

  @Test
  void cancelHalfwayKeepsTheSourceServingAndEmptiesTheTarget() throws Exception {
    String tag = MigrationFixture.tagOfSomeSlot(7, -1);
    int slot = MigrationFixture.slotOf(tag);
    RespClient ca = client(a);
    RespClient cb = client(b);
    for (int i = 0; i < 4000; i++) {
      ca.send("SET", "{" + tag + "}:k" + i, "v" + i);
    }
    for (int i = 0; i < 4000; i++) {
      ca.read();
    }
    Map<String, String> before = slotContent(ca, slot);
    ca.call("SLOTSMIGRATE", "START", Integer.toString(slot), target(b), "KEYS-PER-SEC", "2000");
    await("half sent", 30_000, () -> {
      try {
        return Long.parseLong(status(ca, slot).get("keys-sent")) >= 1000;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertEquals("snapshot", phase(ca, slot));
    assertEquals(new Reply.Simple("OK"), ca.call("SLOTSMIGRATE", "CANCEL", Integer.toString(slot)));
    assertEquals("cancelled", phase(ca, slot));
    assertEquals(new Reply.Simple("OK"), ca.call("SET", "{" + tag + "}:k1", "changed"));
    await("target dropped its copy", 10_000, () -> {
      try {
        return ((Reply.Arr) cb.call("SLOTSIMPORT", "STATUS")).items().isEmpty()
            && ((Reply.Arr) cb.call("SLOTSINFO", Integer.toString(slot), "1")).items().isEmpty();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    ca.call("SET", "{" + tag + "}:k1", "v1");
    assertEquals(before, slotContent(ca, slot));
  }

  @Test
  void aMillionElementSortedSetMovesInChunksWithoutStallingEitherNode() throws Exception {
    String tag = MigrationFixture.tagOfSomeSlot(20, -1);
    int slot = MigrationFixture.slotOf(tag);
    String other = MigrationFixture.tagOfSomeSlot(300, slot);
    String key = "{" + tag + "}:big";
    RespClient ca = client(a);
    RespClient cb = client(b);
    int members = 1_000_000;
    int perCommand = 1000;
    for (int base = 0; base < members; base += perCommand * 50) {
      int sent = 0;
      for (int cmd = base; cmd < Math.min(members, base + perCommand * 50); cmd += perCommand) {
        List<String> args = new ArrayList<>(List.of("ZADD", key));
        for (int m = cmd; m < cmd + perCommand; m++) {
          args.add(Integer.toString(m % 977));
          args.add("m" + m);
        }
        ca.send(args.toArray(new String[0]));
        sent++;
      }
      for (int i = 0; i < sent; i++) {
        ca.read();
      }
    }
    assertEquals(new Reply.Int(members), ca.call("ZCARD", key));
    ca.call("SET", "{" + other + "}:probe", "x");
    long[] worst = {0, 0};
    AtomicBoolean stop = new AtomicBoolean();
    RespClient pa = client(a);
    RespClient pb = client(b);
    Thread probe = new Thread(() -> {
      try {
        while (!stop.get()) {
          long t0 = System.nanoTime();
          pa.call("GET", "{" + other + "}:probe");
          long t1 = System.nanoTime();
          pb.call("PING");
          long t2 = System.nanoTime();
          worst[0] = Math.max(worst[0], t1 - t0);
          worst[1] = Math.max(worst[1], t2 - t1);
          Thread.sleep(2);
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    probe.setDaemon(true);
    long started = System.nanoTime();
    probe.start();
    ca.call("SLOTSMIGRATE", "START", Integer.toString(slot), target(b));
    await("ready", 120_000, () -> phase(ca, slot).equals("ready"));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    Reply.Arr imports = (Reply.Arr) cb.call("SLOTSIMPORT", "STATUS");
    List<Reply> importFields = ((Reply.Arr) imports.items().get(0)).items();
    long maxApplyUs = -1;
    long maxApplyCpuUs = -1;
    for (int i = 0; i < importFields.size(); i += 2) {
      String name = ((Reply.Bulk) importFields.get(i)).text();
      if (name.equals("max-apply-us")) {
        maxApplyUs = ((Reply.Int) importFields.get(i + 1)).value();
      } else if (name.equals("max-apply-cpu-us")) {
        maxApplyCpuUs = ((Reply.Int) importFields.get(i + 1)).value();
      }
    }
    Reply head = ca.call("ZRANGE", key, "0", "999", "WITHSCORES");
    Reply middle = ca.call("ZRANGE", key, "500000", "500999", "WITHSCORES");
    ca.call("SLOTSMIGRATE", "COMMIT", Integer.toString(slot));
    await("done", 30_000, () -> phase(ca, slot).equals("done"));
    stop.set(true);
    probe.join(10_000);
    Map<String, String> s = status(ca, slot);
    System.out.printf("1M-member zset: moved in %d ms; worst GET on the source %.1f ms, worst PING on the target"
        + " %.1f ms (client-side, includes GC and the machine's load); longest batch on the source's event loop %s us"
        + " (%s us CPU), longest apply on the target's %d us (%d us CPU); %s%n",
        tookMs, worst[0] / 1e6, worst[1] / 1e6, s.get("max-batch-us"), s.get("max-batch-cpu-us"), maxApplyUs,
        maxApplyCpuUs, s);
    assertEquals(new Reply.Int(members), cb.call("ZCARD", key));
    for (int m : new int[] {0, 1, 499_999, 999_999}) {
      assertEquals(new Reply.Bulk(Integer.toString(m % 977).getBytes()), cb.call("ZSCORE", key, "m" + m));
    }
    assertEquals(head, cb.call("ZRANGE", key, "0", "999", "WITHSCORES"));
    assertEquals(middle, cb.call("ZRANGE", key, "500000", "500999", "WITHSCORES"));
    assertEquals(new Reply.Error("MOVED " + slot + " " + target(b)), ca.call("ZCARD", key));
    // The event loops' own cost per batch in CPU time, free of GC pauses and of waiting for a core
    // (wall times above include both): encoding or applying the whole 1M-member value in one turn
    // (a ~24 MB RESTORE payload) costs seconds of CPU, a chunked batch milliseconds.
    assertTrue(Long.parseLong(s.get("max-batch-cpu-us")) < 250_000, "longest batch " + s.get("max-batch-cpu-us") + " us CPU");
    assertTrue(maxApplyCpuUs >= 0 && maxApplyCpuUs < 250_000, "longest apply " + maxApplyCpuUs + " us CPU");
    assertTrue(Long.parseLong(s.get("batches-sent")) > 20, "sent in many batches: " + s.get("batches-sent"));
  }
}
