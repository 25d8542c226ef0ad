package io.codis.proxy.backend;

import io.codis.protocol.resp.RespValue;
import io.netty.buffer.ByteBuf;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one whole reply that {@link ReplySplitter} has already delimited and checked (lengths,
 * nesting), for the few replies the proxy must look into: fan-out parts, pub/sub pushes,
 * transaction bookkeeping. Everything else is passed to the client as bytes. Recursion depth is
 * bounded by the splitter's nesting limit.
 */
final class ReplyParser {
  private final ByteBuf in;

  private ReplyParser(ByteBuf in) {
    this.in = in;
  }

  /** The value in {@code frame} (readable bytes untouched). */
  static RespValue parse(ByteBuf frame) {
    return new ReplyParser(frame.duplicate()).value();
  }

  private RespValue value() {
    byte type = in.readByte();
    String line = line();
    switch (type) {
      case '+':
        return new RespValue.SimpleString(line);
      case '-':
        return new RespValue.ErrorValue(line);
      case ':':
        return new RespValue.IntegerValue(Long.parseLong(line));
      case '_':
        return RespValue.Null.INSTANCE;
      case ',':
        return new RespValue.DoubleValue(parseDouble(line));
      case '#':
        return new RespValue.BooleanValue(line.equals("t"));
      case '(':
        return new RespValue.BigNumber(new BigInteger(line));
      case '$':
      case '!':
      case '=': {
        int len = Integer.parseInt(line);
        if (len < 0) {
          return RespValue.BulkString.NULL;
        }
        byte[] body = new byte[len];
        in.readBytes(body);
        in.skipBytes(2);
        if (type == '$') {
          return new RespValue.BulkString(body);
        }
        if (type == '!') {
          return new RespValue.ErrorValue(new String(body, StandardCharsets.UTF_8));
        }
        String format = new String(body, 0, Math.min(3, len), StandardCharsets.ISO_8859_1);
        byte[] text = len > 4 ? java.util.Arrays.copyOfRange(body, 4, len) : new byte[0];
        return new RespValue.VerbatimString(format, text);
      }
      case '*':
      case '~':
      case '>': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return RespValue.ArrayValue.NULL;
        }
        List<RespValue> items = elements(n);
        return type == '*' ? new RespValue.ArrayValue(items)
            : type == '~' ? new RespValue.SetValue(items) : new RespValue.PushValue(items);
      }
      case '%':
      case '|': {
        int n = Integer.parseInt(line);
        List<RespValue.Entry> entries = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          entries.add(new RespValue.Entry(value(), value()));
        }
        return type == '%' ? new RespValue.MapValue(entries)
            : new RespValue.AttributeValue(entries, value());
      }
      default:
        throw new IllegalStateException("type byte " + type + " passed the splitter");
    }
  }

  private List<RespValue> elements(int n) {
    List<RespValue> items = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      items.add(value());
    }
    return items;
  }

  private String line() {
    int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
    String s = in.toString(in.readerIndex(), eol - in.readerIndex(), StandardCharsets.UTF_8);
    in.readerIndex(eol + 2);
    return s;
  }

  private static double parseDouble(String s) {
    return switch (s) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }
}
