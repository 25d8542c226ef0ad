package io.codis.node.keyspace;

/**
 * How {@link MemoryKeyspace} talks to the memory tier (the {@code maxmemory} budget): it asks the
 * tier to decode a {@link ColdValue} from the store, and tells it about every access so the tier
 * can keep its LRU/LFU clock in the entry ({@link Dict.Entry#access}). {@link #NONE} (no budget)
 * costs one virtual call per lookup.
 */
public interface TierHook {
  /**
   * Returns the decoded value of a cold key (never null); may throw a command error when the store
   * cannot serve it (corruption), in which case the key stays cold.
   */
  Object load(byte[] key, ColdValue cold);

  /** {@code entry} (a keyspace entry holding a decoded value) was read or written. */
  void accessed(Dict.Entry<Object> entry);

  /** {@code entry} was just created (a new key): starts its clock without counting an access. */
  default void created(Dict.Entry<Object> entry) {
    accessed(entry);
  }

  TierHook NONE = new TierHook() {
    @Override
    public Object load(byte[] key, ColdValue cold) {
      throw new IllegalStateException("cold value without a memory tier: " + cold);
    }

    @Override
    public void accessed(Dict.Entry<Object> entry) {}
  };
}
