package io.codis.node.storage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the store's metadata family holds for recently written keys, so a {@link StoreBatch} does
 * not read a key's metadata from RocksDB before every write (the profile showed that read costing
 * about half as much as the write itself). An entry is exactly the stored state: the metadata
 * without a string's bytes, or {@link #ABSENT} for a key the store does not hold. The objects are
 * shared with the batch using them, not copied: this sits on the write path of every command.
 *
 * <p>Entries are put only after a batch reached RocksDB, from the metadata that batch wrote; any
 * write that bypasses {@link StoreBatch} (a raw {@code WriteBatch} through {@link
 * StorageEngine#commit}), a flush and a failed write clear the cache. Bounded by {@code
 * StorageLimits.metadataCacheMax} entries, oldest insertion dropped first. Synchronized: commits come
 * from the event loop, but a raw commit may come from another thread.
 */
final class MetadataCache {
  /** The store holds no record for the key. */
  static final Metadata ABSENT = new Metadata(io.codis.node.keyspace.ValueType.STRING, 0, 0);

  private final int max;
  private final Map<Key, Metadata> entries;

  MetadataCache(int max) {
    this.max = max;
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Metadata> eldest) {
        return size() > MetadataCache.this.max;
      }
    };
  }

  /**
   * The cached metadata of {@code key}, {@link #ABSENT}, or null when not cached. Not a copy: the
   * one batch using it mutates it in place and puts it back after its commit, or calls {@link
   * #forget} when it does not commit (so a half-applied change never stays cached).
   */
  synchronized Metadata get(byte[] key) {
    return max == 0 ? null : entries.get(new Key(key));
  }

  /**
   * The store now holds {@code meta} (null: nothing) for {@code key}. A string's bytes are dropped
   * from {@code meta} (the object belongs to the cache from now on).
   */
  synchronized void put(byte[] key, Metadata meta) {
    if (max == 0) {
      return;
    }
    Metadata value = meta == null ? ABSENT : meta;
    if (value.type == io.codis.node.keyspace.ValueType.STRING) {
      value.string = null;
    }
    Key k = new Key(key);
    if (entries.replace(k, value) == null) {
      entries.put(new Key(key.clone()), value);
    }
  }

  synchronized void forget(byte[] key) {
    entries.remove(new Key(key));
  }

  synchronized void clear() {
    entries.clear();
  }

  synchronized int size() {
    return entries.size();
  }

  /** A byte[] map key compared by content. */
  private static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && Arrays.equals(bytes, ((Key) o).bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
