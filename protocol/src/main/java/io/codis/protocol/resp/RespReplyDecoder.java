package io.codis.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Client-side reply decoder (the proxy's backend connections): turns a server's bytes into complete
 * {@link RespValue}s, RESP2 and RESP3, or one final {@link ProtocolError}.
 *
 * <p>Transition table:
 * <pre>
 *   LINE   --scalar line (+ - : _ , # ( or $-1 *-1)--&gt; LINE   (completes a value)
 *   LINE   --'$n' '=n' '!n' (n &gt;= 0)---------------&gt; BODY
 *   LINE   --aggregate header (* % ~ &gt; |, n &gt; 0)----&gt; LINE   (pushes a frame)
 *   BODY   --n+2 bytes ending in CRLF--------------&gt; LINE   (completes a value)
 *   any    --malformed input or a limit------------&gt; FAILED (emits one ProtocolError)
 *   FAILED --any bytes-----------------------------&gt; FAILED (discarded)
 * </pre>
 * A completed value is added to the innermost open aggregate (a frame on an explicit stack, so deep
 * nesting costs heap, not Java stack); when that aggregate is full it is completed in turn; a value
 * completed with no frame open is emitted. Nothing is parsed twice: every line and body is consumed
 * as soon as it is whole.
 *
 * <p>Limits: bulk, verbatim and blob-error lengths at most {@link RespLimits#bulkBytesMax()};
 * aggregate counts at most {@link RespLimits#arrayLengthMax()} (a map of n pairs counts 2n); at most
 * {@link RespLimits#nestingDepthMax()} aggregates open at once; a line (everything but bodies) at
 * most {@link RespLimits#inlineBytesMax()} bytes. Aggregates start with room for {@code min(n, 16)}
 * elements and grow as elements arrive; a body is copied out only once it is complete.
 *
 * <p>RESP3's streamed strings and aggregates ({@code $?}, {@code *?}) are refused: Redis never
 * sends them.
 */
public final class RespReplyDecoder extends ByteToMessageDecoder {
  /** First capacity of an aggregate's element list, whatever the header announced. */
  static final int ELEMENTS_PREALLOCATE_MAX = 16;
  private static final Pattern DOUBLE_TEXT =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern BIG_NUMBER_TEXT = Pattern.compile("[+-]?[0-9]+");

  private enum State { LINE, BODY, FAILED }

  /** An aggregate being filled. */
  private static final class Frame {
    final byte type;
    final long expected;
    final List<RespValue> items;

    Frame(byte type, long expected) {
      this.type = type;
      this.expected = expected;
      this.items = new ArrayList<>((int) Math.min(expected, ELEMENTS_PREALLOCATE_MAX));
    }

    boolean full() {
      return items.size() == expected;
    }
  }

  private final RespLimits limits;
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private State state = State.LINE;
  private byte bodyType;
  private int bodyLength;

  public RespReplyDecoder(RespLimits limits) {
    this.limits = limits;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    Object result = decodeOne(in);
    if (result != null) {
      out.add(result);
    }
  }

  /** Returns a complete value, a ProtocolError, or null when more bytes are needed. */
  Object decodeOne(ByteBuf in) {
    while (in.isReadable()) {
      Object result;
      switch (state) {
        case LINE -> result = line(in);
        case BODY -> result = body(in);
        case FAILED -> {
          in.skipBytes(in.readableBytes());
          return null;
        }
        default -> throw new IllegalStateException("unknown state " + state);
      }
      if (result == NEED_MORE) {
        return null;
      }
      if (result instanceof ProtocolError) {
        return result;
      }
      if (result != CONTINUE) {
        RespValue emitted = complete((RespValue) result);
        if (emitted != null) {
          return emitted;
        }
      }
    }
    return null;
  }

  private static final Object NEED_MORE = new Object();
  private static final Object CONTINUE = new Object();

  /** Parses one header or scalar line. */
  private Object line(ByteBuf in) {
    int start = in.readerIndex();
    int cr = in.indexOf(start, in.writerIndex(), (byte) '\r');
    if (cr < 0 || cr + 1 >= in.writerIndex()) {
      if (in.readableBytes() > limits.inlineBytesMax()) {
        return fail(in, "too big reply line");
      }
      return NEED_MORE;
    }
    if (cr - start > limits.inlineBytesMax()) {
      return fail(in, "too big reply line");
    }
    if (cr == start) {
      return fail(in, "empty reply line");
    }
    if (in.getByte(cr + 1) != '\n') {
      return fail(in, "expected '\\n' after '\\r'");
    }
    byte type = in.getByte(start);
    int from = start + 1;
    String text = in.toString(from, cr - from, StandardCharsets.UTF_8);
    in.readerIndex(cr + 2);
    switch (type) {
      case '+':
        return new RespValue.SimpleString(text);
      case '-':
        return new RespValue.ErrorValue(text);
      case ':': {
        long value = parseLong(text);
        if (value == Long.MIN_VALUE && !text.equals(Long.toString(Long.MIN_VALUE))) {
          return fail(in, "invalid integer");
        }
        return new RespValue.IntegerValue(value);
      }
      case '_':
        return text.isEmpty() ? RespValue.Null.INSTANCE : fail(in, "invalid null");
      case '#':
        if (text.equals("t")) {
          return new RespValue.BooleanValue(true);
        }
        return text.equals("f") ? new RespValue.BooleanValue(false) : fail(in, "invalid boolean");
      case ',':
        return parseDouble(in, text);
      case '(':
        return BIG_NUMBER_TEXT.matcher(text).matches()
            ? new RespValue.BigNumber(new BigInteger(text))
            : fail(in, "invalid big number");
      case '$':
      case '=':
      case '!':
        return bodyHeader(in, type, text);
      case '*':
      case '~':
      case '>':
      case '%':
      case '|':
        return aggregateHeader(in, type, text);
      default:
        return fail(in, "unknown reply type '" + (char) (type & 0xff) + "'");
    }
  }

  private Object parseDouble(ByteBuf in, String text) {
    switch (text) {
      case "inf", "+inf" -> {
        return new RespValue.DoubleValue(Double.POSITIVE_INFINITY);
      }
      case "-inf" -> {
        return new RespValue.DoubleValue(Double.NEGATIVE_INFINITY);
      }
      case "nan", "-nan" -> {
        return new RespValue.DoubleValue(Double.NaN);
      }
      default -> {
        if (!DOUBLE_TEXT.matcher(text).matches()) {
          return fail(in, "invalid double");
        }
        return new RespValue.DoubleValue(Double.parseDouble(text));
      }
    }
  }

  private Object bodyHeader(ByteBuf in, byte type, String text) {
    long length = parseLong(text);
    if (type == '$' && length == -1) {
      return RespValue.BulkString.NULL;
    }
    if (length == Long.MIN_VALUE || length < 0 || length > limits.bulkBytesMax()
        || (type == '=' && length < 4)) {
      return fail(in, "invalid bulk length");
    }
    bodyType = type;
    bodyLength = (int) length;
    state = State.BODY;
    return CONTINUE;
  }

  private Object aggregateHeader(ByteBuf in, byte type, String text) {
    long count = parseLong(text);
    if (type == '*' && count == -1) {
      return RespValue.ArrayValue.NULL;
    }
    if (count == Long.MIN_VALUE || count < 0) {
      return fail(in, "invalid multibulk length");
    }
    long elements = (type == '%' || type == '|') ? count * 2 : count;
    if (elements > limits.arrayLengthMax()) {
      return fail(in, "invalid multibulk length");
    }
    if (stack.size() >= limits.nestingDepthMax()) {
      return fail(in, "too deep nesting");
    }
    // an attribute also holds the value it describes, which follows its pairs
    Frame frame = new Frame(type, type == '|' ? elements + 1 : elements);
    if (frame.full()) {
      return build(frame);
    }
    stack.push(frame);
    return CONTINUE;
  }

  private Object body(ByteBuf in) {
    if (in.readableBytes() < bodyLength + 2L) {
      return NEED_MORE;
    }
    int end = in.readerIndex() + bodyLength;
    if (in.getByte(end) != '\r' || in.getByte(end + 1) != '\n') {
      return fail(in, "bulk not terminated by CRLF");
    }
    state = State.LINE;
    byte[] bytes = new byte[bodyLength];
    in.readBytes(bytes);
    in.skipBytes(2);
    switch (bodyType) {
      case '$':
        return new RespValue.BulkString(bytes);
      case '!':
        return new RespValue.ErrorValue(new String(bytes, StandardCharsets.UTF_8));
      case '=':
        if (bytes[3] != ':') {
          return fail(in, "invalid verbatim string");
        }
        return new RespValue.VerbatimString(
            new String(bytes, 0, 3, StandardCharsets.ISO_8859_1),
            java.util.Arrays.copyOfRange(bytes, 4, bytes.length));
      default:
        throw new IllegalStateException("body of type " + (char) bodyType);
    }
  }

  /** Adds a finished value to the open aggregates; returns it (or the outermost) once nothing is open. */
  private RespValue complete(RespValue value) {
    while (true) {
      Frame top = stack.peek();
      if (top == null) {
        return value;
      }
      top.items.add(value);
      if (!top.full()) {
        return null;
      }
      stack.pop();
      value = build(top);
    }
  }

  private static RespValue build(Frame frame) {
    List<RespValue> items = frame.items;
    return switch (frame.type) {
      case '*' -> new RespValue.ArrayValue(items);
      case '~' -> new RespValue.SetValue(items);
      case '>' -> new RespValue.PushValue(items);
      case '%' -> new RespValue.MapValue(pairs(items, items.size()));
      case '|' -> new RespValue.AttributeValue(pairs(items, items.size() - 1), items.get(items.size() - 1));
      default -> throw new IllegalStateException("aggregate of type " + (char) frame.type);
    };
  }

  private static List<RespValue.Entry> pairs(List<RespValue> items, int count) {
    List<RespValue.Entry> entries = new ArrayList<>(count / 2);
    for (int i = 0; i + 1 < count; i += 2) {
      entries.add(new RespValue.Entry(items.get(i), items.get(i + 1)));
    }
    return entries;
  }

  /** A decimal with an optional '-'; Long.MIN_VALUE when the text is not one (or is that value). */
  static long parseLong(String text) {
    int n = text.length();
    if (n == 0 || n > 20) {
      return Long.MIN_VALUE;
    }
    int i = text.charAt(0) == '-' ? 1 : 0;
    if (i == n) {
      return Long.MIN_VALUE;
    }
    long value = 0;
    for (; i < n; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
        return Long.MIN_VALUE;
      }
      value = value * 10 + digit;
    }
    return text.charAt(0) == '-' ? -value : value;
  }

  private ProtocolError fail(ByteBuf in, String reason) {
    state = State.FAILED;
    stack.clear();
    in.skipBytes(in.readableBytes());
    return new ProtocolError(reason, false);
  }
}
