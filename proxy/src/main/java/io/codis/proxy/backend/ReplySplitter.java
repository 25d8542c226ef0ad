package io.codis.proxy.backend;

import io.codis.protocol.resp.ProtocolError;
import io.codis.protocol.resp.RespLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a node's reply stream into whole replies without decoding them: each complete RESP2/RESP3
 * value (nested aggregates included) leaves as one retained slice of the received bytes, so a
 * reply can be written to the client as it came (no {@code RespValue}, no re-encoding). Values the
 * proxy must look into (fan-out merges, pub/sub pushes) are parsed from the slice by
 * {@link ReplyParser}.
 *
 * <p>Resumable: a partial value keeps its scan position and the stack of elements still missing,
 * so a large reply arriving in many reads is scanned once. Limits: bulk length
 * ({@link RespLimits#bulkBytesMax()}), aggregate length ({@link RespLimits#arrayLengthMax()}),
 * nesting ({@link RespLimits#nestingDepthMax()}); a header line longer than
 * {@link #LINE_BYTES_MAX} or any violation is a {@link ProtocolError} (the connection closes).
 *
 * <p>States per value: HEADER (read a type byte and its line) and BODY (wait for a bulk's bytes);
 * after every complete element the aggregate stack is popped until an aggregate still misses
 * elements or the value is complete.
 */
final class ReplySplitter extends ByteToMessageDecoder {
  /** Longest header line (type, length or simple string, CR LF) accepted from a node. */
  static final int LINE_BYTES_MAX = 64 * 1024;

  private final RespLimits limits;
  /** Bytes of the current value already scanned (from the reader index). */
  private int scanned;
  /** Elements still missing per open aggregate; depth entries are used. */
  private final long[] missing;
  private int depth;
  /** Bytes of a bulk body (with its CR LF) still expected before its element completes. */
  private long bodyLeft = -1;
  /** After a protocol error nothing more is read (the connection is being closed). */
  private boolean failed;
  private String failure;
  private static final int NEED_MORE = -1;
  private static final int FAILED = -2;

  ReplySplitter(RespLimits limits) {
    this.limits = limits;
    this.missing = new long[limits.nestingDepthMax() + 1];
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      if (failed) {
        in.skipBytes(in.readableBytes());
        return;
      }
      int end = scan(in);
      if (end == NEED_MORE) {
        return;
      }
      if (end == FAILED) {
        in.skipBytes(in.readableBytes());
        out.add(new ProtocolError(failure, false));
        return;
      }
      out.add(in.readRetainedSlice(end - in.readerIndex()));
      scanned = 0;
    }
  }

  /**
   * Scans from where the last call stopped. Returns the end index of a complete value,
   * {@link #NEED_MORE}, or {@link #FAILED}.
   */
  private int scan(ByteBuf in) {
    int pos = in.readerIndex() + scanned;
    int limit = in.writerIndex();
    while (true) {
      if (bodyLeft >= 0) {
        if (limit - pos < bodyLeft) {
          return need(in, pos);
        }
        pos += (int) bodyLeft;
        bodyLeft = -1;
        if (elementDone()) {
          return pos;
        }
        continue;
      }
      int eol = in.indexOf(pos, Math.min(limit, pos + LINE_BYTES_MAX), (byte) '\n');
      if (eol < 0) {
        if (limit - pos >= LINE_BYTES_MAX) {
          return fail(in, "reply line longer than " + LINE_BYTES_MAX + " bytes");
        }
        return need(in, pos);
      }
      byte type = in.getByte(pos);
      int lineStart = pos + 1;
      int lineEnd = eol - 1; // the CR
      pos = eol + 1;
      switch (type) {
        case '+', '-', ':', '_', ',', '#', '(' -> {
          if (elementDone()) {
            return pos;
          }
        }
        case '$', '=', '!' -> {
          long len = number(in, lineStart, lineEnd);
          if (len == Long.MIN_VALUE || len < -1 || len > limits.bulkBytesMax()) {
            return fail(in, "bad bulk length from the node");
          }
          if (len == -1) {
            if (elementDone()) {
              return pos;
            }
          } else {
            bodyLeft = len + 2;
          }
        }
        case '*', '~', '>', '%', '|' -> {
          long n = number(in, lineStart, lineEnd);
          if (n == Long.MIN_VALUE || n < -1 || n > limits.arrayLengthMax()) {
            return fail(in, "bad aggregate length from the node");
          }
          // A map has two values per entry; an attribute's pairs come before the value it annotates.
          long elements = type == '%' ? 2 * n : type == '|' ? 2 * n + 1 : n;
          if (elements <= 0) {
            if (elementDone()) {
              return pos;
            }
          } else {
            if (depth == limits.nestingDepthMax()) {
              return fail(in, "reply nested deeper than " + limits.nestingDepthMax());
            }
            missing[depth++] = elements;
          }
        }
        default -> {
          return fail(in, "unknown reply type byte " + (type & 0xff));
        }
      }
    }
  }

  /** One element completed: closes every aggregate it completes; true when the value is whole. */
  private boolean elementDone() {
    while (depth > 0) {
      if (--missing[depth - 1] > 0) {
        return false;
      }
      depth--;
    }
    return true;
  }

  private int need(ByteBuf in, int pos) {
    // Resume at the start of an unfinished line; a pending body is resumed by bodyLeft.
    scanned = pos - in.readerIndex();
    return -1;
  }

  private int fail(ByteBuf in, String reason) {
    failed = true;
    failure = reason;
    return FAILED;
  }

  /** The decimal integer in [from, to), or Long.MIN_VALUE when it is not one. */
  private static long number(ByteBuf in, int from, int to) {
    if (from >= to || to - from > 20) {
      return Long.MIN_VALUE;
    }
    boolean negative = in.getByte(from) == '-';
    int i = negative ? from + 1 : from;
    if (i == to) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (; i < to; i++) {
      byte b = in.getByte(i);
      if (b < '0' || b > '9') {
        return Long.MIN_VALUE;
      }
      v = v * 10 + (b - '0');
    }
    return negative ? -v : v;
  }
}
