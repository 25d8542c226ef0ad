package io.codis.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/**
 * Server-side request decoder: turns a client's bytes into commands ({@code byte[][]}, one element
 * per argument) or one final {@link ProtocolError}. Accepts both multibulk ({@code *2\r\n$3\r\nGET...})
 * and inline ({@code GET key\r\n}) commands, as Redis's {@code processInputBuffer} does: a request
 * starting with {@code '*'} is multibulk, anything else an inline line.
 *
 * <p>Transition table (anything not listed is illegal):
 * <pre>
 *   START       --'*n' (n &lt;= 0)--------&gt; START        (Redis ignores empty multibulks)
 *   START       --'*n' (n &gt; 0)---------&gt; BULK_HEADER
 *   START       --inline line-----------&gt; START        (emits the command, or nothing if blank)
 *   BULK_HEADER --'$len'----------------&gt; BULK_BODY
 *   BULK_BODY   --len+2 bytes, more due--&gt; BULK_HEADER
 *   BULK_BODY   --len+2 bytes, last-----&gt; START        (emits the command)
 *   any         --protocol error--------&gt; FAILED       (emits one ProtocolError)
 *   FAILED      --any bytes-------------&gt; FAILED       (discarded)
 * </pre>
 *
 * <p>The error texts and the order of the checks are Redis 7.0's ({@code networking.c}): a header
 * line is parsed only once its {@code \r\n} has arrived, a number must be in {@code string2ll}'s
 * strict form (no sign {@code +}, no leading zeros, no spaces), and the two CRLF-less limits ("too
 * big ... count string", "too big inline request") apply when more than {@code inlineBytesMax} bytes
 * are buffered without a line end. Like Redis, the two bytes after a bulk's body are skipped, not
 * checked.
 *
 * <p>Allocation follows what arrived, not what was announced: the argument array starts at
 * {@code min(n, 1024)} and doubles; a bulk's bytes are copied out only once all of them are
 * buffered. {@code *2147483647\r\n} therefore costs 8 KB and waits, as it does in Redis.
 *
 * <p>The query-buffer cap ({@link RespLimits#queryBufferBytesMax()}) counts the bytes buffered by
 * Netty plus the wire bytes of the arguments already decoded for the incomplete command: that is
 * everything this client has sent that has not run yet. Exceeding it closes the connection without a
 * reply, as Redis does for {@code client-query-buffer-limit}. (Redis counts only its query buffer, so
 * a command of many mid-sized arguments may pass there and be refused here; the cap is what keeps a
 * client from filling our heap.)
 *
 * <p>Frame-keeping mode ({@link #keepingFrames}, used only by the proxy): a multibulk command whose
 * bytes all arrived in one decode call (the common case: Netty may discard read bytes between
 * calls, so a command read in pieces has no contiguous frame to point at) is emitted as a {@link
 * FramedRequest}: the same arguments plus a retained slice of its wire bytes. Anything else (inline
 * commands, commands read in pieces, a bulk not ended by {@code \r\n}) is emitted as plain {@code
 * byte[][]}. Nothing else differs: limits, errors and the arguments are the same in both modes.
 */
public final class RespRequestDecoder extends ByteToMessageDecoder {
  /** Redis's limit on multibulk headers before a client authenticated. */
  static final int UNAUTHENTICATED_ARRAY_MAX = 10;
  /** Redis's limit on bulk lengths before a client authenticated. */
  static final int UNAUTHENTICATED_BULK_MAX = 16384;
  /** First size of the argument array; it doubles as arguments arrive (Redis: the same 1024). */
  static final int ARGV_PREALLOCATE_MAX = 1024;
  private static final byte[][] NO_ARGS = new byte[0][];

  private enum State { START, BULK_HEADER, BULK_BODY, FAILED }

  private final RespLimits limits;
  private State state = State.START;
  private byte[][] argv;
  private int argc;
  private int argsExpected;
  private long bulkLength;
  /** Wire bytes of the incomplete multibulk command consumed so far (held in {@link #argv}). */
  private long pendingCommandBytes;
  private boolean authenticated = true;
  /** Frame-keeping mode: emit {@link FramedRequest}s where possible. */
  private final boolean keepFrames;
  /**
   * Reader index where the command being decoded started, or {@link #NO_FRAME} when its bytes
   * cannot be sliced as one frame (read in pieces, or a bulk not ended by CRLF).
   */
  private int frameStart = NO_FRAME;
  private static final int NO_FRAME = -1;

  public RespRequestDecoder(RespLimits limits) {
    this(limits, false);
  }

  private RespRequestDecoder(RespLimits limits, boolean keepFrames) {
    this.limits = limits;
    this.keepFrames = keepFrames;
  }

  /**
   * A decoder that also hands out each multibulk request's wire bytes ({@link FramedRequest}),
   * for a proxy that forwards them unchanged. The node uses the plain decoder.
   */
  public static RespRequestDecoder keepingFrames(RespLimits limits) {
    return new RespRequestDecoder(limits, true);
  }

  /** The session tells the decoder whether the client has authenticated (tighter limits until then). */
  public void authenticated(boolean value) {
    this.authenticated = value;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (state == State.FAILED) {
      in.skipBytes(in.readableBytes());
      return;
    }
    Object result = decodeOne(in);
    if (result == null) {
      frameStart = NO_FRAME; // the rest comes in a later call, after Netty may have moved the bytes
    }
    if (result != null) {
      out.add(result);
      return;
    }
    if (state != State.FAILED
        && pendingCommandBytes + in.readableBytes() > limits.queryBufferBytesMax()) {
      out.add(fail(in, new ProtocolError("query buffer limit reached", true)));
    }
  }

  /** Enters FAILED and drops what is buffered: nothing after a protocol error is ever executed. */
  private ProtocolError fail(ByteBuf in, ProtocolError error) {
    state = State.FAILED;
    argv = null;
    pendingCommandBytes = 0;
    in.skipBytes(in.readableBytes());
    return error;
  }

  /** Returns a command, a ProtocolError, or null when more bytes are needed. */
  private Object decodeOne(ByteBuf in) {
    while (in.isReadable()) {
      switch (state) {
        case START -> {
          if (in.getByte(in.readerIndex()) != '*') {
            Object inline = decodeInline(in);
            if (inline != BLANK_LINE) {
              return inline;
            }
            continue;
          }
          int eol = findCr(in);
          if (eol == NO_LINE) {
            if (in.readableBytes() > limits.inlineBytesMax()) {
              return fail(in, new ProtocolError("too big mbulk count string", false));
            }
            return null;
          }
          if (eol == INCOMPLETE_LINE) {
            return null;
          }
          long count = parseLong(in, in.readerIndex() + 1, eol);
          if (count == Long.MIN_VALUE && isLongMin(in, in.readerIndex() + 1, eol)) {
            count = -1; // string2ll accepts LLONG_MIN; like any count <= 0 it is ignored
          }
          if (count == Long.MIN_VALUE || count > Integer.MAX_VALUE || count > limits.arrayLengthMax()) {
            return fail(in, new ProtocolError("invalid multibulk length", false));
          }
          if (count > UNAUTHENTICATED_ARRAY_MAX && !authenticated) {
            return fail(in, new ProtocolError("unauthenticated multibulk length", false));
          }
          pendingCommandBytes = eol + 2 - in.readerIndex();
          in.readerIndex(eol + 2);
          if (count <= 0) {
            pendingCommandBytes = 0;
            continue;
          }
          argsExpected = (int) count;
          frameStart = keepFrames ? (int) (in.readerIndex() - pendingCommandBytes) : NO_FRAME;
          argv = new byte[(int) Math.min(count, ARGV_PREALLOCATE_MAX)][];
          argc = 0;
          state = State.BULK_HEADER;
        }
        case BULK_HEADER -> {
          int eol = findCr(in);
          if (eol == NO_LINE) {
            if (in.readableBytes() > limits.inlineBytesMax()) {
              return fail(in, new ProtocolError("too big bulk count string", false));
            }
            return null;
          }
          if (eol == INCOMPLETE_LINE) {
            return null;
          }
          byte type = in.getByte(in.readerIndex());
          if (type != '$') {
            return fail(in, new ProtocolError("expected '$', got '" + (char) (type & 0xff) + "'", false));
          }
          long length = parseLong(in, in.readerIndex() + 1, eol);
          if (length == Long.MIN_VALUE || length < 0 || length > limits.bulkBytesMax()) {
            return fail(in, new ProtocolError("invalid bulk length", false));
          }
          if (length > UNAUTHENTICATED_BULK_MAX && !authenticated) {
            return fail(in, new ProtocolError("unauthenticated bulk length", false));
          }
          pendingCommandBytes += eol + 2 - in.readerIndex();
          in.readerIndex(eol + 2);
          bulkLength = length;
          state = State.BULK_BODY;
        }
        case BULK_BODY -> {
          if (in.readableBytes() < bulkLength + 2) {
            return null;
          }
          byte[] arg = new byte[(int) bulkLength];
          in.readBytes(arg);
          if (frameStart != NO_FRAME && in.getShort(in.readerIndex()) != CRLF) {
            frameStart = NO_FRAME; // skipped unchecked, as in Redis; but not forwarded as is
          }
          in.skipBytes(2);
          pendingCommandBytes += bulkLength + 2;
          if (argc == argv.length) {
            argv = Arrays.copyOf(argv, (int) Math.min(argsExpected, argv.length * 2L));
          }
          argv[argc++] = arg;
          if (argc == argsExpected) {
            byte[][] command = argv;
            argv = null;
            pendingCommandBytes = 0;
            state = State.START;
            if (frameStart != NO_FRAME) {
              int start = frameStart;
              frameStart = NO_FRAME;
              return new FramedRequest(command, in.retainedSlice(start, in.readerIndex() - start));
            }
            return command;
          }
          state = State.BULK_HEADER;
        }
        case FAILED -> {
          in.skipBytes(in.readableBytes());
          return null;
        }
        default -> throw new IllegalStateException("unknown state " + state);
      }
    }
    return null;
  }

  /** Marks an inline line without arguments, which Redis skips silently. */
  private static final Object BLANK_LINE = new Object();

  /** Parses one inline line; returns BLANK_LINE for a blank one, null when the line is incomplete. */
  private Object decodeInline(ByteBuf in) {
    int start = in.readerIndex();
    int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
    if (newline < 0) {
      if (in.readableBytes() > limits.inlineBytesMax()) {
        return fail(in, new ProtocolError("too big inline request", false));
      }
      return null;
    }
    int end = newline;
    if (end > start && in.getByte(end - 1) == '\r') {
      end--;
    }
    byte[] line = new byte[end - start];
    in.getBytes(start, line);
    in.readerIndex(newline + 1);
    List<byte[]> args = InlineSplitter.split(line);
    if (args == null) {
      return fail(in, new ProtocolError("unbalanced quotes in request", false));
    }
    if (args.isEmpty()) {
      return BLANK_LINE;
    }
    return args.toArray(NO_ARGS);
  }

  private static final short CRLF = ('\r' << 8) | '\n';
  private static final int NO_LINE = -1;
  private static final int INCOMPLETE_LINE = -2;

  /**
   * Returns the index of the first {@code '\r'} from the reader index when the byte after it has
   * arrived too; {@link #NO_LINE} when there is no {@code '\r'}; {@link #INCOMPLETE_LINE} when the
   * {@code '\r'} is the last byte buffered. (Redis, too, takes the byte after the first CR to be the
   * LF without looking at it.)
   */
  private static int findCr(ByteBuf in) {
    int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
    if (cr < 0) {
      return NO_LINE;
    }
    return cr + 1 < in.writerIndex() ? cr : INCOMPLETE_LINE;
  }

  private static final byte[] LONG_MIN_TEXT =
      Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static boolean isLongMin(ByteBuf in, int from, int to) {
    if (to - from != LONG_MIN_TEXT.length) {
      return false;
    }
    for (int i = 0; i < LONG_MIN_TEXT.length; i++) {
      if (in.getByte(from + i) != LONG_MIN_TEXT[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses a decimal in [from, to) the way Redis's {@code string2ll} does: an optional {@code '-'},
   * then digits without leading zeros ({@code "0"} itself is fine, {@code "-0"} is not), at most 20
   * characters, within a signed 64-bit range. Returns {@code Long.MIN_VALUE} for anything else.
   */
  static long parseLong(ByteBuf in, int from, int to) {
    int length = to - from;
    if (length <= 0 || length > 20) {
      return Long.MIN_VALUE;
    }
    if (length == 1 && in.getByte(from) == '0') {
      return 0;
    }
    boolean negative = false;
    int i = from;
    if (in.getByte(i) == '-') {
      negative = true;
      i++;
      if (i == to) {
        return Long.MIN_VALUE;
      }
    }
    byte first = in.getByte(i);
    if (first < '1' || first > '9') {
      return Long.MIN_VALUE;
    }
    long value = 0;
    for (; i < to; i++) {
      byte b = in.getByte(i);
      if (b < '0' || b > '9') {
        return Long.MIN_VALUE;
      }
      if (value > (Long.MAX_VALUE - (b - '0')) / 10) {
        return Long.MIN_VALUE;
      }
      value = value * 10 + (b - '0');
    }
    return negative ? -value : value;
  }
}
