package io.codis.node.persistence;

import io.codis.node.exec.CommandException;
import io.codis.node.keyspace.ColdValue;
import io.codis.node.keyspace.Keyspace;
import io.codis.node.server.FlushGate;
import io.codis.node.server.Session;
import io.codis.node.storage.FsyncMode;
import io.codis.node.storage.StorageEngine;
import io.codis.node.storage.StorageLimits;
import io.codis.node.storage.StorageOptions;
import io.codis.node.storage.StoreBatch;
import io.codis.node.storage.StorageException;
import io.codis.node.storage.StoredValue;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the in-memory keyspace durable (when {@code appendonly yes}): whole-key write-back.
 *
 * <p>The keyspace reports every key a command writes, deletes or expires ({@link #keyModified});
 * those keys are collected, and before any reply leaves for a socket (the {@link FlushGate} hook,
 * once per read batch of a client) each collected key's <em>current</em> state is encoded into one
 * RocksDB batch: {@code putValue} with its expiry, or {@code deleteKey} when it is gone. So a
 * pipeline of commands costs one RocksDB write, a MULTI/EXEC is one atomic batch, and several writes
 * to one key in the batch are written once. Encoding happens here, on the event loop, at commit
 * time: values are mutated in place (SETBIT changes a string's array), so nothing is kept across
 * threads. Writes without a reply (active expiry, CLIENT REPLY OFF) are committed by a task posted
 * when the first key becomes dirty. Hashes, sets and sorted sets already written as the same key
 * are written as deltas from their {@link io.codis.node.keyspace.ChangeJournal} (see {@link
 * Deltas}); anything else (new, renamed, overflowed journal, strings) is written whole.
 *
 * <p>Under {@code always}, a commit's replies are held by the {@link ReplyGate} until the engine's
 * group-commit callback says the WAL holding it is synced; the callback hops back to the event loop.
 * Under {@code everysec} and {@code no} replies are written at once (after the commit, so a
 * {@code kill -9} still loses nothing acknowledged).
 */
public final class Persistence implements FlushGate, AutoCloseable, io.codis.node.tier.ColdStore {
  private static final Logger LOG = LoggerFactory.getLogger(Persistence.class);

  private final StorageEngine engine;
  private final Keyspace keyspace;
  private final Checkpoints checkpoints;
  private final Set<ByteBuffer> dirty = new LinkedHashSet<>();
  private final Set<Integer> flushedSlots = new TreeSet<>();
  private final ReplyGate gate = new ReplyGate();
  private boolean flushedAll;
  private Executor loop;
  private boolean commitTaskPosted;
  /** Commits made under always, and how many of them are synced (event loop only). */
  private long committedSeq;
  private long durableSeq;
  private volatile String writeError;
  private long loadedKeys;
  private long loadedExpired;
  private boolean lazy;
  private long loadMs;
  /** What the replication layer wants stored with each commit (see {@link #replicationState}). */
  private java.util.function.Supplier<byte[]> replicationState;
  private byte[] storedReplicationState;

  private Persistence(StorageEngine engine, Keyspace keyspace, Path checkpointDir) {
    this.engine = engine;
    this.keyspace = keyspace;
    this.checkpoints = new Checkpoints(engine, checkpointDir);
  }

  /** Opens the store in {@code <dir>/data} and loads every live key into {@code keyspace}. */
  public static Persistence open(Path dir, FsyncMode fsync, Keyspace keyspace) {
    return open(dir, fsync, keyspace, false);
  }

  /**
   * Opens the store; with {@code lazy} (a {@code maxmemory} budget is set) only the key index is
   * loaded: every key enters the keyspace cold, with its expiry, and its value is read on first
   * access (the memory tier's {@link #loadCold}).
   */
  public static Persistence open(Path dir, FsyncMode fsync, Keyspace keyspace, boolean lazy) {
    StorageEngine engine = StorageEngine.open(
        new StorageOptions(dir.resolve("data"), fsync, keyspace.slotCount(), StorageLimits.DEFAULTS));
    Persistence p = new Persistence(engine, keyspace, dir.resolve("checkpoints"));
    p.lazy = lazy;
    try {
      if (lazy) {
        p.loadIndex();
      } else {
        p.loadAll();
      }
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    return p;
  }

  /**
   * Start-up: a full warm load of every key, before clients are accepted. Keys already expired are
   * dropped (and deleted from the store). Lazy warming under {@code maxmemory} is the next step.
   */
  private void loadAll() {
    long started = System.currentTimeMillis();
    keyspace.now(started);
    List<byte[]> expired = new ArrayList<>();
    engine.forEachValue((key, stored) -> {
      long at = stored.expireAtMs();
      if (at != StorageEngine.NO_EXPIRY && at <= started) {
        expired.add(key);
        return;
      }
      keyspace.putKeepTtl(key, stored.value());
      Deltas.markStored(key, stored.value());
      if (at != StorageEngine.NO_EXPIRY) {
        keyspace.expireAt(key, at);
      }
      loadedKeys++;
    });
    deleteExpiredAtLoad(expired);
    loadMs = System.currentTimeMillis() - started;
    LOG.info("loaded {} keys from storage ({} expired keys dropped) in {} ms", loadedKeys, loadedExpired,
        loadMs);
  }

  /**
   * Lazy start-up: reads the key index only (one pass over the metadata family: key, type,
   * expiry) and puts each live key in the keyspace as a {@link ColdValue}. Values are decoded on
   * first access. The index is what SCAN, DBSIZE, EXISTS, TTL and active expiry need.
   */
  private void loadIndex() {
    long started = System.currentTimeMillis();
    keyspace.now(started);
    List<byte[]> expired = new ArrayList<>();
    engine.forEachKey((key, type, at) -> {
      if (at != StorageEngine.NO_EXPIRY && at <= started) {
        expired.add(key);
        return;
      }
      keyspace.putKeepTtl(key, ColdValue.of(type));
      if (at != StorageEngine.NO_EXPIRY) {
        keyspace.expireAt(key, at);
      }
      loadedKeys++;
    });
    deleteExpiredAtLoad(expired);
    loadMs = System.currentTimeMillis() - started;
    LOG.info("indexed {} keys from storage, values load on access ({} expired keys dropped) in {} ms",
        loadedKeys, loadedExpired, loadMs);
  }

  private void deleteExpiredAtLoad(List<byte[]> expired) {
    if (!expired.isEmpty()) {
      try (StoreBatch b = engine.newBatch()) {
        expired.forEach(b::deleteKey);
        b.commit(null);
      }
    }
    loadedExpired = expired.size();
  }

  // ---- the memory tier's store (ColdStore) ----

  @Override
  public Object loadCold(byte[] key) {
    StoredValue stored;
    try {
      stored = engine.load(key);
    } catch (StorageException e) {
      LOG.error("cannot load key from storage", e);
      throw new CommandException("ERR storage: " + e.getMessage());
    }
    if (stored == null) {
      // The keyspace's index says the key exists: the store lost it. Never invent a value.
      throw new CommandException("ERR storage: key is in the index but not in the store");
    }
    Deltas.markStored(key, stored.value());
    return stored.value();
  }

  @Override
  public boolean isDirty(byte[] key) {
    return dirty.contains(ByteBuffer.wrap(key));
  }

  @Override
  public boolean writable() {
    return writeError == null;
  }

  /** True when start-up loaded the key index only (values warm on access). */
  public boolean lazy() {
    return lazy;
  }

  /** Milliseconds the start-up load (full or index) took. */
  public long loadMs() {
    return loadMs;
  }

  /** The event loop, for the durability callbacks and the commit task; set before serving. */
  public void loop(Executor value) {
    this.loop = value;
  }

  // ---- the replication state stored with the data ----

  /** The name of the node-level record holding the replication id and offset. */
  static final String REPLICATION_STATE = "replication";

  /**
   * The replication layer's state (its id and offset, or null when the data does not match any
   * offset, during a full sync) is asked for before every commit and written in the same atomic
   * batch as the keys, whenever it changed: so what a restart finds stored is the data and the
   * offset it corresponds to, in every {@code appendfsync} mode (a crash recovers a prefix of
   * whole batches). The supplier runs on the event loop and may make replication emit its pending
   * effects first (it must: the offset has to cover every write in the batch).
   */
  public void replicationState(java.util.function.Supplier<byte[]> source) {
    this.replicationState = source;
    this.storedReplicationState = engine.aux(REPLICATION_STATE);
  }

  /** The replication state found in the store at start-up (or last written), or null. */
  public byte[] storedReplicationState() {
    return storedReplicationState == null ? null : storedReplicationState.clone();
  }

  // ---- write path ----

  /** A key was created, changed, deleted or expired (keyspace listener). */
  public void keyModified(byte[] key) {
    dirty.add(ByteBuffer.wrap(key));
    postCommit();
  }

  /** FLUSHALL / FLUSHDB. */
  public void flushedAll() {
    flushedAll = true;
    flushedSlots.clear();
    dirty.clear();
    postCommit();
  }

  /** One slot was flushed. */
  public void flushedSlot(int slot) {
    flushedSlots.add(slot);
    postCommit();
  }

  private void postCommit() {
    if (!commitTaskPosted && loop != null) {
      commitTaskPosted = true;
      try {
        loop.execute(this::endOfTurn);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        commitTaskPosted = false; // the node is closing: close() commits what is left
      }
    }
  }

  /**
   * The commit task, run once per event-loop turn after the turn's reads were executed: every
   * client's writes of the turn go to the WAL in one batch, then the replies that waited for it are
   * written (under {@code always}, once the sync callback came back).
   */
  private void endOfTurn() {
    commitDirty();
    gate.release(durableSeq);
  }

  private boolean commitPending() {
    return !dirty.isEmpty() || flushedAll || !flushedSlots.isEmpty();
  }

  /** Writes the current state of every dirty key in one batch; a no-op when nothing is dirty. */
  public void commitDirty() {
    commitTaskPosted = false;
    // Asked first: on a master it emits the pending effects, so the offset covers this batch.
    byte[] replState = replicationState == null ? null : replicationState.get();
    boolean replStateChanged = replicationState != null
        && !java.util.Arrays.equals(replState, storedReplicationState);
    if (dirty.isEmpty() && !flushedAll && flushedSlots.isEmpty() && !replStateChanged) {
      return;
    }
    if (writeError != null) {
      // The store stopped accepting writes; writes are refused before they run (MISCONF).
      dirty.clear();
      flushedSlots.clear();
      flushedAll = false;
      // Replies held for this turn's commit carry no acknowledged write (MISCONF, reads): free them.
      durableSeq = ++committedSeq;
      return;
    }
    int keys = 0;
    try (StoreBatch b = engine.newBatch()) {
      if (flushedAll) {
        b.flushAll();
        keys++;
      }
      for (int slot : flushedSlots) {
        b.flushSlot(slot);
        keys++;
      }
      // After a flush in this batch the store's view of a key is not what a journal assumes.
      boolean deltas = !flushedAll && flushedSlots.isEmpty();
      flushedAll = false;
      flushedSlots.clear();
      // Reading a key may expire it, which reports it dirty again: loop until nothing is left.
      while (!dirty.isEmpty()) {
        List<ByteBuffer> now = new ArrayList<>(dirty);
        dirty.clear();
        for (ByteBuffer wrapped : now) {
          byte[] key = wrapped.array();
          if (keyspace.isCold(key)) {
            // EXPIRE/PERSIST of a key only the store holds: its value there is current.
            long at = keyspace.expireAt(key);
            b.setExpiry(key, at < 0 ? StorageEngine.NO_EXPIRY : at);
            keys++;
            continue;
          }
          Object value = keyspace.get(key);
          if (value == null) {
            b.deleteKey(key);
          } else {
            long at = keyspace.expireAt(key);
            long expireAt = at < 0 ? StorageEngine.NO_EXPIRY : at;
            if (!(deltas && Deltas.write(b, key, value, expireAt))) {
              b.putValue(key, value, expireAt);
              Deltas.markStored(key, value);
            }
          }
          keys++;
        }
      }
      if (replStateChanged) {
        b.putAux(REPLICATION_STATE, replState);
      }
      checkpoints.changed(keys);
      long seq = ++committedSeq;
      Thread committer = Thread.currentThread();
      b.commit(() -> {
        if (Thread.currentThread() == committer) {
          // everysec/no: durable as promised once written; the end of the turn writes the replies
          durableSeq = Math.max(durableSeq, seq);
          return;
        }
        try {
          loop.execute(() -> durable(seq));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
          // the event loop is gone: no client is left to answer
        }
      });
      if (replStateChanged) {
        storedReplicationState = replState;
      }
    } catch (RuntimeException e) {
      writeError = e.getMessage() == null ? e.toString() : e.getMessage();
      LOG.error("storage write failed; refusing writes from now on", e);
      gate.dropAll();
      durableSeq = committedSeq; // nothing is left to wait for: those writes were never acknowledged
    }
    commitTaskPosted = false;
  }

  private void durable(long seq) {
    durableSeq = Math.max(durableSeq, seq);
    gate.release(durableSeq);
  }

  @Override
  public boolean hold(Session session, ByteBuf replies, boolean closeAfter) {
    if (commitPending()) {
      if (loop == null) {
        commitDirty(); // no event loop (embedded use): commit now
      } else {
        // Acknowledges writes not yet committed (or a read that saw them): wait for the turn's
        // commit, which carries the next sequence number.
        gate.hold(session, replies, committedSeq + 1, closeAfter);
        postCommit();
        return true;
      }
    }
    if (durableSeq < committedSeq || gate.hasHeld(session)) {
      gate.hold(session, replies, committedSeq, closeAfter);
      postCommit();
      return true;
    }
    return false;
  }

  /** True while replies of {@code session} wait in the gate for a commit or an fsync. */
  public boolean holdsRepliesOf(Session session) {
    return gate.hasHeld(session);
  }

  // ---- commands ----

  /** Not null once a write to the store failed: writes are refused with this reason. */
  public String writeError() {
    return writeError;
  }

  public Checkpoints checkpoints() {
    return checkpoints;
  }

  public StorageEngine engine() {
    return engine;
  }

  /** CONFIG SET appendfsync. */
  public void fsyncMode(FsyncMode mode) {
    engine.fsyncMode(mode);
  }

  public long loadedKeys() {
    return loadedKeys;
  }

  public long loadedExpired() {
    return loadedExpired;
  }

  /** Commits what is left (call on the event loop), then syncs and closes the store. */
  @Override
  public void close() {
    checkpoints.close();
    try {
      engine.close();
    } finally {
      gate.dropAll();
    }
  }
}
