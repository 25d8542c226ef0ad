package io.codis.node.storage;

import io.codis.protocol.Slots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One node's RocksDB: open/close, commits with the {@code appendfsync} modes, key loads, the expiry
 * and slot scans, and checkpoints. Mutations are built with {@link #newBatch()}.
 *
 * <p>Threads: commits and reads may come from any thread, but mutations of one key must come from
 * one thread (the node's event loop), because a {@link StoreBatch} reads a key's metadata and
 * writes it back. Durability callbacks run on the committing thread ({@code everysec}, {@code no})
 * or on the WAL sync thread ({@code always}); they run in commit order.
 *
 * <p>Options are set explicitly where they matter: WAL on with automatic flushing (every write
 * reaches the kernel before {@code commit} returns), WAL recovery that tolerates only a torn tail (a
 * record cut short by a crash is dropped; damage anywhere else refuses the open, as Redis refuses a
 * corrupt AOF, instead of point-in-time recovery's silent stop at the damage, which would drop every
 * acknowledged write behind it), paranoid checks, checksum verification on every read.
 */
public final class StorageEngine implements AutoCloseable {
  /** The expire-at value of a key without expiry. */
  public static final long NO_EXPIRY = 0;

  static {
    RocksDB.loadLibrary();
  }

  private final StorageOptions options;
  private final List<AutoCloseable> natives;
  private final RocksDB db;
  private final ColumnFamilyHandle[] handles;
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private final StorageStats stats = new StorageStats();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong lastVersion = new AtomicLong();
  private final WalSyncer walSyncer;
  private final EverysecSyncer everysecSyncer;
  private final MetadataCache metadataCache;
  private volatile FsyncMode fsyncMode;
  private volatile long lastSaveMs;
  private volatile boolean closed;

  private StorageEngine(StorageOptions options, List<AutoCloseable> natives, RocksDB db,
      ColumnFamilyHandle[] handles, WriteOptions writeOptions, ReadOptions readOptions) {
    this.options = options;
    this.natives = natives;
    this.db = db;
    this.handles = handles;
    this.writeOptions = writeOptions;
    this.readOptions = readOptions;
    this.fsyncMode = options.fsync();
    this.lastSaveMs = System.currentTimeMillis();
    this.metadataCache = new MetadataCache(options.limits().metadataCacheMax());
    this.walSyncer = new WalSyncer(db, options.limits(), stats, this::fail);
    this.everysecSyncer = new EverysecSyncer(db, options.limits().everysecIntervalMs(),
        () -> fsyncMode == FsyncMode.EVERYSEC, stats);
  }

  /** Opens (creating when missing) the database in {@code options.dir()}. */
  public static StorageEngine open(StorageOptions options) {
    List<AutoCloseable> natives = new ArrayList<>();
    try {
      Files.createDirectories(options.dir());
      lowerBackgroundPriority();
      DBOptions dbOptions = track(natives, new DBOptions())
          .setCreateIfMissing(true)
          .setCreateMissingColumnFamilies(true)
          .setManualWalFlush(false)
          .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
          .setParanoidChecks(true)
          .setMaxBackgroundJobs(2)
          .setAvoidFlushDuringShutdown(false);
      BloomFilter bloom = track(natives, new BloomFilter(10, false));
      ColumnFamilyOptions cfOptions = track(natives, new ColumnFamilyOptions())
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setLevelCompactionDynamicLevelBytes(true)
          .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(bloom));
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
      for (Column column : Column.values()) {
        descriptors.add(new ColumnFamilyDescriptor(column.nameBytes(), cfOptions));
      }
      List<ColumnFamilyHandle> opened = new ArrayList<>();
      RocksDB db = RocksDB.open(dbOptions, options.dir().toString(), descriptors, opened);
      // Handles close before the database, the database before its options: natives close in reverse.
      natives.add(db);
      natives.addAll(opened);
      ColumnFamilyHandle[] handles = new ColumnFamilyHandle[Column.values().length];
      for (Column column : Column.values()) {
        handles[column.ordinal()] = opened.get(column.ordinal() + 1);
      }
      WriteOptions writeOptions = track(natives, new WriteOptions()).setSync(false).setDisableWAL(false);
      ReadOptions readOptions = track(natives, new ReadOptions()).setVerifyChecksums(true);
      return new StorageEngine(options, natives, db, handles, writeOptions, readOptions);
    } catch (RocksDBException e) {
      closeAll(natives);
      throw new StorageException("cannot open storage in " + options.dir() + ": " + openFailure(e), e);
    } catch (java.io.IOException | RuntimeException e) {
      closeAll(natives);
      throw new StorageException("cannot open storage in " + options.dir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Compactions (RocksDB's LOW pool) run at a lower CPU priority than the event loop: after a big
   * write (a 1M-element collection is one batch of millions of records) they otherwise take the
   * cores from the commands for many seconds. Flushes (HIGH pool) keep the normal priority, so a
   * full memtable never waits behind the commands. Process-wide; the threads take it as they start.
   * Opt out with {@code -Dcodis.storage.niceCompactions=false}.
   */
  private static void lowerBackgroundPriority() {
    if (Boolean.parseBoolean(System.getProperty("codis.storage.niceCompactions", "true"))) {
      org.rocksdb.Env.getDefault().lowerThreadPoolCPUPriority(org.rocksdb.Priority.LOW);
    }
  }

  /** Says what a failed open means when RocksDB found damage, and what the operator can do. */
  private static String openFailure(RocksDBException e) {
    Status status = e.getStatus();
    if (status == null || status.getCode() != Status.Code.Corruption) {
      return e.getMessage();
    }
    return "corrupt write-ahead log or table file (RocksDB: " + e.getMessage() + "); not starting rather "
        + "than dropping the writes behind the damage. Restore the newest checkpoint (docs/storage.md, Backup)";
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> natives, T resource) {
    natives.add(resource);
    return resource;
  }

  /** A new mutation batch; commit it with {@link StoreBatch#commit}. */
  public StoreBatch newBatch() {
    return new StoreBatch(this);
  }

  /**
   * Writes {@code batch} and runs {@code onDurable} (may be null) once it is as durable as the
   * current {@code appendfsync} mode promises: after a WAL sync under {@code always}, at once
   * otherwise. The batch's effects are visible to reads when this returns, in every mode.
   */
  public void commit(WriteBatch batch, Runnable onDurable) {
    // A raw batch may change metadata behind the cache's back.
    metadataCache.clear();
    write(batch, onDurable);
  }

  /**
   * {@link #commit} without touching the metadata cache (the caller keeps it true). Every write of
   * the engine goes through here ({@link StoreBatch#commit}, raw commits, stale expiry entries): the
   * place for anything that must see all of them.
   */
  void write(WriteBatch batch, Runnable onDurable) {
    checkWritable();
    try {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      metadataCache.clear();
      fail(e);
      throw new StorageException("write failed: " + e.getMessage(), e);
    }
    stats.batchWritten(batch.count());
    stats.bytesWritten(batch.getDataSize());
    if (onDurable == null) {
      return;
    }
    // A callback queued under always must not be overtaken after a switch to another mode.
    if (fsyncMode == FsyncMode.ALWAYS || walSyncer.hasPending()) {
      walSyncer.enqueue(onDurable);
    } else {
      onDurable.run();
    }
  }

  /** Reads one key fully, or null when it does not exist. Expired keys are returned as stored. */
  public StoredValue load(byte[] key) {
    checkOpen();
    int slot = slotOf(key);
    Metadata meta = readMetadata(slot, key);
    if (meta == null) {
      return null;
    }
    Object value = new ValueLoader(this, slot, key, meta).load();
    return new StoredValue(value, meta.expireAtMs);
  }

  /**
   * The node-level record {@code name} written by {@link StoreBatch#putAux}, or null; its CRC is
   * checked like every record's.
   */
  public byte[] aux(String name) {
    checkOpen();
    byte[] rocksKey = auxKey(name);
    byte[] stored;
    try {
      stored = db.get(db.getDefaultColumnFamily(), readOptions, rocksKey);
    } catch (RocksDBException e) {
      throw new StorageException("cannot read " + name + ": " + e.getMessage(), e);
    }
    return stored == null ? null
        : RecordChecksum.open("default", name.getBytes(StandardCharsets.UTF_8), rocksKey, stored);
  }

  /** Keys of node-level records: a prefix no user key shares (the default family holds nothing else). */
  static byte[] auxKey(String name) {
    return ("codis-aux:" + name).getBytes(StandardCharsets.UTF_8);
  }

  /** True when the key has a metadata record (it may be logically expired). */
  public boolean exists(byte[] key) {
    checkOpen();
    return readMetadata(slotOf(key), key) != null;
  }

  /**
   * Up to {@code limit} keys whose expire-at time is {@code <= nowMs}, earliest first. The caller
   * deletes them (through a batch, so the deletion is logged and replicated like any write). Index
   * entries that no longer match their key (left by a slot flush) are removed on the way.
   */
  public List<ExpiredKey> scanExpired(long nowMs, int limit) {
    checkOpen();
    int max = Math.min(limit, options.limits().scanBatchMax());
    List<ExpiredKey> found = new ArrayList<>();
    List<byte[]> stale = new ArrayList<>();
    try (RocksIterator it = db.newIterator(handle(Column.EXPIRY), readOptions)) {
      for (it.seekToFirst(); it.isValid() && found.size() < max; it.next()) {
        byte[] indexKey = it.key();
        long expireAtMs = OrderedBytes.getRaw(indexKey, 0);
        if (expireAtMs > nowMs) {
          break;
        }
        byte[] key = KeyCodec.userKey(indexKey, OrderedBytes.LONG_BYTES);
        RecordChecksum.open(Column.EXPIRY, key, indexKey, it.value());
        int slot = KeyCodec.slotAt(indexKey, OrderedBytes.LONG_BYTES);
        Metadata meta = readMetadata(slot, key);
        if (meta != null && meta.expireAtMs == expireAtMs) {
          found.add(new ExpiredKey(key, slot, expireAtMs));
        } else {
          stale.add(indexKey);
        }
      }
      checkIterator(it, new byte[0], Column.EXPIRY);
    }
    removeStaleExpiry(stale);
    return found;
  }

  private void removeStaleExpiry(List<byte[]> stale) {
    if (stale.isEmpty() || closed || failure.get() != null) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (byte[] indexKey : stale) {
        batch.delete(handle(Column.EXPIRY), indexKey);
      }
      // No callback: a stale index entry that comes back after a crash is skipped again.
      // Only the expiry family changes: the metadata cache stays true.
      write(batch, null);
    } catch (RocksDBException e) {
      throw new StorageException("cannot remove stale expiry entries: " + e.getMessage(), e);
    }
  }

  /**
   * Up to {@code limit} keys of {@code slot}, in stored order, after {@code afterKey} (null to
   * start at the beginning). Pass the last key returned to continue: the cursor of a slot scan.
   */
  public List<byte[]> slotKeys(int slot, byte[] afterKey, int limit) {
    checkOpen();
    int max = Math.min(limit, options.limits().scanBatchMax());
    byte[] start = afterKey == null ? KeyCodec.slotStart(slot) : KeyCodec.metaKey(slot, afterKey);
    byte[] end = KeyCodec.slotStart(slot + 1);
    List<byte[]> keys = new ArrayList<>();
    try (RocksIterator it = db.newIterator(handle(Column.METADATA), readOptions)) {
      for (it.seek(start); it.isValid() && keys.size() < max; it.next()) {
        byte[] metaKey = it.key();
        if (Arrays.compareUnsigned(metaKey, end) >= 0) {
          break;
        }
        if (afterKey != null && Arrays.equals(metaKey, start)) {
          continue;
        }
        keys.add(KeyCodec.userKey(metaKey, 0));
      }
      checkIterator(it, new byte[0], Column.METADATA);
    }
    return keys;
  }

  /** Receives one key of the index from {@link #forEachKey}. */
  @FunctionalInterface
  public interface KeyIndexVisitor {
    void visit(byte[] key, io.codis.node.keyspace.ValueType type, long expireAtMs);
  }

  /**
   * Visits every key's metadata (type and expiry, not the value) in stored order, with one
   * iterator over the metadata family: the key index a lazily warmed node loads at start. Each
   * record's checksum is checked as on every read. Returns the number of keys visited.
   */
  public long forEachKey(KeyIndexVisitor visitor) {
    checkOpen();
    long n = 0;
    try (RocksIterator it = db.newIterator(handle(Column.METADATA), readOptions)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] metaKey = it.key();
        byte[] key = KeyCodec.userKey(metaKey, 0);
        Metadata meta = Metadata.decode(key, RecordChecksum.open(Column.METADATA, key, metaKey, it.value()));
        visitor.visit(key, meta.type, meta.expireAtMs);
        n++;
      }
      checkIterator(it, new byte[0], Column.METADATA);
    }
    return n;
  }

  /** Receives one stored key from {@link #forEachValue}. */
  @FunctionalInterface
  public interface ValueVisitor {
    void visit(byte[] key, StoredValue stored);
  }

  /** Read-ahead of the start-up load's iterators: it reads whole files front to back. */
  private static final long LOAD_READAHEAD_BYTES = 2 << 20;

  /**
   * Visits every key with its value, in stored order, with one iterator over the metadata family
   * (strings are inline there; each collection adds one iterator over its own sub-key range): the
   * start-up load. Before, the load paged key names and then sought and read each key's metadata
   * again, a second lookup per key. Checksums and shapes are checked as in {@link #load}; blocks
   * read are not kept in the block cache (a one-pass scan would only evict the hot set). Returns
   * the number of keys visited.
   */
  public long forEachValue(ValueVisitor visitor) {
    checkOpen();
    long n = 0;
    try (ReadOptions scan = new ReadOptions().setVerifyChecksums(true).setFillCache(false)
            .setReadaheadSize(LOAD_READAHEAD_BYTES);
        RocksIterator it = db.newIterator(handle(Column.METADATA), scan)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] metaKey = it.key();
        byte[] key = KeyCodec.userKey(metaKey, 0);
        Metadata meta = Metadata.decode(key, RecordChecksum.open(Column.METADATA, key, metaKey, it.value()));
        Object value = new ValueLoader(this, KeyCodec.slotAt(metaKey, 0), key, meta).load();
        visitor.visit(key, new StoredValue(value, meta.expireAtMs));
        n++;
      }
      checkIterator(it, new byte[0], Column.METADATA);
    }
    return n;
  }

  /**
   * Writes a consistent checkpoint (the RDB equivalent) into {@code dir}, which must not exist:
   * hard links to the live SST files plus a flushed memtable, no fork and no copy. Opening that
   * directory as a database gives the content as of this call. Returns the new LASTSAVE time.
   */
  public synchronized long checkpoint(Path dir) {
    checkOpen();
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      checkpoint.createCheckpoint(dir.toString());
    } catch (RocksDBException e) {
      throw new StorageException("checkpoint to " + dir + " failed: " + e.getMessage(), e);
    }
    lastSaveMs = System.currentTimeMillis();
    return lastSaveMs;
  }

  /** LASTSAVE: when the last checkpoint finished (the open time before the first). */
  public long lastSaveMs() {
    return lastSaveMs;
  }

  public FsyncMode fsyncMode() {
    return fsyncMode;
  }

  /** CONFIG SET appendfsync: takes effect for the next commit. */
  public void fsyncMode(FsyncMode mode) {
    this.fsyncMode = mode;
  }

  public StorageStats stats() {
    return stats;
  }

  /** The failure that stopped writes (a failed write or WAL sync), or null. */
  public Throwable failure() {
    return failure.get();
  }

  public int slotOf(byte[] key) {
    return Slots.slotOf(key, options.slotCount());
  }

  /** Stops the sync threads (releasing queued callbacks after a last sync), syncs, and closes. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    walSyncer.close();
    everysecSyncer.close();
    try {
      if (failure.get() == null) {
        db.flushWal(true);
      }
    } catch (RocksDBException e) {
      throw new StorageException("final WAL sync failed: " + e.getMessage(), e);
    } finally {
      closeAll(natives);
    }
  }

  // ---- package-private: for StoreBatch, ValueLoader and tests ----

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle handle(Column column) {
    return handles[column.ordinal()];
  }

  ReadOptions readOptions() {
    return readOptions;
  }

  /** A version larger than any handed out before in this process and than the clock in µs. */
  long nextVersion() {
    long nowMicros = System.currentTimeMillis() * 1000;
    return lastVersion.updateAndGet(previous -> Math.max(previous + 1, nowMicros));
  }

  /** The cached stored metadata of {@code key} (a copy), {@link MetadataCache#ABSENT}, or null. */
  Metadata cachedMetadata(byte[] key) {
    return metadataCache.get(key);
  }

  MetadataCache metadataCache() {
    return metadataCache;
  }

  Metadata readMetadata(int slot, byte[] key) {
    byte[] metaKey = KeyCodec.metaKey(slot, key);
    byte[] stored;
    try {
      stored = db.get(handle(Column.METADATA), readOptions, metaKey);
    } catch (RocksDBException e) {
      throw translate(e, key, Column.METADATA);
    }
    if (stored == null) {
      return null;
    }
    return Metadata.decode(key, RecordChecksum.open(Column.METADATA, key, metaKey, stored));
  }

  void checkIterator(RocksIterator it, byte[] key, Column column) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw translate(e, key, column);
    }
  }

  static StorageException translate(RocksDBException e, byte[] key, Column column) {
    Status status = e.getStatus();
    if (status != null && status.getCode() == Status.Code.Corruption) {
      return new StorageCorruptionException(key, column.cfName(), "RocksDB: " + e.getMessage(), e);
    }
    return new StorageException("read of key '" + KeyCodec.printable(key) + "' failed: " + e.getMessage(), e);
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("storage is closed");
    }
  }

  private void checkWritable() {
    checkOpen();
    Throwable failed = failure.get();
    if (failed != null) {
      throw new StorageException("storage refuses writes after a failure: " + failed.getMessage(), failed);
    }
  }

  private void fail(Throwable cause) {
    failure.compareAndSet(null, cause);
  }

  private static void closeAll(List<AutoCloseable> natives) {
    for (int i = natives.size() - 1; i >= 0; i--) {
      try {
        natives.get(i).close();
      } catch (Exception ignored) {
        // Closing native handles only frees memory; nothing useful to do on failure.
      }
    }
  }
}
