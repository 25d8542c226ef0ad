package io.codis.node.migrate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a batch payload into its records: RESP arrays of bulk strings, back to back (what {@link
 * io.codis.node.replication.Effects#record} writes). Strict: anything else, a length past the end or
 * more than {@code argsMax} arguments is a {@link BadBatch}, and nothing of that batch is applied.
 */
final class RecordReader {
  private RecordReader() {}

  static final class BadBatch extends Exception {
    BadBatch(String detail) {
      super(detail, null, false, false);
    }
  }

  static List<byte[][]> read(byte[] payload, int argsMax) throws BadBatch {
    List<byte[][]> records = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < payload.length) {
      long n = header(payload, pos, '*');
      if (n < 1 || n > argsMax) {
        throw new BadBatch("record of " + n + " arguments (expected: 1.." + argsMax + ")");
      }
      byte[][] argv = new byte[(int) n][];
      for (int i = 0; i < n; i++) {
        long len = header(payload, pos, '$');
        if (len < 0 || len > payload.length - pos[0] - 2) {
          throw new BadBatch("bulk length " + len + " past the end of the batch");
        }
        argv[i] = java.util.Arrays.copyOfRange(payload, pos[0], pos[0] + (int) len);
        pos[0] += (int) len;
        crlf(payload, pos);
      }
      records.add(argv);
    }
    return records;
  }

  private static long header(byte[] b, int[] pos, char kind) throws BadBatch {
    if (pos[0] >= b.length || b[pos[0]] != kind) {
      throw new BadBatch("expected '" + kind + "' at byte " + pos[0]);
    }
    int p = pos[0] + 1;
    long value = 0;
    int digits = 0;
    while (p < b.length && b[p] >= '0' && b[p] <= '9' && digits < 10) {
      value = value * 10 + (b[p] - '0');
      p++;
      digits++;
    }
    if (digits == 0) {
      throw new BadBatch("expected a length at byte " + (pos[0] + 1));
    }
    pos[0] = p;
    crlf(b, pos);
    return value;
  }

  private static void crlf(byte[] b, int[] pos) throws BadBatch {
    if (pos[0] + 1 >= b.length || b[pos[0]] != '\r' || b[pos[0] + 1] != '\n') {
      throw new BadBatch("expected CRLF at byte " + pos[0]);
    }
    pos[0] += 2;
  }

  static String name(byte[][] argv) {
    return new String(argv[0], StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
  }
}
