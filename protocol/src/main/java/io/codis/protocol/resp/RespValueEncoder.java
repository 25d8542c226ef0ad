package io.codis.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link RespValue} as RESP: the inverse of {@link RespReplyDecoder}, so
 * {@code decode(encode(v)).equals(v)} for every value, and a value decoded from Redis re-encodes to
 * Redis's bytes (doubles excepted: they are written in Redis's {@code %.17g} form). The value is sent
 * in the type it has; converting RESP3 types for a RESP2 client is the caller's business.
 *
 * <p>Stateless and sharable. Aggregates are written recursively, so a value nested deeper than a
 * few thousand levels would overflow the stack; decoded values are bounded by
 * {@link RespLimits#nestingDepthMax()}.
 */
@ChannelHandler.Sharable
public final class RespValueEncoder extends MessageToByteEncoder<RespValue> {
  private static final byte[] CRLF = {'\r', '\n'};

  public RespValueEncoder() {
    super(RespValue.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, RespValue msg, ByteBuf out) {
    write(msg, out);
  }

  /** Appends the encoding of {@code value} to {@code out}. */
  public static void write(RespValue value, ByteBuf out) {
    if (value instanceof RespValue.SimpleString s) {
      line('+', checkedLine(s.text()), out);
    } else if (value instanceof RespValue.ErrorValue e) {
      byte[] text = e.text().getBytes(StandardCharsets.UTF_8);
      if (hasNewline(text)) {
        body('!', text, out);
      } else {
        line('-', text, out);
      }
    } else if (value instanceof RespValue.IntegerValue i) {
      line(':', ascii(Long.toString(i.value())), out);
    } else if (value instanceof RespValue.BulkString b) {
      if (b.isNull()) {
        line('$', ascii("-1"), out);
      } else {
        body('$', b.bytes(), out);
      }
    } else if (value instanceof RespValue.ArrayValue a) {
      if (a.isNull()) {
        line('*', ascii("-1"), out);
      } else {
        aggregate('*', a.elements(), out);
      }
    } else if (value instanceof RespValue.Null) {
      line('_', new byte[0], out);
    } else if (value instanceof RespValue.DoubleValue d) {
      line(',', ascii(RespWriter.formatDouble(d.value())), out);
    } else if (value instanceof RespValue.BooleanValue b) {
      line('#', ascii(b.value() ? "t" : "f"), out);
    } else if (value instanceof RespValue.BigNumber n) {
      line('(', ascii(n.value().toString()), out);
    } else if (value instanceof RespValue.VerbatimString v) {
      byte[] format = v.format().getBytes(StandardCharsets.ISO_8859_1);
      header('=', format.length + 1 + v.text().length, out);
      out.writeBytes(format).writeByte(':').writeBytes(v.text()).writeBytes(CRLF);
    } else if (value instanceof RespValue.MapValue m) {
      header('%', m.entries().size(), out);
      entries(m.entries(), out);
    } else if (value instanceof RespValue.SetValue s) {
      aggregate('~', s.elements(), out);
    } else if (value instanceof RespValue.PushValue p) {
      aggregate('>', p.elements(), out);
    } else if (value instanceof RespValue.AttributeValue a) {
      header('|', a.attributes().size(), out);
      entries(a.attributes(), out);
      write(a.value(), out);
    } else {
      throw new IllegalArgumentException("not a RESP value: " + value);
    }
  }

  private static void aggregate(char type, List<RespValue> elements, ByteBuf out) {
    header(type, elements.size(), out);
    for (RespValue element : elements) {
      write(element, out);
    }
  }

  private static void entries(List<RespValue.Entry> entries, ByteBuf out) {
    for (RespValue.Entry entry : entries) {
      write(entry.key(), out);
      write(entry.value(), out);
    }
  }

  private static void header(char type, long count, ByteBuf out) {
    line(type, ascii(Long.toString(count)), out);
  }

  private static void body(char type, byte[] bytes, ByteBuf out) {
    header(type, bytes.length, out);
    out.writeBytes(bytes).writeBytes(CRLF);
  }

  private static void line(char type, byte[] text, ByteBuf out) {
    out.writeByte(type).writeBytes(text).writeBytes(CRLF);
  }

  /** A simple string cannot hold CR or LF: it would end the line early and corrupt the stream. */
  private static byte[] checkedLine(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (hasNewline(bytes)) {
      throw new IllegalArgumentException("simple string contains CR or LF: " + text);
    }
    return bytes;
  }

  private static boolean hasNewline(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\r' || b == '\n') {
        return true;
      }
    }
    return false;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
