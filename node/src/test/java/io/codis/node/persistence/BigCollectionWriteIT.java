package io.codis.node.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.storage.StorageEngine;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import io.codis.node.testing.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LPUSH/RPUSH/LPOP/RPOP/LSET/LTRIM on a 1,000,000-element list, HSET on a 1,000,000-field hash and
 * ZADD on a 1,000,000-member sorted set write only what changed: asserted on the bytes and records
 * the node handed to RocksDB per command (not on wall time, which a loaded machine makes noisy).
 * The list's content is checked against a model, also after a restart. About 30 s on 2 loaded cores.
 */
@Timeout(150)
class BigCollectionWriteIT {
  private static final int BIG = 1_000_000;
  /** Under the change journal's 1,024 entries, so the fills themselves are written as deltas. */
  private static final int BATCH = 1_000;
  /** Bytes one small write to a big collection may cost: a few records of ~40-byte keys. */
  private static final long BYTES_MAX = 600;
  private static final long RECORDS_MAX = 6;

  @TempDir Path dir;

  private static StorageEngine engine(TestNode node) {
    return node.server().services().persistence().engine();
  }

  /**
   * One command at a time: a pipeline would put many commands into one commit, and past the
   * journal's 1,024 entries per commit a hash or sorted set is written whole.
   */
  private static void fill(RespClient c, String command, String key, boolean scored, boolean valued) throws Exception {
    for (int start = 0; start < BIG; start += BATCH) {
      List<String> args = new ArrayList<>(List.of(command, key));
      for (int i = start; i < start + BATCH; i++) {
        if (scored) {
          args.add(Integer.toString(i));
        }
        args.add("m" + i);
        if (valued) {
          args.add("v" + i);
        }
      }
      Reply r = c.call(args.toArray(String[]::new));
      assertTrue(r instanceof Reply.Int, r.toString());
    }
  }

  /** Runs one command; asserts it wrote at most a few small records. */
  private static void small(TestNode node, RespClient c, String... args) throws Exception {
    long bytes = engine(node).stats().bytes();
    long records = engine(node).stats().records();
    Reply r = c.call(args);
    assertTrue(!(r instanceof Reply.Error), String.join(" ", args) + ": " + r);
    long wroteBytes = engine(node).stats().bytes() - bytes;
    long wroteRecords = engine(node).stats().records() - records;
    assertTrue(wroteBytes <= BYTES_MAX && wroteRecords <= RECORDS_MAX,
        String.join(" ", args) + " wrote " + wroteBytes + " bytes in " + wroteRecords + " records");
  }

  private static void assertList(RespClient c, List<String> model) throws Exception {
    assertEquals(":" + model.size(), c.call("LLEN", "l").toString());
    for (int[] range : new int[][] {{0, 20}, {model.size() / 2 - 10, model.size() / 2 + 10},
        {model.size() - 20, model.size() - 1}}) {
      Reply.Arr got = (Reply.Arr) c.call("LRANGE", "l", Integer.toString(range[0]), Integer.toString(range[1]));
      List<String> texts = new ArrayList<>();
      for (Reply item : got.items()) {
        texts.add(((Reply.Bulk) item).text());
      }
      assertEquals(model.subList(range[0], range[1] + 1), texts, "LRANGE " + range[0] + " " + range[1]);
    }
  }

  @Test
  void smallWritesToMillionElementCollectionsWriteSmallDeltas() throws Exception {
    List<String> model = new ArrayList<>(BIG + 16);
    for (int i = 0; i < BIG; i++) {
      model.add("m" + i);
    }
    try (TestNode node = TestNode.start(PersistenceRestartIT.config(dir, "everysec"));
        RespClient c = node.client()) {
      fill(c, "RPUSH", "l", false, false);
      small(node, c, "LPUSH", "l", "head");
      model.add(0, "head");
      small(node, c, "RPUSH", "l", "tail");
      model.add("tail");
      small(node, c, "LPOP", "l");
      model.remove(0);
      small(node, c, "RPOP", "l");
      model.remove(model.size() - 1);
      small(node, c, "LSET", "l", "500000", "set-middle");
      model.set(500000, "set-middle");
      small(node, c, "LSET", "l", "-1", "set-last");
      model.set(model.size() - 1, "set-last");
      small(node, c, "RPOPLPUSH", "l", "l");
      model.add(0, model.remove(model.size() - 1));
      small(node, c, "LMOVE", "l", "l", "LEFT", "RIGHT");
      model.add(model.remove(0));
      small(node, c, "LTRIM", "l", "1", "-2");
      model.remove(0);
      model.remove(model.size() - 1);
      small(node, c, "LPUSH", "l", "a", "b", "c");
      model.add(0, "a");
      model.add(0, "b");
      model.add(0, "c");
      assertList(c, model);
      // Dropping 900,000 elements is two range deletes, not 900,000 deletes.
      small(node, c, "LTRIM", "l", "0", "99999");
      model.subList(100000, model.size()).clear();
      assertList(c, model);

      fill(c, "HSET", "h", false, true);
      small(node, c, "HSET", "h", "new", "x");
      small(node, c, "HSET", "h", "m5", "changed");
      small(node, c, "HDEL", "h", "m6");
      fill(c, "ZADD", "z", true, false);
      small(node, c, "ZADD", "z", "-1", "new");
      small(node, c, "ZADD", "z", "12.5", "m5");
      small(node, c, "ZREM", "z", "m9");
      small(node, c, "ZINCRBY", "z", "3", "m10");
    }
    try (TestNode node = TestNode.start(PersistenceRestartIT.config(dir, "everysec"));
        RespClient c = node.client()) {
      assertList(c, model);
      assertEquals(":" + BIG, c.call("HLEN", "h").toString());
      assertEquals("$\"changed\"", c.call("HGET", "h", "m5").toString());
      assertEquals(":" + BIG, c.call("ZCARD", "z").toString());
      assertEquals("$\"13\"", c.call("ZSCORE", "z", "m10").toString());
      // Loaded lists are journaled too.
      small(node, c, "RPUSH", "l", "after-restart");
      small(node, c, "LPOP", "l");
    }
  }
}
