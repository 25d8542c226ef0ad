package io.codis.protocol.resp;

/**
 * Every limit the RESP decoders enforce, by name. A client that exceeds one gets Redis's error and
 * its connection is closed; nothing the client merely announced is allocated up front.
 *
 * @param bulkBytesMax largest bulk string ({@code proto-max-bulk-len}, Redis default 512 MB)
 * @param arrayLengthMax largest multibulk header a client may send, and largest aggregate a reply
 *     decoder accepts (Redis 7.0 refuses only counts above {@code INT_MAX}: a {@code *2147483647}
 *     header is legal and simply waits for its arguments, which are bounded by the query buffer)
 * @param nestingDepthMax deepest aggregate nesting a reply decoder accepts (requests are flat)
 * @param inlineBytesMax longest inline command line (Redis: PROTO_INLINE_MAX_SIZE, 64 KB)
 * @param queryBufferBytesMax bytes one client may have buffered but not yet executed
 *     ({@code client-query-buffer-limit}, Redis default 1 GB)
 */
public record RespLimits(
    long bulkBytesMax,
    int arrayLengthMax,
    int nestingDepthMax,
    int inlineBytesMax,
    long queryBufferBytesMax) {

  public static final long BULK_BYTES_MAX_DEFAULT = 512L * 1024 * 1024;
  public static final int ARRAY_LENGTH_MAX_DEFAULT = Integer.MAX_VALUE;
  public static final int NESTING_DEPTH_MAX_DEFAULT = 128;
  /** A bulk becomes one Java array, so it cannot be longer than the largest array the JVM allows. */
  public static final long BULK_BYTES_MAX_CEILING = Integer.MAX_VALUE - 8;
  public static final int INLINE_BYTES_MAX_DEFAULT = 64 * 1024;
  public static final long QUERY_BUFFER_BYTES_MAX_DEFAULT = 1024L * 1024 * 1024;

  public static final RespLimits DEFAULTS =
      new RespLimits(
          BULK_BYTES_MAX_DEFAULT,
          ARRAY_LENGTH_MAX_DEFAULT,
          NESTING_DEPTH_MAX_DEFAULT,
          INLINE_BYTES_MAX_DEFAULT,
          QUERY_BUFFER_BYTES_MAX_DEFAULT);

  public RespLimits {
    if (bulkBytesMax < 1 || arrayLengthMax < 1 || nestingDepthMax < 1 || inlineBytesMax < 1) {
      throw new IllegalArgumentException("RESP limits must be positive");
    }
    if (bulkBytesMax > BULK_BYTES_MAX_CEILING) {
      throw new IllegalArgumentException(
          "bulkBytesMax: " + bulkBytesMax + " (expected: <= " + BULK_BYTES_MAX_CEILING + ")");
    }
    if (queryBufferBytesMax < 1) {
      throw new IllegalArgumentException(
          "queryBufferBytesMax: " + queryBufferBytesMax + " (expected: >= 1)");
    }
  }

  public RespLimits withBulkBytesMax(long bytes) {
    return new RespLimits(bytes, arrayLengthMax, nestingDepthMax, inlineBytesMax, queryBufferBytesMax);
  }

  public RespLimits withArrayLengthMax(int length) {
    return new RespLimits(bulkBytesMax, length, nestingDepthMax, inlineBytesMax, queryBufferBytesMax);
  }

  public RespLimits withNestingDepthMax(int depth) {
    return new RespLimits(bulkBytesMax, arrayLengthMax, depth, inlineBytesMax, queryBufferBytesMax);
  }

  public RespLimits withInlineBytesMax(int bytes) {
    return new RespLimits(bulkBytesMax, arrayLengthMax, nestingDepthMax, bytes, queryBufferBytesMax);
  }

  public RespLimits withQueryBufferBytesMax(long bytes) {
    return new RespLimits(bulkBytesMax, arrayLengthMax, nestingDepthMax, inlineBytesMax, bytes);
  }
}
