package io.codis.node.keyspace;

/**
 * The node's database as command code sees it. Values are {@code byte[]} (strings) or one of the
 * collection types ({@link ListValue}, {@link HashValue}, {@link SetValue}, {@link ZSetValue});
 * collections are mutated in place, after which the command calls {@link #modified(byte[])}.
 *
 * <p>Every read applies lazy expiry against the time of the current command ({@link #now()}), so
 * one command sees one consistent instant, as in Redis. Called from the execution thread only.
 */
public interface Keyspace {

  /** Number of slots keys are partitioned into. */
  int slotCount();

  /** Slot of a key (the cluster's slot function). */
  int slotOf(byte[] key);

  /** Wall-clock milliseconds of the command being executed. */
  long now();

  /** Sets the time of the command about to run; the dispatcher calls it once per command. */
  void now(long epochMs);

  /** Returns the live value of {@code key} or null (expired keys are deleted on the way). */
  Object get(byte[] key);

  /**
   * The type of the live value of {@code key}, or null (expired keys are deleted on the way), without
   * decoding a value the memory tier holds only on disk: EXISTS, TYPE and TTL need no more.
   */
  default ValueType typeOf(byte[] key) {
    Object value = get(key);
    return value == null ? null : ValueType.of(value);
  }

  /** Stores a value keeping the key's time to live (APPEND, SETRANGE, INCR...). */
  void putKeepTtl(byte[] key, Object value);

  /** Stores a value and clears any time to live (SET without KEEPTTL, RESTORE). */
  void put(byte[] key, Object value);

  /** Deletes a key; returns true when it existed (and was not expired). */
  boolean remove(byte[] key);

  /** Absolute expiry in epoch ms, or -1 when the key is persistent (or absent). */
  long expireAt(byte[] key);

  /** Sets an absolute expiry for an existing key; a time in the past deletes it. */
  void expireAt(byte[] key, long epochMs);

  /** Removes the expiry; true when there was one. */
  boolean persist(byte[] key);

  /**
   * True when {@code key} exists, is not expired, and its value is held only by the store (the
   * memory tier evicted it or has not loaded it yet): a caller that needs only the key's existence
   * or expiry need not load it.
   */
  default boolean isCold(byte[] key) {
    return false;
  }

  /** Number of live-or-not-yet-reclaimed keys. */
  long size();

  /** Number of keys in one slot. */
  int slotSize(int slot);

  /** Number of keys with an expiry. */
  long volatileSize();

  /**
   * Visits keys from {@code cursor} for about {@code count} keys; returns the next cursor (0 at the
   * end). The cursor encodes the slot in its low bits and that slot's bucket cursor above them.
   */
  long scan(long cursor, int count, KeyVisitor visitor);

  /** A random live key, or null when empty. */
  byte[] randomKey();

  /** Deletes every key. */
  void flushAll();

  /** Deletes every key of one slot. */
  void flushSlot(int slot);

  /**
   * Reclaims expired keys for at most {@code budgetNanos}; returns how many were deleted. Called
   * periodically so memory is freed without waiting for an access.
   */
  int expireCycle(long budgetNanos);

  /** Marks a key as written: WATCH invalidation, blocked-client wakeup, replication hooks. */
  void modified(byte[] key);

  /** Registers the observer of writes (one per keyspace). */
  void listener(KeyspaceListener listener);

  /** Receives keys from {@link #scan}. */
  @FunctionalInterface
  interface KeyVisitor {
    void visit(byte[] key, Object value);
  }
}
