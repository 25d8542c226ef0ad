package io.codis.node.storage;

import static io.codis.node.storage.Stores.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flipped byte anywhere in a record is reported with the key's name, never served as data. */
class StorageCorruptionTest {
  @TempDir Path dir;

  private static void flipLastByte(StorageEngine e, Column column, byte[] rocksKey) throws Exception {
    byte[] stored = Stores.rawGet(e, column, rocksKey);
    stored[stored.length - 1] ^= 0x01;
    Stores.rawPut(e, column, rocksKey, stored);
  }

  private static void assertCorrupt(StorageEngine e, byte[] key, String column) {
    StorageCorruptionException thrown = assertThrows(StorageCorruptionException.class, () -> e.load(key));
    assertTrue(thrown.getMessage().contains("'" + Stores.s(key) + "'"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains(column), thrown.getMessage());
    assertArrayEquals(key, thrown.key());
  }

  @Test
  void flippedByteInAStringIsDetected() throws Exception {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> t.putString(b("str"), b("hello"), 0));
      flipLastByte(e, Column.METADATA, KeyCodec.metaKey(e.slotOf(b("str")), b("str")));
      assertCorrupt(e, b("str"), "metadata");
      // A write to the key goes through the same check: corruption is not overwritten blindly.
      assertThrows(StorageCorruptionException.class, () -> Stores.commit(e, t -> t.setExpiry(b("str"), 5)));
    }
  }

  @Test
  void flippedByteInAHashFieldIsDetected() throws Exception {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        t.hashPut(b("h"), b("f1"), b("v1"), false);
        t.hashPut(b("h"), b("f2"), b("v2"), false);
      });
      int slot = e.slotOf(b("h"));
      byte[] prefix = KeyCodec.versionPrefix(slot, b("h"), e.readMetadata(slot, b("h")).version);
      flipLastByte(e, Column.SUBKEYS, KeyCodec.subKey(prefix, b("f2")));
      assertCorrupt(e, b("h"), "subkeys");
    }
  }

  @Test
  void aMissingOrMovedSubKeyIsDetected() throws Exception {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> {
        t.listPushTail(b("l"), b("a"));
        t.listPushTail(b("l"), b("b"));
        t.listPushTail(b("l"), b("c"));
        t.setAdd(b("s"), b("x"));
      });
      int slot = e.slotOf(b("l"));
      byte[] prefix = KeyCodec.versionPrefix(slot, b("l"), e.readMetadata(slot, b("l")).version);
      // A value copied under another key fails: the checksum covers the key too.
      byte[] first = KeyCodec.listKey(prefix, 0);
      byte[] second = KeyCodec.listKey(prefix, 1);
      Stores.rawPut(e, Column.SUBKEYS, second, Stores.rawGet(e, Column.SUBKEYS, first));
      assertCorrupt(e, b("l"), "CRC32C mismatch");
      // A lost record: the size in the metadata no longer matches.
      int setSlot = e.slotOf(b("s"));
      byte[] setPrefix = KeyCodec.versionPrefix(setSlot, b("s"), e.readMetadata(setSlot, b("s")).version);
      e.db().delete(e.handle(Column.SUBKEYS), KeyCodec.subKey(setPrefix, b("x")));
      assertCorrupt(e, b("s"), "size");
    }
  }

  @Test
  void flippedByteInAnSstFileIsReportedAsCorruptionOfTheKey() throws Exception {
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      Stores.commit(e, t -> t.putString(b("ondisk"), b("x".repeat(100)), 0));
      try (org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
        e.db().flush(flush, e.handle(Column.METADATA));
      }
    }
    List<Path> ssts;
    try (Stream<Path> files = Files.list(dir)) {
      ssts = files.filter(p -> p.toString().endsWith(".sst")).collect(Collectors.toList());
    }
    assertTrue(ssts.size() == 1, "expected one SST, found " + ssts);
    flipByte(ssts.get(0), 10);
    try (StorageEngine e = Stores.open(dir, FsyncMode.NO)) {
      assertCorrupt(e, b("ondisk"), "metadata");
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x40);
    }
  }
}
