package io.codis.node.replication;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting the writes of a stream range a full resync discards. */
class DiscardedWritesTest {
  static byte[] stream(String... records) {
    return String.join("", records).getBytes(StandardCharsets.UTF_8);
  }

  static String rec(String... argv) {
    StringBuilder b = new StringBuilder("*" + argv.length + "\r\n");
    for (String a : argv) {
      b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    return b.toString();
  }

  @Test
  void countsWritesNotPingsOrBatchMarkersAndNamesTheirKeys() {
    List<String> keys = new ArrayList<>();
    byte[] s = stream(rec("set", "a", "1"), rec("ping"), rec("multi"), rec("del", "b"), rec("restore", "c", "0", "x\r\ny", "REPLACE"),
        rec("exec"), rec("flushall"));
    assertEquals(4, DiscardedWrites.countRecords(s, keys));
    assertEquals(List.of("a", "b", "c"), keys);
  }

  @Test
  void aCutRecordAtTheEndIsNotCounted() {
    byte[] whole = stream(rec("set", "a", "1"), rec("set", "b", "2"));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4);
    assertEquals(1, DiscardedWrites.countRecords(cut, new ArrayList<>()));
  }

  @Test
  void onlyTheBytesPastTheNewMastersSwitchPointAreDiscarded() {
    byte[] shared = stream(rec("set", "kept", "1"));
    byte[] mine = stream(rec("set", "lost1", "1"), rec("set", "lost2", "2"));
    Backlog backlog = new Backlog(1 << 16, 0);
    backlog.append(shared);
    backlog.append(mine);
    long end = backlog.endOffset();
    DiscardedWrites d = new DiscardedWrites();
    // the new master continued our history "old" up to offset shared.length (second offset = +1)
    d.fullSyncReplaces("old", end, backlog, "new", "old", shared.length + 1, 3);
    assertEquals(2, d.writes());
    assertEquals(mine.length, d.bytes());
    assertEquals(1, d.events());
    // behind the switch point, or our own history again: nothing is discarded
    d.fullSyncReplaces("old", shared.length, backlog, "new", "old", shared.length + 1, 1);
    d.fullSyncReplaces("new", end, backlog, "new", "x", 1, 3);
    assertEquals(1, d.events());
    // a history the master does not know: the keys replaced are counted
    d.fullSyncReplaces("other", end, backlog, "new", "old", shared.length + 1, 3);
    assertEquals(3, d.keysReplaced());
    assertEquals(2, d.events());
  }
}
