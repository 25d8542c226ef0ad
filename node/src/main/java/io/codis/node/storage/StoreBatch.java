package io.codis.node.storage;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ValueType;
import io.codis.node.keyspace.ZSetValue;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The typed mutation API: each operation adds to one RocksDB write batch only the records it
 * changes, and {@link #commit} writes them atomically.
 *
 * <p>The caller (the in-memory tier, which holds the decoded value) says what the operation changed
 * in sub-key terms: whether a hash field existed, a member's old score, which list end was popped.
 * The batch reads each key's metadata at most once (from RocksDB, then from its own cache, so
 * several operations on one key in one batch see each other), updates it, and writes the metadata
 * record again only when it changed. So HSET of one existing field in a million-field hash writes
 * one record, a new field two (the field and the size), ZADD of a new member three.
 *
 * <p>A collection that becomes empty is deleted (Redis has no empty collections). Deleting or
 * overwriting a collection removes its metadata and range-deletes its sub-keys
 * ({@code [prefix|version, prefix|version+1)}); a collection created again gets a new version, so
 * no record of the old one can be read as part of the new one.
 *
 * <p>Not thread-safe; one batch belongs to one thread. Close it (or commit it) to free the native
 * batch.
 */
public final class StoreBatch implements AutoCloseable {
  private final StorageEngine engine;
  private final WriteBatch batch = new WriteBatch();
  private final Map<KeyRef, KeyState> keys = new HashMap<>();
  /** A flush in this batch: the metadata cache cannot follow range deletes, it is cleared. */
  private boolean flushes;
  private boolean committed;
  private boolean done;

  StoreBatch(StorageEngine engine) {
    this.engine = engine;
  }

  /** One key as this batch sees it: its slot and its current metadata (null when absent). */
  private static final class KeyState {
    final int slot;
    final byte[] key;
    Metadata meta;

    KeyState(int slot, byte[] key, Metadata meta) {
      this.slot = slot;
      this.key = key;
      this.meta = meta;
    }
  }

  // ---- strings and whole keys ----

  /** SET: the key now holds {@code value} (any previous value of any type is replaced). */
  public void putString(byte[] key, byte[] value, long expireAtMs) {
    KeyState k = state(key);
    if (k.meta != null && k.meta.isCollection()) {
      dropSubKeys(k, k.meta);
    }
    moveExpiry(k, k.meta == null ? StorageEngine.NO_EXPIRY : k.meta.expireAtMs, expireAtMs);
    Metadata m = new Metadata(ValueType.STRING, 0, expireAtMs);
    m.string = value;
    m.size = value.length;
    k.meta = m;
    writeMetadata(k);
  }

  /**
   * The key now holds {@code value} (a whole in-memory value of any type), written in full under
   * a new version: RESTORE, the *STORE commands, RENAME, LINSERT/LREM via {@link #listRewrite}.
   * An empty collection deletes the key.
   */
  public void putValue(byte[] key, Object value, long expireAtMs) {
    ValueType type = ValueType.of(value);
    if (type == ValueType.STRING) {
      putString(key, (byte[]) value, expireAtMs);
      return;
    }
    deleteKey(key);
    if (sizeOf(value) == 0) {
      return;
    }
    KeyState k = state(key);
    Metadata m = new Metadata(type, engine.nextVersion(), expireAtMs);
    k.meta = m;
    byte[] prefix = versionPrefix(k, m);
    switch (type) {
      case HASH:
        ((HashValue) value).fields().forEach((f, v) -> putRecord(Column.SUBKEYS, KeyCodec.subKey(prefix, f), v));
        break;
      case SET:
        ((SetValue) value).members().forEach((member, present) -> putEmpty(Column.SUBKEYS, KeyCodec.subKey(prefix, member)));
        break;
      case ZSET:
        ((ZSetValue) value).scores().forEach((member, score) -> putScore(prefix, member, score));
        break;
      case LIST: {
        ListValue list = (ListValue) value;
        for (int i = 0; i < list.size(); i++) {
          putRecord(Column.SUBKEYS, KeyCodec.listKey(prefix, m.tail++), list.get(i));
        }
        break;
      }
      default:
        throw new IllegalStateException("unknown type " + type);
    }
    m.size = sizeOf(value);
    moveExpiry(k, StorageEngine.NO_EXPIRY, expireAtMs);
    writeMetadata(k);
  }

  /** DEL/UNLINK/expiry: removes the key of any type; false when it did not exist. */
  public boolean deleteKey(byte[] key) {
    KeyState k = state(key);
    if (k.meta == null) {
      return false;
    }
    removeWhole(k);
    return true;
  }

  /** EXPIRE family and PERSIST ({@link StorageEngine#NO_EXPIRY}); false when the key is absent. */
  public boolean setExpiry(byte[] key, long expireAtMs) {
    KeyState k = state(key);
    if (k.meta == null) {
      return false;
    }
    if (k.meta.expireAtMs != expireAtMs && k.meta.stringBytesUnknown()) {
      // A cached shape: the string's bytes are written back with the new expiry, read them.
      k.meta = engine.readMetadata(k.slot, k.key);
    }
    if (k.meta.expireAtMs != expireAtMs) {
      moveExpiry(k, k.meta.expireAtMs, expireAtMs);
      k.meta.expireAtMs = expireAtMs;
      writeMetadata(k);
    }
    return true;
  }

  // ---- hashes ----

  /** HSET of one field; {@code fieldExisted} as the in-memory hash reported it. */
  public void hashPut(byte[] key, byte[] field, byte[] value, boolean fieldExisted) {
    KeyState k = state(key);
    boolean created = k.meta == null;
    Metadata m = collection(k, ValueType.HASH);
    putRecord(Column.SUBKEYS, KeyCodec.subKey(versionPrefix(k, m), field), value);
    if (created || !fieldExisted) {
      m.size++;
      writeMetadata(k);
    }
  }

  /** HDEL of a field the hash holds. */
  public void hashDelete(byte[] key, byte[] field) {
    KeyState k = state(key);
    Metadata m = existing(k, ValueType.HASH);
    delete(Column.SUBKEYS, KeyCodec.subKey(versionPrefix(k, m), field));
    shrink(k, m);
  }

  // ---- sets ----

  /** SADD of a member the set did not hold. */
  public void setAdd(byte[] key, byte[] member) {
    KeyState k = state(key);
    Metadata m = collection(k, ValueType.SET);
    putEmpty(Column.SUBKEYS, KeyCodec.subKey(versionPrefix(k, m), member));
    m.size++;
    writeMetadata(k);
  }

  /** SREM of a member the set holds. */
  public void setRemove(byte[] key, byte[] member) {
    KeyState k = state(key);
    Metadata m = existing(k, ValueType.SET);
    delete(Column.SUBKEYS, KeyCodec.subKey(versionPrefix(k, m), member));
    shrink(k, m);
  }

  // ---- sorted sets ----

  /**
   * ZADD/ZINCRBY of one member: {@code oldScore} is null for a new member. As in the in-memory
   * sorted set, a score equal ({@code ==}) to the old one changes nothing, so {@code -0} does not
   * replace {@code 0}.
   */
  public void zsetPut(byte[] key, byte[] member, Double oldScore, double newScore) {
    if (Double.isNaN(newScore)) {
      throw new IllegalArgumentException("NaN score");
    }
    if (oldScore != null && oldScore == newScore) {
      return;
    }
    KeyState k = state(key);
    boolean created = k.meta == null;
    Metadata m = collection(k, ValueType.ZSET);
    byte[] prefix = versionPrefix(k, m);
    if (oldScore != null && !created) {
      delete(Column.ZSET_SCORES, KeyCodec.scoreKey(prefix, oldScore, member));
    }
    putScore(prefix, member, newScore);
    if (created || oldScore == null) {
      m.size++;
      writeMetadata(k);
    }
  }

  /** ZREM of a member the sorted set holds with {@code oldScore}. */
  public void zsetRemove(byte[] key, byte[] member, double oldScore) {
    KeyState k = state(key);
    Metadata m = existing(k, ValueType.ZSET);
    byte[] prefix = versionPrefix(k, m);
    delete(Column.SUBKEYS, KeyCodec.subKey(prefix, member));
    delete(Column.ZSET_SCORES, KeyCodec.scoreKey(prefix, oldScore, member));
    shrink(k, m);
  }

  // ---- lists: elements by sequence number, head inclusive, tail exclusive ----

  public void listPushHead(byte[] key, byte[] element) {
    KeyState k = state(key);
    Metadata m = collection(k, ValueType.LIST);
    putRecord(Column.SUBKEYS, KeyCodec.listKey(versionPrefix(k, m), --m.head), element);
    m.size++;
    writeMetadata(k);
  }

  public void listPushTail(byte[] key, byte[] element) {
    KeyState k = state(key);
    Metadata m = collection(k, ValueType.LIST);
    putRecord(Column.SUBKEYS, KeyCodec.listKey(versionPrefix(k, m), m.tail++), element);
    m.size++;
    writeMetadata(k);
  }

  public void listPopHead(byte[] key) {
    KeyState k = state(key);
    Metadata m = existing(k, ValueType.LIST);
    delete(Column.SUBKEYS, KeyCodec.listKey(versionPrefix(k, m), m.head++));
    shrink(k, m);
  }

  public void listPopTail(byte[] key) {
    KeyState k = state(key);
    Metadata m = existing(k, ValueType.LIST);
    delete(Column.SUBKEYS, KeyCodec.listKey(versionPrefix(k, m), --m.tail));
    shrink(k, m);
  }

  /** LSET: {@code index} counts from the head, {@code 0 <= index < size}. One record. */
  public void listSet(byte[] key, long index, byte[] element) {
    KeyState k = state(key);
    Metadata m = existing(k, ValueType.LIST);
    if (index < 0 || index >= m.size) {
      throw new IllegalArgumentException("list index: " + index + " (expected: < " + m.size + ")");
    }
    putRecord(Column.SUBKEYS, KeyCodec.listKey(versionPrefix(k, m), m.head + index), element);
  }

  /**
   * LTRIM, and the pops of one commit taken together: drops {@code fromHead} elements at the head
   * and {@code fromTail} at the tail. A few elements are point deletes; more are one range delete
   * per end (sequence numbers are ordered, so an end is one contiguous range), so trimming a
   * million-element list to ten elements is a handful of records. A list left empty is deleted.
   */
  public void listTrim(byte[] key, long fromHead, long fromTail) {
    KeyState k = state(key);
    Metadata m = existing(k, ValueType.LIST);
    if (fromHead < 0 || fromTail < 0 || fromHead + fromTail > m.size) {
      throw new IllegalArgumentException("list trim: " + fromHead + " + " + fromTail
          + " (expected: <= size " + m.size + ")");
    }
    if (fromHead + fromTail == m.size) {
      removeWhole(k);
      return;
    }
    byte[] prefix = versionPrefix(k, m);
    dropSequences(prefix, m.head, m.head + fromHead);
    dropSequences(prefix, m.tail - fromTail, m.tail);
    m.head += fromHead;
    m.tail -= fromTail;
    m.size -= fromHead + fromTail;
    writeMetadata(k);
  }

  /** Point deletes up to this many sequences, a range delete beyond (fewer tombstones to skip). */
  private static final int POINT_DELETES_MAX = 8;

  private void dropSequences(byte[] prefix, long from, long to) {
    if (to - from <= POINT_DELETES_MAX) {
      for (long seq = from; seq < to; seq++) {
        delete(Column.SUBKEYS, KeyCodec.listKey(prefix, seq));
      }
    } else {
      deleteRange(Column.SUBKEYS, KeyCodec.listKey(prefix, from), KeyCodec.listKey(prefix, to));
    }
  }

  /**
   * LINSERT, LREM, LTRIM and friends: the list is rewritten whole under a new version, keeping its
   * expiry (the old elements go with one range delete). An empty list deletes the key.
   */
  public void listRewrite(byte[] key, ListValue all) {
    KeyState k = state(key);
    long expireAtMs = k.meta == null ? StorageEngine.NO_EXPIRY : k.meta.expireAtMs;
    putValue(key, all, expireAtMs);
  }

  // ---- flushes ----

  /**
   * Removes every key of {@code slot} with one range delete per slot-first column family. The
   * expiry index is time-first, so its entries for the slot stay until {@link
   * StorageEngine#scanExpired} finds them stale and removes them.
   */
  public void flushSlot(int slot) {
    byte[] start = KeyCodec.slotStart(slot);
    byte[] end = KeyCodec.slotStart(slot + 1);
    deleteRange(Column.METADATA, start, end);
    deleteRange(Column.SUBKEYS, start, end);
    deleteRange(Column.ZSET_SCORES, start, end);
    flushes = true;
    keys.values().forEach(k -> {
      if (k.slot == slot) {
        k.meta = null;
      }
    });
  }

  /** FLUSHALL/FLUSHDB: one range delete per column family. */
  public void flushAll() {
    byte[] start = {0};
    byte[] end = {(byte) 0xFF};
    for (Column column : Column.values()) {
      deleteRange(column, start, end);
    }
    flushes = true;
    keys.values().forEach(k -> k.meta = null);
  }

  /**
   * Stores (or, with a null payload, removes) the node-level record {@code name} in the default
   * column family, in this batch: so it is atomic with the keys written here (the replication id
   * and offset go with the data they describe). Flushes leave these records alone.
   */
  public void putAux(String name, byte[] payload) {
    byte[] rocksKey = StorageEngine.auxKey(name);
    try {
      if (payload == null) {
        batch.delete(engine.db().getDefaultColumnFamily(), rocksKey);
      } else {
        batch.put(engine.db().getDefaultColumnFamily(), rocksKey, RecordChecksum.seal(rocksKey, payload));
      }
    } catch (RocksDBException e) {
      throw new StorageException("cannot add to write batch: " + e.getMessage(), e);
    }
  }

  /** Records (puts, deletes, range deletes) in this batch so far. */
  public int recordCount() {
    return batch.count();
  }

  /** Writes the batch (see {@link StorageEngine#commit}) and frees it. */
  public void commit(Runnable onDurable) {
    if (done) {
      throw new IllegalStateException("batch already committed or closed");
    }
    try {
      engine.write(batch, onDurable);
      committed = true;
      // The batch is in RocksDB: what it saw and wrote is now the stored metadata.
      MetadataCache cache = engine.metadataCache();
      if (flushes) {
        cache.clear();
      } else {
        keys.values().forEach(k -> cache.put(k.key, k.meta));
      }
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (!done) {
      done = true;
      batch.close();
      if (!committed) {
        // Cached metadata may have been changed in place by operations that never reached RocksDB.
        MetadataCache cache = engine.metadataCache();
        keys.values().forEach(k -> cache.forget(k.key));
      }
    }
  }

  // ---- internals ----

  private KeyState state(byte[] key) {
    if (done) {
      throw new IllegalStateException("batch already committed or closed");
    }
    return keys.computeIfAbsent(new KeyRef(key), ref -> {
      int slot = engine.slotOf(key);
      Metadata cached = engine.cachedMetadata(key);
      if (cached == MetadataCache.ABSENT) {
        return new KeyState(slot, key, null);
      }
      return new KeyState(slot, key, cached != null ? cached : engine.readMetadata(slot, key));
    });
  }

  private Metadata collection(KeyState k, ValueType type) {
    if (k.meta == null) {
      Metadata m = new Metadata(type, engine.nextVersion(), StorageEngine.NO_EXPIRY);
      k.meta = m;
      return m;
    }
    return checkType(k, type);
  }

  private Metadata existing(KeyState k, ValueType type) {
    if (k.meta == null) {
      throw new IllegalStateException("key '" + KeyCodec.printable(k.key) + "' does not exist");
    }
    Metadata m = checkType(k, type);
    if (m.size == 0) {
      throw new IllegalStateException("key '" + KeyCodec.printable(k.key) + "' is empty");
    }
    return m;
  }

  private static Metadata checkType(KeyState k, ValueType type) {
    if (k.meta.type != type) {
      // WRONGTYPE is the caller's check, made before anything changes; reaching here is a bug.
      throw new IllegalStateException("key '" + KeyCodec.printable(k.key) + "' holds a "
          + k.meta.type.typeName() + ", not a " + type.typeName());
    }
    return k.meta;
  }

  /** After removing one sub-key: the collection shrinks, or goes away when it was the last. */
  private void shrink(KeyState k, Metadata m) {
    m.size--;
    if (m.size == 0) {
      removeWhole(k);
    } else {
      writeMetadata(k);
    }
  }

  private void removeWhole(KeyState k) {
    Metadata m = k.meta;
    delete(Column.METADATA, KeyCodec.metaKey(k.slot, k.key));
    if (m.isCollection()) {
      dropSubKeys(k, m);
    }
    moveExpiry(k, m.expireAtMs, StorageEngine.NO_EXPIRY);
    k.meta = null;
  }

  private void dropSubKeys(KeyState k, Metadata m) {
    byte[] prefix = versionPrefix(k, m);
    byte[] end = KeyCodec.successor(prefix);
    deleteRange(Column.SUBKEYS, prefix, end);
    if (m.type == ValueType.ZSET) {
      deleteRange(Column.ZSET_SCORES, prefix, end);
    }
  }

  private void moveExpiry(KeyState k, long oldAtMs, long newAtMs) {
    if (newAtMs < 0) {
      throw new IllegalArgumentException("expireAtMs: " + newAtMs + " (expected: >= 0)");
    }
    if (oldAtMs == newAtMs) {
      return;
    }
    if (oldAtMs != StorageEngine.NO_EXPIRY) {
      delete(Column.EXPIRY, KeyCodec.expiryKey(oldAtMs, k.slot, k.key));
    }
    if (newAtMs != StorageEngine.NO_EXPIRY) {
      putEmpty(Column.EXPIRY, KeyCodec.expiryKey(newAtMs, k.slot, k.key));
    }
  }

  private void putScore(byte[] prefix, byte[] member, double score) {
    byte[] raw = new byte[OrderedBytes.LONG_BYTES];
    OrderedBytes.putRaw(raw, 0, Double.doubleToRawLongBits(score));
    putRecord(Column.SUBKEYS, KeyCodec.subKey(prefix, member), raw);
    putEmpty(Column.ZSET_SCORES, KeyCodec.scoreKey(prefix, score, member));
  }

  private void writeMetadata(KeyState k) {
    if (k.meta.stringBytesUnknown()) {
      throw new IllegalStateException("string metadata of '" + KeyCodec.printable(k.key) + "' without its bytes");
    }
    putRecord(Column.METADATA, KeyCodec.metaKey(k.slot, k.key), k.meta.encode());
  }

  private byte[] versionPrefix(KeyState k, Metadata m) {
    return KeyCodec.versionPrefix(k.slot, k.key, m.version);
  }

  private static long sizeOf(Object value) {
    if (value instanceof HashValue) {
      return ((HashValue) value).size();
    }
    if (value instanceof SetValue) {
      return ((SetValue) value).size();
    }
    if (value instanceof ZSetValue) {
      return ((ZSetValue) value).size();
    }
    return ((ListValue) value).size();
  }

  private void putRecord(Column column, byte[] rocksKey, byte[] payload) {
    try {
      batch.put(handle(column), rocksKey, RecordChecksum.seal(rocksKey, payload));
    } catch (RocksDBException e) {
      throw new StorageException("cannot add to write batch: " + e.getMessage(), e);
    }
  }

  private void putEmpty(Column column, byte[] rocksKey) {
    try {
      batch.put(handle(column), rocksKey, RecordChecksum.sealEmpty(rocksKey));
    } catch (RocksDBException e) {
      throw new StorageException("cannot add to write batch: " + e.getMessage(), e);
    }
  }

  private void delete(Column column, byte[] rocksKey) {
    try {
      batch.delete(handle(column), rocksKey);
    } catch (RocksDBException e) {
      throw new StorageException("cannot add to write batch: " + e.getMessage(), e);
    }
  }

  private void deleteRange(Column column, byte[] start, byte[] end) {
    try {
      batch.deleteRange(handle(column), start, end);
    } catch (RocksDBException e) {
      throw new StorageException("cannot add to write batch: " + e.getMessage(), e);
    }
  }

  private ColumnFamilyHandle handle(Column column) {
    return engine.handle(column);
  }

  /** A byte[] map key compared by content. */
  private static final class KeyRef {
    private final byte[] bytes;
    private final int hash;

    KeyRef(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KeyRef && Arrays.equals(bytes, ((KeyRef) o).bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
