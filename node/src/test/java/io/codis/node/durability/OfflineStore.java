package io.codis.node.durability;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A stopped node's RocksDB ({@code <dir>/data}) opened with plain RocksDB, as an operator's tool
 * would, to damage it on purpose. Knows nothing of the node's record format beyond "the RocksDB key
 * contains the user key", so it stays valid when the format changes.
 */
final class OfflineStore implements AutoCloseable {
  private final Options options = new Options();
  private final DBOptions dbOptions = new DBOptions();
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  static {
    RocksDB.loadLibrary();
  }

  OfflineStore(Path dataDir) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (byte[] name : RocksDB.listColumnFamilies(options, dataDir.toString())) {
      descriptors.add(new ColumnFamilyDescriptor(name));
      names.add(new String(name, StandardCharsets.UTF_8));
    }
    db = RocksDB.open(dbOptions, dataDir.toString(), descriptors, handles);
  }

  private ColumnFamilyHandle handle(String family) {
    int i = names.indexOf(family);
    if (i < 0) {
      throw new IllegalArgumentException("no column family " + family + " in " + names);
    }
    return handles.get(i);
  }

  /**
   * Flips one bit in the last byte of the value of the first record of {@code family} whose RocksDB
   * key contains {@code userKey}, and writes it back (RocksDB's own checksums stay valid: only the
   * node's record check can notice). Returns the damaged value's original bytes.
   */
  byte[] flipLastValueByte(String family, String userKey) throws RocksDBException {
    byte[] needle = userKey.getBytes(StandardCharsets.UTF_8);
    try (RocksIterator it = db.newIterator(handle(family))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (contains(it.key(), needle)) {
          byte[] value = it.value();
          byte[] damaged = value.clone();
          damaged[damaged.length - 1] ^= 0x01;
          db.put(handle(family), it.key(), damaged);
          return value;
        }
      }
    }
    throw new IllegalStateException("no record of '" + userKey + "' in " + family);
  }

  /** Writes every memtable to SST files, so the data is in SSTs rather than the WAL. */
  void flushAll() throws RocksDBException {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
    }
  }

  /** The SST files of {@code family}. */
  List<String> sstFiles(String family) {
    List<String> files = new ArrayList<>();
    for (LiveFileMetaData f : db.getLiveFilesMetaData()) {
      if (new String(f.columnFamilyName(), StandardCharsets.UTF_8).equals(family)) {
        files.add(f.fileName().replaceFirst("^/", ""));
      }
    }
    return files;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** XORs the byte at {@code offset} of {@code file} with 0x40. */
  static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x40);
    }
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    dbOptions.close();
    options.close();
  }
}
