package io.codis.node.storage;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import java.util.Arrays;
import org.rocksdb.RocksIterator;

/**
 * Reads one key's sub-key range into the node's in-memory value. Every record's checksum is
 * checked, and the count (and, for a list, the sequence numbers) must match the metadata, so a lost
 * or stray record is reported as corruption rather than silently changing the value.
 */
final class ValueLoader {
  private final StorageEngine engine;
  private final byte[] key;
  private final Metadata meta;
  private final byte[] versionPrefix;

  ValueLoader(StorageEngine engine, int slot, byte[] key, Metadata meta) {
    this.engine = engine;
    this.key = key;
    this.meta = meta;
    this.versionPrefix = KeyCodec.versionPrefix(slot, key, meta.version);
  }

  Object load() {
    switch (meta.type) {
      case STRING:
        return meta.string;
      case HASH: {
        HashValue hash = new HashValue();
        long n = scan((sub, payload) -> hash.put(sub, payload));
        return checkSize(hash, n);
      }
      case SET: {
        SetValue set = new SetValue();
        long n = scan((sub, payload) -> {
          if (payload.length != 0) {
            throw corrupt("set member record with a " + payload.length + "-byte value");
          }
          set.add(sub);
        });
        return checkSize(set, n);
      }
      case ZSET: {
        java.util.List<byte[]> members = new java.util.ArrayList<>();
        java.util.List<Double> scores = new java.util.ArrayList<>();
        long n = scan((sub, payload) -> {
          if (payload.length != OrderedBytes.LONG_BYTES) {
            throw corrupt("score of " + payload.length + " bytes");
          }
          double score = Double.longBitsToDouble(OrderedBytes.getRaw(payload, 0));
          if (Double.isNaN(score)) {
            throw corrupt("NaN score");
          }
          members.add(sub);
          scores.add(score);
        });
        // A stored -0 means the set was a skip list (a listpack holds -0 as 0): keep that encoding,
        // or loading it would turn -0 into 0.
        boolean negativeZero = scores.stream().anyMatch(d -> Double.doubleToRawLongBits(d) == Long.MIN_VALUE);
        ZSetValue zset = new ZSetValue(meta.size, negativeZero ? Long.MAX_VALUE : 0);
        for (int i = 0; i < members.size(); i++) {
          zset.put(members.get(i), scores.get(i));
        }
        return checkSize(zset, n);
      }
      case LIST: {
        ListValue list = new ListValue();
        long[] expected = {meta.head};
        long n = scan((sub, payload) -> {
          if (sub.length != OrderedBytes.LONG_BYTES || OrderedBytes.getLong(sub, 0) != expected[0]) {
            throw corrupt("list element out of sequence (expected index " + expected[0] + ")");
          }
          expected[0]++;
          list.addLast(payload);
        });
        return checkSize(list, n);
      }
      default:
        throw new IllegalStateException("unknown type " + meta.type);
    }
  }

  private interface RecordVisitor {
    void visit(byte[] sub, byte[] payload);
  }

  private long scan(RecordVisitor visitor) {
    byte[] end = KeyCodec.successor(versionPrefix);
    long count = 0;
    try (RocksIterator it = engine.db().newIterator(engine.handle(Column.SUBKEYS), engine.readOptions())) {
      for (it.seek(versionPrefix); it.isValid(); it.next()) {
        byte[] rocksKey = it.key();
        if (Arrays.compareUnsigned(rocksKey, end) >= 0) {
          break;
        }
        if (++count > meta.size) {
          throw corrupt("more sub-key records than the size " + meta.size);
        }
        byte[] payload = RecordChecksum.open(Column.SUBKEYS, key, rocksKey, it.value());
        visitor.visit(Arrays.copyOfRange(rocksKey, versionPrefix.length, rocksKey.length), payload);
      }
      engine.checkIterator(it, key, Column.SUBKEYS);
    }
    return count;
  }

  private Object checkSize(Object value, long found) {
    if (found != meta.size) {
      throw corrupt("metadata size " + meta.size + " but " + found + " sub-key records");
    }
    return value;
  }

  private StorageCorruptionException corrupt(String what) {
    return new StorageCorruptionException(key, Column.SUBKEYS.cfName(), what);
  }
}
