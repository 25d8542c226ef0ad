package io.codis.node.tier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.ColdValue;
import io.codis.node.keyspace.KeyspaceListener;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.MemoryKeyspace;
import io.codis.node.keyspace.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tier's accounting and eviction, on a real keyspace with an in-memory stand-in for the store. */
class MemoryTierTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A store that remembers what was "committed" (everything, at once) and counts loads. */
  private static final class FakeStore implements ColdStore {
    final Map<ByteBuffer, Object> data = new HashMap<>();
    final Set<ByteBuffer> dirty = new HashSet<>();
    int loads;
    MemoryKeyspace ks;

    @Override
    public Object loadCold(byte[] key) {
      loads++;
      return data.get(ByteBuffer.wrap(key));
    }

    @Override
    public boolean isDirty(byte[] key) {
      return dirty.contains(ByteBuffer.wrap(key));
    }

    @Override
    public void commitDirty() {
      for (ByteBuffer k : dirty) {
        data.put(k, ks.rawEntry(k.array()).value());
      }
      dirty.clear();
    }

    @Override
    public boolean writable() {
      return true;
    }
  }

  private static MemoryKeyspace keyspace(MemoryTier[] tier, FakeStore store) {
    MemoryKeyspace ks = new MemoryKeyspace(16);
    ks.listener(new KeyspaceListener() {
      @Override
      public void keyModified(byte[] key) {
        tier[0].keyModified(key);
        if (store != null) {
          store.dirty.add(ByteBuffer.wrap(key));
        }
      }

      @Override
      public void keyspaceFlushed() {
        tier[0].flushed();
      }
    });
    return ks;
  }

  private static void set(MemoryKeyspace ks, String key, int bytes) {
    ks.put(b(key), new byte[bytes]);
    ks.modified(b(key));
  }

  @Test
  void allkeysLruWithFullSamplingEvictsExactlyTheLeastRecentlyUsed() {
    MemoryTier[] tier = new MemoryTier[1];
    MemoryKeyspace ks = keyspace(tier, null);
    tier[0] = new MemoryTier(ks, null);
    tier[0].configure(1L << 30, EvictionPolicy.ALLKEYS_LRU, 64);
    for (int i = 0; i < 20; i++) {
      set(ks, "k" + i, 1000);
    }
    tier[0].settle();
    long perKey = tier[0].usedBytes() / 20;
    assertTrue(perKey >= 1000 + SizeEstimator.KEY_OVERHEAD, "estimate " + perKey);
    for (int i = 0; i < 20; i += 2) {
      ks.get(b("k" + i)); // the even keys become the most recent
    }
    tier[0].configure(perKey * 10, EvictionPolicy.ALLKEYS_LRU, 64);
    assertFalse(tier[0].overBudgetAfterEviction());
    assertTrue(tier[0].usedBytes() <= perKey * 10);
    for (int i = 0; i < 20; i++) {
      assertEquals(i % 2 == 0, ks.get(b("k" + i)) != null, "k" + i);
    }
    assertEquals(10, tier[0].evictedKeys());
  }

  @Test
  void noevictionAndVolatileWithoutVolatileKeysReportOverBudget() {
    MemoryTier[] tier = new MemoryTier[1];
    MemoryKeyspace ks = keyspace(tier, null);
    tier[0] = new MemoryTier(ks, null);
    tier[0].configure(5000, EvictionPolicy.NOEVICTION, 5);
    for (int i = 0; i < 10; i++) {
      set(ks, "k" + i, 1000);
    }
    assertTrue(tier[0].overBudgetAfterEviction());
    assertEquals(10, ks.size());
    tier[0].configure(5000, EvictionPolicy.VOLATILE_LRU, 5);
    assertTrue(tier[0].overBudgetAfterEviction());
    ks.expireAt(b("k3"), System.currentTimeMillis() + 100_000);
    assertTrue(tier[0].overBudgetAfterEviction(), "one volatile key is not enough");
    assertNull(ks.get(b("k3")), "the volatile key went first");
    assertEquals(9, ks.size());
  }

  @Test
  void withAStoreValuesGoColdAndComeBackOnAccess() {
    MemoryTier[] tier = new MemoryTier[1];
    FakeStore store = new FakeStore();
    MemoryKeyspace ks = keyspace(tier, store);
    store.ks = ks;
    tier[0] = new MemoryTier(ks, store);
    tier[0].configure(3000, EvictionPolicy.NOEVICTION, 5);
    for (int i = 0; i < 10; i++) {
      set(ks, "k" + i, 1000);
    }
    ListValue list = new ListValue();
    list.addLast(b("x"));
    ks.put(b("list"), list);
    ks.modified(b("list"));
    assertFalse(tier[0].overBudgetAfterEviction(), "a store never refuses");
    assertTrue(tier[0].usedBytes() <= 3000);
    assertEquals(11, ks.size(), "nothing is deleted");
    assertTrue(store.dirty.isEmpty(), "committed before going cold");
    int cold = 0;
    for (int i = 0; i < 10; i++) {
      if (ks.isCold(b("k" + i))) {
        cold++;
        assertEquals(ValueType.STRING, ks.typeOf(b("k" + i)), "TYPE without a load");
      }
    }
    assertTrue(cold >= 8, cold + " cold");
    int loadsBefore = store.loads;
    for (int i = 0; i < 10; i++) {
      assertArrayEquals(new byte[1000], (byte[]) ks.get(b("k" + i)));
    }
    assertEquals(loadsBefore + cold, store.loads);
    assertFalse(tier[0].overBudgetAfterEviction());
    assertTrue(tier[0].usedBytes() <= 3000);
    assertTrue(ks.rawEntry(b("k0")).value() instanceof ColdValue || ks.rawEntry(b("k9")).value() instanceof ColdValue);
  }

  @Test
  void lfuKeepsFrequentlyUsedKeys() {
    MemoryTier[] tier = new MemoryTier[1];
    MemoryKeyspace ks = keyspace(tier, null);
    tier[0] = new MemoryTier(ks, null);
    tier[0].configure(1L << 30, EvictionPolicy.ALLKEYS_LFU, 64);
    ks.now(System.currentTimeMillis());
    for (int i = 0; i < 20; i++) {
      set(ks, "k" + i, 1000);
    }
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 5; i++) {
        ks.get(b("k" + i));
      }
    }
    tier[0].settle();
    long perKey = tier[0].usedBytes() / 20;
    tier[0].configure(perKey * 5, EvictionPolicy.ALLKEYS_LFU, 64);
    assertFalse(tier[0].overBudgetAfterEviction());
    for (int i = 0; i < 5; i++) {
      assertTrue(ks.get(b("k" + i)) != null, "frequent key k" + i);
    }
    assertTrue(tier[0].frequency(ks.rawEntry(b("k0")).access()) > AccessClock.LFU_INIT_VAL);
  }
}
