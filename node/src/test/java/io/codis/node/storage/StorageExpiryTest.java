package io.codis.node.storage;

import static io.codis.node.storage.Stores.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageExpiryTest {
  @TempDir Path dir;

  private static List<String> names(List<ExpiredKey> expired) {
    List<String> out = new ArrayList<>();
    expired.forEach(k -> out.add(Stores.s(k.key())));
    return out;
  }

  @Test
  void scanExpiredReturnsDueKeysEarliestFirstUpToTheLimit() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        t.putString(b("late"), b("v"), 3_000);
        t.putString(b("early"), b("v"), 1_000);
        t.hashPut(b("hash"), b("f"), b("v"), false);
        t.setExpiry(b("hash"), 2_000);
        t.putString(b("forever"), b("v"), 0);
      });
      assertEquals(List.of(), names(e.scanExpired(999, 10)));
      assertEquals(List.of("early"), names(e.scanExpired(1_000, 10)), "due at exactly expire-at");
      assertEquals(List.of("early", "hash"), names(e.scanExpired(2_500, 10)));
      assertEquals(List.of("early", "hash"), names(e.scanExpired(Long.MAX_VALUE, 2)));
      assertEquals(2_000, e.scanExpired(2_500, 10).get(1).expireAtMs());

      // Moving and clearing an expiry moves and clears its index entry.
      Stores.commit(e, t -> {
        t.setExpiry(b("early"), 5_000);
        t.setExpiry(b("hash"), StorageEngine.NO_EXPIRY);
      });
      assertEquals(List.of("late", "early"), names(e.scanExpired(10_000, 10)));
      // SET without KEEPTTL clears it; deleting the key removes it.
      Stores.commit(e, t -> {
        t.putString(b("late"), b("w"), 0);
        t.deleteKey(b("early"));
      });
      assertEquals(List.of(), names(e.scanExpired(Long.MAX_VALUE, 10)));
      assertTrue(Stores.allRawKeys(e, Column.EXPIRY).isEmpty());
    }
  }

  @Test
  void entriesLeftByASlotFlushAreSkippedAndRemoved() {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> t.putString(b("k"), b("v"), 1_000));
      Stores.commit(e, t -> t.flushSlot(e.slotOf(b("k"))));
      assertEquals(1, Stores.allRawKeys(e, Column.EXPIRY).size(), "the time-first index keeps it for now");
      assertEquals(List.of(), names(e.scanExpired(2_000, 10)));
      assertTrue(Stores.allRawKeys(e, Column.EXPIRY).isEmpty(), "the stale entry is gone after the scan");
      // The same key written again with another expiry: the old stale entry would not match either.
      Stores.commit(e, t -> t.putString(b("k"), b("v"), 1_500));
      assertEquals(List.of("k"), names(e.scanExpired(2_000, 10)));
    }
  }
}
