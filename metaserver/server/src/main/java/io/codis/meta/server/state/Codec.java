package io.codis.meta.server.state;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.codis.meta.server.proto.ClusterSnapshot;
import io.codis.meta.server.proto.Command;
import io.codis.meta.server.proto.LogEntry;
import io.codis.meta.server.proto.SnapshotFile;
import java.util.zip.CRC32C;

/**
 * Framing of everything the metaserver persists: a format version and a CRC32C around the
 * Protobuf body. The checksum is written here and checked where the bytes are read back; a
 * mismatch is a broken invariant of storage and stops the reader with an exception.
 */
public final class Codec {
  /** Bump only with a reader that still understands every older version. */
  public static final int FORMAT_VERSION = 1;

  private Codec() {}

  public static byte[] encodeCommand(Command c) {
    ByteString body = c.toByteString();
    return LogEntry.newBuilder().setFormatVersion(FORMAT_VERSION).setCommand(body)
        .setCrc32C(crc(body)).build().toByteArray();
  }

  public static Command decodeCommand(byte[] bytes) {
    try {
      LogEntry e = LogEntry.parseFrom(bytes);
      checkFormat(e.getFormatVersion());
      if (crc(e.getCommand()) != e.getCrc32C()) {
        throw new IllegalStateException("log entry checksum mismatch");
      }
      return Command.parseFrom(e.getCommand());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable log entry", e);
    }
  }

  public static byte[] encodeSnapshot(ClusterSnapshot s, long term, long index) {
    ByteString body = s.toByteString();
    return SnapshotFile.newBuilder().setFormatVersion(FORMAT_VERSION).setTerm(term).setIndex(index)
        .setBody(body).setCrc32C(crc(body)).build().toByteArray();
  }

  public static SnapshotFile decodeSnapshotFile(byte[] bytes) {
    try {
      SnapshotFile f = SnapshotFile.parseFrom(bytes);
      checkFormat(f.getFormatVersion());
      if (crc(f.getBody()) != f.getCrc32C()) {
        throw new IllegalStateException("snapshot checksum mismatch at index " + f.getIndex());
      }
      return f;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable snapshot", e);
    }
  }

  public static ClusterSnapshot snapshotBody(SnapshotFile f) {
    try {
      return ClusterSnapshot.parseFrom(f.getBody());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable snapshot body", e);
    }
  }

  private static void checkFormat(int v) {
    if (v < 1 || v > FORMAT_VERSION) {
      throw new IllegalStateException("format version: " + v + " (expected: 1.." + FORMAT_VERSION + ")");
    }
  }

  private static int crc(ByteString b) {
    CRC32C c = new CRC32C();
    c.update(b.asReadOnlyByteBuffer());
    return (int) c.getValue();
  }
}
