package io.codis.node.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.KeyspaceListener;
import io.codis.node.keyspace.MemoryKeyspace;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.migrate.OutgoingMigration.Phase;
import io.codis.protocol.Slots;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The source's side without sockets: batches replayed into a model of the target (last record per
 * key wins, chunks accumulate) must equal the source at the block, whatever was written between
 * batches.
 */
class OutgoingMigrationTest {
  static final MigrationLimits SMALL = new MigrationLimits(4096, 16, 50, 100, 4, 20, 1000, 4, 0, 0, 3, 1000, 1000);

  private final MemoryKeyspace ks = new MemoryKeyspace(1024);
  private OutgoingMigration m;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String key(String tag, int i) {
    return "{" + tag + "}:" + i;
  }

  private void listen() {
    ks.listener(new KeyspaceListener() {
      @Override
      public void keyModified(byte[] key) {
        if (m != null && ks.slotOf(key) == m.slot) {
          m.keyModified(key);
        }
      }

      @Override
      public void keyspaceFlushed() {}

      @Override
      public void slotFlushed(int slot) {
        if (m != null && slot == m.slot) {
          m.slotFlushed();
        }
      }
    });
  }

  /** A client's write: the command reports it (as every handler calls {@code modified}). */
  private void write(byte[] key, String value) {
    ks.put(key, b(value));
    ks.modified(key);
  }

  /** The target's keys as the records leave them: strings and zset chunks, enough for this test. */
  private static void apply(Map<String, Object> target, byte[] payload) throws Exception {
    for (byte[][] r : RecordReader.read(payload, 10_000)) {
      String name = RecordReader.name(r);
      String k = r.length > 1 ? new String(r[1], StandardCharsets.UTF_8) : "";
      switch (name) {
        case "set" -> target.put(k, new String(r[2], StandardCharsets.UTF_8));
        case "del" -> target.remove(k);
        case "slotsimport-flush" -> target.clear();
        case "zadd" -> {
          @SuppressWarnings("unchecked")
          Map<String, Double> z = (Map<String, Double>) target.computeIfAbsent(k, x -> new HashMap<String, Double>());
          for (int i = 2; i < r.length; i += 2) {
            z.put(new String(r[i + 1], StandardCharsets.UTF_8), Double.parseDouble(new String(r[i], StandardCharsets.UTF_8)));
          }
        }
        case "restore" -> target.put(k, "restored");
        default -> throw new AssertionError("unexpected record " + name);
      }
    }
  }

  @Test
  void writesBetweenBatchesEndUpOnTheTargetAndTheBlockComesLast() throws Exception {
    listen();
    String tag = "x";
    int slot = Slots.slotOf(b(tag), 1024);
    for (int i = 0; i < 300; i++) {
      ks.put(b(key(tag, i)), b("v" + i));
    }
    ks.put(b("{other}:k"), b("stays"));
    m = new OutgoingMigration(slot, "id", "t:1", ks, SMALL, 0);
    Map<String, Object> target = new HashMap<>();
    int round = 0;
    OutgoingMigration.Batch batch;
    do {
      batch = m.nextBatch(round);
      apply(target, batch.payload());
      assertTrue(batch.payload().length <= SMALL.batchBytesMax() + 200, "bounded batch");
      if (!m.phase().blocksWrites()) { // a client's writes, only while not blocked
        write(b(key(tag, round % 300)), "w" + round);
        ks.remove(b(key(tag, (round * 7) % 300 + 1)));
        ks.modified(b(key(tag, (round * 7) % 300 + 1)));
        write(b(key(tag, 1000 + round)), "new" + round);
      }
      round++;
    } while (!batch.last());
    assertEquals(Phase.BLOCKED, m.phase());
    Map<String, Object> source = new HashMap<>();
    ks.scan(slot, 100_000, (k, v) -> {
      if (ks.slotOf(k) == slot) {
        source.put(new String(k, StandardCharsets.UTF_8), new String((byte[]) v, StandardCharsets.UTF_8));
      }
    });
    assertEquals(source, target);
    assertFalse(target.containsKey("{other}:k"));
  }

  @Test
  void aBigSortedSetGoesInChunksAndStartsOverWhenWritten() throws Exception {
    listen();
    String tag = "z";
    int slot = Slots.slotOf(b(tag), 1024);
    ZSetValue z = new ZSetValue(1000, 10);
    for (int i = 0; i < 1000; i++) {
      z.put(b("m" + i), i * 0.5);
    }
    byte[] key = b(key(tag, 0));
    ks.put(key, z);
    m = new OutgoingMigration(slot, "id", "t:1", ks, SMALL, 0);
    Map<String, Object> target = new HashMap<>();
    List<Integer> sizes = new ArrayList<>();
    OutgoingMigration.Batch batch;
    int round = 0;
    do {
      batch = m.nextBatch(round);
      sizes.add(batch.payload().length);
      apply(target, batch.payload());
      if (round == 3) { // written mid-way: sent again from the start, with the change
        z.put(b("m5"), -1);
        ks.modified(key);
      }
      round++;
    } while (!batch.last() && round < 1000);
    assertTrue(batch.last());
    @SuppressWarnings("unchecked")
    Map<String, Double> got = (Map<String, Double>) target.get(key(tag, 0));
    assertEquals(1000, got.size());
    assertEquals(-1.0, got.get("m5"));
    assertEquals(499.5, got.get("m999"));
    assertTrue(sizes.size() > 5, "many batches: " + sizes);
    assertTrue(sizes.stream().allMatch(s -> s <= SMALL.batchBytesMax() + 1024), "bounded batches: " + sizes);
  }

  @Test
  void phasesFollowTheTable() {
    m = new OutgoingMigration(1, "id", "t:1", ks, SMALL, 0);
    assertThrows(IllegalStateException.class, () -> m.to(Phase.READY, 1));
    assertThrows(IllegalStateException.class, () -> m.to(Phase.COMMITTED, 1));
    m.to(Phase.CATCHUP, 1);
    m.to(Phase.BLOCKED, 2);
    assertTrue(m.phase().blocksWrites());
    m.to(Phase.READY, 3);
    m.to(Phase.COMMITTED, 4);
    assertThrows(IllegalStateException.class, () -> m.to(Phase.CANCELLED, 5), "a commit cannot be cancelled");
    m.to(Phase.DONE, 6);
    assertThrows(IllegalStateException.class, () -> m.to(Phase.FAILED, 7));
  }
}
