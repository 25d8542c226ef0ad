package io.codis.node.keyspace;

import io.codis.protocol.Slots;
import java.util.SplittableRandom;

/**
 * The in-memory keyspace: one {@link Dict} of values and one of expiry times per slot, allocated when
 * the slot gets its first key. Keeping slots apart gives per-slot key counts for free, lets a slot be
 * flushed or (later) migrated without touching the others, and keeps every resize small.
 *
 * <p>Expiry is lazy (every {@link #get} checks it) and active ({@link #expireCycle} walks the slots'
 * expiry dicts round-robin with a time budget, so a million keys expiring at once cannot stall
 * commands).
 */
public final class MemoryKeyspace implements Keyspace {
  private final int slotCount;
  private final int slotBits;
  private final Dict<Object>[] values;
  private final Dict<Long>[] expires;
  private final SplittableRandom random = new SplittableRandom();
  private KeyspaceListener listener = KeyspaceListener.NONE;
  private TierHook tier = TierHook.NONE;
  private long size;
  private long volatileSize;
  private long now;
  private int expireSlot;
  private long expireCursor;

  @SuppressWarnings("unchecked")
  public MemoryKeyspace(int slotCount) {
    if (slotCount < 1 || slotCount > Slots.SLOT_COUNT_MAX) {
      throw new IllegalArgumentException(
          "slotCount: " + slotCount + " (expected: 1.." + Slots.SLOT_COUNT_MAX + ")");
    }
    this.slotCount = slotCount;
    this.slotBits = 32 - Integer.numberOfLeadingZeros(slotCount - 1);
    this.values = new Dict[slotCount];
    this.expires = new Dict[slotCount];
  }

  @Override
  public int slotCount() {
    return slotCount;
  }

  @Override
  public int slotOf(byte[] key) {
    return Slots.slotOf(key, slotCount);
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public void now(long epochMs) {
    this.now = epochMs;
  }

  @Override
  public void listener(KeyspaceListener value) {
    this.listener = value;
  }

  /** Installs the memory tier (maxmemory): cold values load through it, accesses are reported. */
  public void tier(TierHook value) {
    this.tier = value == null ? TierHook.NONE : value;
  }

  @Override
  public Object get(byte[] key) {
    int slot = slotOf(key);
    Dict<Object> dict = values[slot];
    if (dict == null) {
      return null;
    }
    Dict.Entry<Object> entry = dict.entry(key);
    if (entry == null) {
      return null;
    }
    if (expiredInSlot(slot, key)) {
      deleteExpired(slot, key);
      return null;
    }
    Object value = entry.value();
    if (value instanceof ColdValue cold) {
      // Expiry was checked first, so an expired cold key is deleted without being read.
      value = tier.load(key, cold);
      entry.value(value);
    }
    tier.accessed(entry);
    return value;
  }

  @Override
  public ValueType typeOf(byte[] key) {
    int slot = slotOf(key);
    Dict<Object> dict = values[slot];
    Dict.Entry<Object> entry = dict == null ? null : dict.entry(key);
    if (entry == null) {
      return null;
    }
    if (expiredInSlot(slot, key)) {
      deleteExpired(slot, key);
      return null;
    }
    tier.accessed(entry);
    return ValueType.of(entry.value());
  }

  /**
   * The keyspace's entry for {@code key} as it is: no expiry check, no load of a cold value, no
   * access recorded (the memory tier's view). Null when absent.
   */
  public Dict.Entry<Object> rawEntry(byte[] key) {
    Dict<Object> dict = values[slotOf(key)];
    return dict == null ? null : dict.entry(key);
  }

  @Override
  public boolean isCold(byte[] key) {
    int slot = slotOf(key);
    Dict<Object> dict = values[slot];
    if (dict == null) {
      return false;
    }
    return dict.get(key) instanceof ColdValue && !expiredInSlot(slot, key);
  }

  /**
   * A random key among those with an expiry (volatile-* eviction), or null when there is none.
   * O(slots) to pick the slot, then O(1) expected within it. Expired keys may be returned.
   */
  public byte[] randomVolatileKey(java.util.random.RandomGenerator rng) {
    if (volatileSize <= 0) {
      return null;
    }
    long pick = rng.nextLong(volatileSize);
    for (int slot = 0; slot < slotCount; slot++) {
      Dict<Long> slotExpires = expires[slot];
      int n = slotExpires == null ? 0 : slotExpires.size();
      if (pick < n) {
        return slotExpires.randomEntry(rng).key();
      }
      pick -= n;
    }
    return null;
  }

  private boolean expiredInSlot(int slot, byte[] key) {
    Dict<Long> slotExpires = expires[slot];
    if (slotExpires == null || slotExpires.isEmpty()) {
      return false;
    }
    Long at = slotExpires.get(key);
    return at != null && at <= now;
  }

  private void deleteExpired(int slot, byte[] key) {
    values[slot].remove(key);
    expires[slot].remove(key);
    size--;
    volatileSize--;
    listener.keyModified(key);
  }

  @Override
  public void putKeepTtl(byte[] key, Object value) {
    int slot = slotOf(key);
    Dict<Object> dict = values[slot];
    if (dict == null) {
      dict = values[slot] = new Dict<>();
    }
    boolean created = dict.put(key, value) == null;
    if (created) {
      size++;
    }
    if (tier != TierHook.NONE) {
      if (created) {
        tier.created(dict.entry(key));
      } else {
        tier.accessed(dict.entry(key));
      }
    }
  }

  @Override
  public void put(byte[] key, Object value) {
    putKeepTtl(key, value);
    clearExpiry(slotOf(key), key);
  }

  private boolean clearExpiry(int slot, byte[] key) {
    Dict<Long> slotExpires = expires[slot];
    if (slotExpires != null && slotExpires.remove(key) != null) {
      volatileSize--;
      return true;
    }
    return false;
  }

  @Override
  public boolean remove(byte[] key) {
    int slot = slotOf(key);
    Dict<Object> dict = values[slot];
    if (dict == null) {
      return false;
    }
    boolean expired = dict.containsKey(key) && expiredInSlot(slot, key);
    if (dict.remove(key) == null) {
      return false;
    }
    size--;
    clearExpiry(slot, key);
    return !expired;
  }

  @Override
  public long expireAt(byte[] key) {
    int slot = slotOf(key);
    Dict<Long> slotExpires = expires[slot];
    if (slotExpires == null) {
      return -1;
    }
    Long at = slotExpires.get(key);
    return at == null ? -1 : at;
  }

  @Override
  public void expireAt(byte[] key, long epochMs) {
    int slot = slotOf(key);
    if (values[slot] == null || !values[slot].containsKey(key)) {
      return;
    }
    if (epochMs <= now) {
      remove(key);
      return;
    }
    Dict<Long> slotExpires = expires[slot];
    if (slotExpires == null) {
      slotExpires = expires[slot] = new Dict<>();
    }
    if (slotExpires.put(key, epochMs) == null) {
      volatileSize++;
    }
  }

  @Override
  public boolean persist(byte[] key) {
    return clearExpiry(slotOf(key), key);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int slotSize(int slot) {
    Dict<Object> dict = values[slot];
    return dict == null ? 0 : dict.size();
  }

  @Override
  public long volatileSize() {
    return volatileSize;
  }

  @Override
  public long scan(long cursor, int count, KeyVisitor visitor) {
    long slotMask = (1L << slotBits) - 1;
    int slot = (int) (cursor & slotMask);
    long bucketCursor = cursor >>> slotBits;
    int[] visited = {0};
    while (slot < slotCount) {
      Dict<Object> dict = values[slot];
      if (dict == null || dict.isEmpty()) {
        slot++;
        bucketCursor = 0;
        continue;
      }
      final int currentSlot = slot;
      do {
        bucketCursor =
            dict.scan(
                bucketCursor,
                (key, value) -> {
                  if (!expiredInSlot(currentSlot, key)) {
                    visitor.visit(key, value);
                    visited[0]++;
                  }
                });
      } while (bucketCursor != 0 && visited[0] < count);
      if (bucketCursor == 0) {
        slot++;
      }
      if (visited[0] >= count) {
        break;
      }
    }
    if (slot >= slotCount) {
      return 0;
    }
    return (bucketCursor << slotBits) | slot;
  }

  @Override
  public byte[] randomKey() {
    // An expired key that is picked is deleted on the spot (as Redis's dbRandomKey does), so the
    // loop ends: either a live key is found or the keyspace runs out. Giving up after a fixed number
    // of attempts would answer "empty" while live keys remain among many expired ones.
    while (size > 0) {
      long pick = random.nextLong(size);
      for (int slot = 0; slot < slotCount; slot++) {
        int n = slotSize(slot);
        if (pick < n) {
          Dict.Entry<Object> entry = values[slot].randomEntry(random);
          if (!expiredInSlot(slot, entry.key())) {
            return entry.key();
          }
          deleteExpired(slot, entry.key());
          break;
        }
        pick -= n;
      }
    }
    return null;
  }

  @Override
  public void flushAll() {
    for (int slot = 0; slot < slotCount; slot++) {
      values[slot] = null;
      expires[slot] = null;
    }
    size = 0;
    volatileSize = 0;
    listener.keyspaceFlushed();
  }

  @Override
  public void flushSlot(int slot) {
    size -= slotSize(slot);
    if (expires[slot] != null) {
      volatileSize -= expires[slot].size();
    }
    values[slot] = null;
    expires[slot] = null;
    listener.slotFlushed(slot);
  }

  @Override
  public int expireCycle(long budgetNanos) {
    if (volatileSize == 0) {
      return 0;
    }
    long deadline = System.nanoTime() + budgetNanos;
    int deleted = 0;
    int slotsVisited = 0;
    java.util.List<byte[]> expired = new java.util.ArrayList<>();
    while (slotsVisited <= slotCount && System.nanoTime() < deadline) {
      Dict<Long> slotExpires = expires[expireSlot];
      if (slotExpires == null || slotExpires.isEmpty()) {
        nextExpireSlot();
        slotsVisited++;
        continue;
      }
      expired.clear();
      for (int buckets = 0; buckets < 16; buckets++) {
        expireCursor =
            slotExpires.scan(
                expireCursor,
                (key, at) -> {
                  if (at <= now) {
                    expired.add(key);
                  }
                });
        if (expireCursor == 0) {
          break;
        }
      }
      for (byte[] key : expired) {
        deleteExpired(expireSlot, key);
        deleted++;
      }
      if (expireCursor == 0) {
        nextExpireSlot();
        slotsVisited++;
      }
    }
    return deleted;
  }

  private void nextExpireSlot() {
    expireSlot = (expireSlot + 1) % slotCount;
    expireCursor = 0;
  }

  @Override
  public void modified(byte[] key) {
    listener.keyModified(key);
  }
}
