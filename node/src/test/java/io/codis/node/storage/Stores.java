package io.codis.node.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Helpers for storage tests: opening engines in temp dirs and looking at raw records. */
final class Stores {
  private Stores() {}

  static StorageEngine open(Path dir, FsyncMode mode) {
    return StorageEngine.open(StorageOptions.of(dir, mode));
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Every raw RocksDB key of {@code column} in {@code [start, end)}. */
  static List<byte[]> rawKeys(StorageEngine engine, Column column, byte[] start, byte[] end) {
    List<byte[]> keys = new ArrayList<>();
    try (RocksIterator it = engine.db().newIterator(engine.handle(column))) {
      for (it.seek(start); it.isValid() && Arrays.compareUnsigned(it.key(), end) < 0; it.next()) {
        keys.add(it.key());
      }
    }
    return keys;
  }

  static List<byte[]> allRawKeys(StorageEngine engine, Column column) {
    return rawKeys(engine, column, new byte[0], new byte[] {(byte) 0xFF, (byte) 0xFF});
  }

  static byte[] rawGet(StorageEngine engine, Column column, byte[] rocksKey) throws RocksDBException {
    return engine.db().get(engine.handle(column), rocksKey);
  }

  /** A write behind the engine's back, as damage would be: the metadata cache forgets what it knew. */
  static void rawPut(StorageEngine engine, Column column, byte[] rocksKey, byte[] value) throws RocksDBException {
    engine.db().put(engine.handle(column), rocksKey, value);
    engine.metadataCache().clear();
  }

  /** Commits a batch built by {@code body} and returns how many records it held. */
  static int commit(StorageEngine engine, java.util.function.Consumer<StoreBatch> body) {
    try (StoreBatch batch = engine.newBatch()) {
      body.accept(batch);
      int records = batch.recordCount();
      batch.commit(null);
      return records;
    }
  }
}
