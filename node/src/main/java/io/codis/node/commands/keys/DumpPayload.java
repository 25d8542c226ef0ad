package io.codis.node.commands.keys;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Our DUMP payload: a value serialized in a format of our own (not Redis's RDB encoding, which a
 * Redis server would refuse anyway because of the trailer), versioned and checksummed so that
 * RESTORE refuses anything corrupted or from a future version before decoding a byte of it.
 *
 * <pre>
 *   type      u8        0 string, 1 list, 2 hash, 3 set, 4 zset
 *   body                string: bytes
 *                       list/set: count, then count × bytes
 *                       hash: count, then count × (field bytes, value bytes)
 *                       zset: count, then count × (member bytes, score f64 LE)
 *   version   u16 LE    {@link #VERSION}
 *   checksum  u32 LE    CRC32C of everything before it
 * </pre>
 *
 * {@code count} and every {@code bytes} length are unsigned LEB128 varints. As in Redis, the
 * version and checksum come last (the payload can be written in one pass) and the TTL is not part
 * of it (RESTORE takes it as an argument).
 *
 * <p>Decoding trusts nothing: counts are checked against the bytes left before anything is
 * allocated, lengths must fit, collections must be non-empty and free of duplicates, scores must not
 * be NaN, and nothing may follow the body.
 */
public final class DumpPayload {
  /** Format version written now; a payload from a newer version is refused. */
  public static final int VERSION = 1;

  static final int TYPE_STRING = 0;
  static final int TYPE_LIST = 1;
  static final int TYPE_HASH = 2;
  static final int TYPE_SET = 3;
  static final int TYPE_ZSET = 4;
  /** A sorted set already past its listpack form: restored as a skip list, so a -0 score stays -0. */
  static final int TYPE_ZSET_SKIPLIST = 5;

  /** Bytes after the body: version and checksum. */
  static final int TRAILER_BYTES = 6;

  private DumpPayload() {}

  /** Thrown by {@link #decode} for a payload whose checksum is right but whose body is not. */
  public static final class BadFormat extends Exception {
    BadFormat(String detail) {
      super(detail, null, false, false);
    }
  }

  /** Serializes a stored value. */
  public static byte[] encode(Object value) {
    Writer w = new Writer();
    if (value instanceof byte[] bytes) {
      w.u8(TYPE_STRING);
      w.bytes(bytes);
    } else if (value instanceof ListValue list) {
      w.u8(TYPE_LIST);
      w.varint(list.size());
      for (int i = 0; i < list.size(); i++) {
        w.bytes(list.get(i));
      }
    } else if (value instanceof HashValue hash) {
      w.u8(TYPE_HASH);
      w.varint(hash.size());
      hash.fields().forEach((field, v) -> {
        w.bytes(field);
        w.bytes(v);
      });
    } else if (value instanceof SetValue set) {
      w.u8(TYPE_SET);
      w.varint(set.size());
      set.members().forEach((member, unused) -> w.bytes(member));
    } else if (value instanceof ZSetValue zset) {
      w.u8(zset.listpack() ? TYPE_ZSET : TYPE_ZSET_SKIPLIST);
      w.varint(zset.size());
      zset.scores().forEach((member, score) -> {
        w.bytes(member);
        w.f64(score);
      });
    } else {
      throw new IllegalStateException("not a stored value: " + value.getClass().getName());
    }
    w.u8(VERSION & 0xff);
    w.u8(VERSION >>> 8);
    int crc = crc(w.buf, w.len);
    for (int shift = 0; shift < 32; shift += 8) {
      w.u8(crc >>> shift);
    }
    return Arrays.copyOf(w.buf, w.len);
  }

  /** True when the trailer's version is one we read and the checksum matches. */
  public static boolean verify(byte[] payload) {
    if (payload.length < 1 + TRAILER_BYTES) {
      return false;
    }
    int end = payload.length - TRAILER_BYTES;
    int version = (payload[end] & 0xff) | (payload[end + 1] & 0xff) << 8;
    if (version < 1 || version > VERSION) {
      return false;
    }
    int stored = 0;
    for (int i = 0; i < 4; i++) {
      stored |= (payload[end + 2 + i] & 0xff) << (8 * i);
    }
    return stored == crc(payload, end + 2);
  }

  /** Decodes a payload that passed {@link #verify}. */
  public static Object decode(byte[] payload) throws BadFormat {
    Reader r = new Reader(payload, payload.length - TRAILER_BYTES);
    int type = r.u8();
    Object value =
        switch (type) {
          case TYPE_STRING -> r.bytes();
          case TYPE_LIST -> decodeList(r);
          case TYPE_HASH -> decodeHash(r);
          case TYPE_SET -> decodeSet(r);
          case TYPE_ZSET -> decodeZSet(r, false);
          case TYPE_ZSET_SKIPLIST -> decodeZSet(r, true);
          default -> throw new BadFormat("unknown type " + type);
        };
    if (r.pos != r.end) {
      throw new BadFormat("trailing bytes");
    }
    return value;
  }

  private static ListValue decodeList(Reader r) throws BadFormat {
    long count = r.count(1);
    ListValue list = new ListValue();
    for (long i = 0; i < count; i++) {
      list.addLast(r.bytes());
    }
    return list;
  }

  private static HashValue decodeHash(Reader r) throws BadFormat {
    long count = r.count(2);
    HashValue hash = new HashValue();
    for (long i = 0; i < count; i++) {
      byte[] field = r.bytes();
      if (hash.fields().put(field, r.bytes()) != null) {
        throw new BadFormat("duplicate hash field");
      }
    }
    return hash;
  }

  private static SetValue decodeSet(Reader r) throws BadFormat {
    long count = r.count(1);
    SetValue set = new SetValue();
    for (long i = 0; i < count; i++) {
      if (!set.add(r.bytes())) {
        throw new BadFormat("duplicate set member");
      }
    }
    return set;
  }

  private static ZSetValue decodeZSet(Reader r, boolean skiplist) throws BadFormat {
    long count = r.count(9);
    // The encoding is restored as dumped: a listpack would turn a -0 score into 0.
    ZSetValue zset = new ZSetValue(skiplist ? ZSetValue.LISTPACK_ENTRIES_MAX + 1 : count, 0);
    for (long i = 0; i < count; i++) {
      byte[] member = r.bytes();
      double score = r.f64();
      if (Double.isNaN(score)) {
        throw new BadFormat("NaN score");
      }
      if (zset.put(member, score) != null) {
        throw new BadFormat("duplicate zset member");
      }
    }
    return zset;
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  /** A growable output buffer (the value's size is known only as it is walked). */
  private static final class Writer {
    byte[] buf = new byte[64];
    int len;

    void u8(int b) {
      ensure(1);
      buf[len++] = (byte) b;
    }

    void varint(long v) {
      while ((v & ~0x7fL) != 0) {
        u8((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      u8((int) v);
    }

    void bytes(byte[] b) {
      varint(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
    }

    void f64(double d) {
      long bits = Double.doubleToRawLongBits(d);
      for (int shift = 0; shift < 64; shift += 8) {
        u8((int) (bits >>> shift));
      }
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        long wanted = Math.max((long) buf.length * 2, (long) len + more);
        if (wanted > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("value too large to DUMP");
        }
        buf = Arrays.copyOf(buf, (int) wanted);
      }
    }
  }

  /** Bounds-checked reads of the body; every failure is a {@link BadFormat}. */
  private static final class Reader {
    final byte[] in;
    final int end;
    int pos;

    Reader(byte[] in, int end) {
      this.in = in;
      this.end = end;
    }

    int u8() throws BadFormat {
      if (pos >= end) {
        throw new BadFormat("truncated");
      }
      return in[pos++] & 0xff;
    }

    long varint() throws BadFormat {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        v |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new BadFormat("varint too long");
    }

    /** A collection's element count: at least 1, and plausible for the bytes that remain. */
    long count(int minBytesPerElement) throws BadFormat {
      long count = varint();
      if (count < 1 || count > (end - pos) / minBytesPerElement) {
        throw new BadFormat("bad element count " + count);
      }
      return count;
    }

    byte[] bytes() throws BadFormat {
      long length = varint();
      if (length < 0 || length > end - pos) {
        throw new BadFormat("bad length " + length);
      }
      byte[] b = Arrays.copyOfRange(in, pos, pos + (int) length);
      pos += (int) length;
      return b;
    }

    double f64() throws BadFormat {
      if (end - pos < 8) {
        throw new BadFormat("truncated score");
      }
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits |= (long) (in[pos + i] & 0xff) << (8 * i);
      }
      pos += 8;
      return Double.longBitsToDouble(bits);
    }
  }
}
