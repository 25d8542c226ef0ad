package io.codis.node.tier;

import io.codis.node.keyspace.ColdValue;
import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.MemoryKeyspace;
import io.codis.node.keyspace.TierHook;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code maxmemory} budget over the keyspace's decoded values.
 *
 * <h2>Accounting</h2>
 * Every hot key (one whose decoded value is in memory) has an estimated size ({@link
 * SizeEstimator}) in {@link #hot}; {@link #usedBytes()} is their sum. Keys written since the last
 * check are {@link #pending}: they are re-estimated in {@link #settle()}, which runs before every
 * command, so a command is admitted against an up-to-date figure at O(keys it wrote) cost. Cold keys
 * (a {@link ColdValue} in the keyspace) cost only their index entry, which is not counted: maxmemory
 * bounds the decoded values, the key index (about 60 bytes plus the key per key) is reported apart.
 *
 * <h2>Eviction order: sampled approximate LRU (or LFU, TTL, random)</h2>
 * As Redis does: each eviction samples {@code maxmemory-samples} (default 5) candidates and evicts
 * the best one by the policy's rank. Exact LRU needs a linked list through every key (two
 * references per key, and pointer chasing on every read); sampling costs nothing per read beyond
 * writing the entry's clock, and with 5 samples the evicted key is older than ~83% of keys on
 * average (Redis's measurements show sampled LRU close to exact LRU on skewed workloads).
 * Candidates come from the hot registry (so cold keys are never sampled, however many there are),
 * or, for the volatile-* policies in cache mode, from the keyspace's expiry dicts.
 *
 * <h2>Two modes</h2>
 * <ul>
 *   <li><b>With a store</b> ({@code appendonly yes}): a victim <em>goes cold</em> (its value is
 *       replaced by a {@link ColdValue}; RocksDB holds it) and is reloaded on the next access. Only
 *       keys whose writes are committed can go cold, so when over budget the pending batch is
 *       committed first. Nothing is ever lost and no command is refused; the policy chooses only
 *       the rank (LFU for *-lfu, LRU otherwise).
 *   <li><b>Without a store</b>: Redis's cache mode. A victim is deleted (WATCH sees it, {@code
 *       evicted_keys} counts it); when nothing can be evicted (noeviction, or volatile-* without
 *       volatile keys), commands flagged {@code denyoom} get Redis's {@code -OOM}.
 * </ul>
 *
 * <p>Execution thread only.
 */
public final class MemoryTier implements TierHook {
  /** Evictions one call makes at most; the rest waits for the next command (bounded pause). */
  static final int EVICTIONS_PER_CALL_MAX = 100_000;
  /** Consecutive samplings that found no candidate before an eviction attempt gives up. */
  static final int EMPTY_SAMPLINGS_MAX = 16;
  public static final String OOM =
      "OOM command not allowed when used memory > 'maxmemory'.";

  private final MemoryKeyspace keyspace;
  private final ColdStore store;
  private final AccessClock clock = new AccessClock();
  private final SplittableRandom random = new SplittableRandom(0x5eed);
  /** Hot key -> {estimated bytes}. */
  private final Dict<long[]> hot = new Dict<>();
  private final Dict<Boolean> pending = new Dict<>();
  private long maxBytes;
  private EvictionPolicy policy = EvictionPolicy.NOEVICTION;
  private int samples = 5;
  private long usedBytes;
  private long evictedKeys;
  private long evictedToCold;
  private long coldLoads;

  /** {@code store} null: cache mode (victims are deleted). */
  public MemoryTier(MemoryKeyspace keyspace, ColdStore store) {
    this.keyspace = keyspace;
    this.store = store;
    if (store != null) {
      keyspace.tier(this); // cold keys may exist from the start (lazy warm-up)
    }
  }

  /**
   * Applies {@code maxmemory}, {@code maxmemory-policy} and {@code maxmemory-samples} (start-up
   * and CONFIG SET). Turning the budget on registers every key already decoded in memory (one pass
   * over the keyspace); turning it off drops the registry (cold keys still load on access).
   */
  public void configure(long maxBytes, EvictionPolicy policy, int samples) {
    this.policy = policy;
    this.samples = Math.max(1, samples);
    clock.lfu(policy.rank() == EvictionPolicy.Rank.LFU);
    boolean wasOn = accounting();
    this.maxBytes = maxBytes;
    if (accounting() && !wasOn) {
      keyspace.tier(this);
      registerAll();
    } else if (!accounting() && wasOn) {
      hot.clear();
      pending.clear();
      usedBytes = 0;
      if (store == null) {
        keyspace.tier(TierHook.NONE);
      }
    }
  }

  private boolean accounting() {
    return maxBytes > 0;
  }

  private void registerAll() {
    hot.clear();
    pending.clear();
    usedBytes = 0;
    long cursor = 0;
    do {
      cursor = keyspace.scan(cursor, 1024, (key, value) -> {
        if (!(value instanceof ColdValue)) {
          pending.put(key, Boolean.TRUE);
        }
      });
    } while (cursor != 0);
    settle();
  }

  // ---- keyspace events ----

  @Override
  public Object load(byte[] key, ColdValue cold) {
    if (store == null) {
      throw new IllegalStateException("cold value without a store: " + cold);
    }
    Object value = cold.restore(store.loadCold(key));
    coldLoads++;
    if (accounting()) {
      pending.put(key, Boolean.TRUE);
    }
    return value;
  }

  @Override
  public void accessed(Dict.Entry<Object> entry) {
    clock.touch(entry, keyspace.now());
  }

  @Override
  public void created(Dict.Entry<Object> entry) {
    clock.start(entry, keyspace.now());
  }

  /** A key was written, deleted or expired (the keyspace listener). */
  public void keyModified(byte[] key) {
    if (accounting()) {
      pending.put(key, Boolean.TRUE);
    }
  }

  /** FLUSHALL/FLUSHDB. */
  public void flushed() {
    hot.clear();
    pending.clear();
    usedBytes = 0;
  }

  /** A slot was flushed: its keys leave the registry. */
  public void slotFlushed(int slot) {
    List<byte[]> gone = new ArrayList<>();
    hot.forEach((key, bytes) -> {
      if (keyspace.slotOf(key) == slot) {
        gone.add(key);
      }
    });
    gone.forEach(this::unregister);
  }

  /** Re-estimates the keys written since the last call. O(keys written). */
  public void settle() {
    if (pending.isEmpty()) {
      return;
    }
    pending.forEach((key, ignored) -> account(key));
    pending.clear();
  }

  private void account(byte[] key) {
    Dict.Entry<Object> entry = keyspace.rawEntry(key);
    if (entry == null || entry.value() instanceof ColdValue) {
      unregister(key);
      return;
    }
    long bytes = SizeEstimator.bytes(key, entry.value(), random);
    long[] held = hot.get(key);
    if (held == null) {
      hot.put(key, new long[] {bytes});
      usedBytes += bytes;
    } else {
      usedBytes += bytes - held[0];
      held[0] = bytes;
    }
  }

  private void unregister(byte[] key) {
    long[] held = hot.remove(key);
    if (held != null) {
      usedBytes -= held[0];
    }
  }

  // ---- admission and eviction ----

  /**
   * Called before every command (Redis's processCommand) and by the 10 Hz cron: brings the
   * estimate under the budget. True when it is still over and nothing more can be evicted, in
   * cache mode only; the dispatcher then refuses {@code denyoom} commands with {@link #OOM}.
   */
  public boolean overBudgetAfterEviction() {
    if (!accounting()) {
      return false;
    }
    settle();
    if (usedBytes <= maxBytes) {
      return false;
    }
    if (store != null) {
      store.commitDirty();
      if (store.writable()) {
        evict();
      }
      return false; // with a store nothing is refused: at worst memory stays over the budget
    }
    return !evict();
  }

  /** Evicts until under budget; false when nothing more can be evicted (cache mode: OOM). */
  private boolean evict() {
    if (store == null && policy == EvictionPolicy.NOEVICTION) {
      return false;
    }
    int empty = 0;
    for (int n = 0; n < EVICTIONS_PER_CALL_MAX && usedBytes > maxBytes; n++) {
      byte[] victim = pickVictim();
      if (victim == null) {
        if (++empty >= EMPTY_SAMPLINGS_MAX) {
          return false;
        }
        continue;
      }
      empty = 0;
      if (store != null) {
        goCold(victim);
      } else {
        unregister(victim);
        keyspace.remove(victim);
        evictedKeys++;
        keyspace.modified(victim); // WATCH, replication: an eviction is a deletion
        pending.remove(victim);
      }
    }
    return true;
  }

  private void goCold(byte[] key) {
    Dict.Entry<Object> entry = keyspace.rawEntry(key);
    entry.value(ColdValue.of(entry.value()));
    unregister(key);
    evictedToCold++;
  }

  private byte[] pickVictim() {
    long now = keyspace.now();
    boolean fromExpires = store == null && policy.volatileOnly();
    byte[] best = null;
    long bestScore = Long.MIN_VALUE;
    for (int i = 0; i < samples; i++) {
      byte[] key;
      if (fromExpires) {
        key = keyspace.randomVolatileKey(random);
      } else {
        Dict.Entry<long[]> h = hot.randomEntry(random);
        key = h == null ? null : h.key();
      }
      if (key == null) {
        return null;
      }
      Dict.Entry<Object> entry = keyspace.rawEntry(key);
      if (entry == null || entry.value() instanceof ColdValue) {
        unregister(key); // a stale registry entry (cannot happen if every write is reported)
        continue;
      }
      if (store != null && store.isDirty(key)) {
        continue;
      }
      long score = score(key, entry, now);
      if (policy.rank() == EvictionPolicy.Rank.RANDOM) {
        return key;
      }
      if (score > bestScore) {
        bestScore = score;
        best = key;
      }
    }
    return best;
  }

  private long score(byte[] key, Dict.Entry<Object> entry, long now) {
    if (policy.rank() == EvictionPolicy.Rank.TTL && store == null) {
      long at = keyspace.expireAt(key);
      return at < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE - at; // soonest expiry first
    }
    return clock.evictionScore(entry, now);
  }

  // ---- figures (INFO) ----

  /** The estimate maxmemory is compared with (bytes of hot keys). */
  public long usedBytes() {
    return usedBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public boolean enabled() {
    return accounting();
  }

  public boolean persistent() {
    return store != null;
  }

  public long hotKeys() {
    return hot.size();
  }

  /** Keys deleted by eviction (cache mode), INFO's {@code evicted_keys}. */
  public long evictedKeys() {
    return evictedKeys;
  }

  /** Values dropped to disk-only (persistent mode). */
  public long evictedToCold() {
    return evictedToCold;
  }

  /** Cold values read back from the store. */
  public long coldLoads() {
    return coldLoads;
  }

  /** CONFIG RESETSTAT. */
  public void resetStats() {
    evictedKeys = 0;
    evictedToCold = 0;
    coldLoads = 0;
  }

  public EvictionPolicy policy() {
    return policy;
  }

  /** OBJECT FREQ under an LFU policy. */
  public int frequency(int access) {
    return clock.frequency(access, keyspace.now());
  }
}
