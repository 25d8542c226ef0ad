package io.codis.protocol.resp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One complete RESP2/RESP3 reply as a client sees it, decoded by {@link RespReplyDecoder} and written
 * back by {@link RespValueEncoder}. A closed set of records: code that handles replies switches over
 * them with {@code instanceof} patterns and the compiler knows every case.
 *
 * <p>RESP2's two nulls are kept apart from RESP3's {@code _}: {@code $-1} is a {@link BulkString}
 * with null bytes, {@code *-1} an {@link ArrayValue} with null elements, so a value re-encodes to the
 * bytes it came from. Text-like parts (simple strings, errors) are UTF-8 strings; bulk payloads are
 * raw bytes.
 */
public sealed interface RespValue {

  /** {@code +text}. */
  record SimpleString(String text) implements RespValue {}

  /** {@code -CODE message}, or RESP3's blob error {@code !len}. */
  record ErrorValue(String text) implements RespValue {
    /** The first word: the code of the error catalogue ({@code ERR}, {@code WRONGTYPE}...). */
    public String code() {
      int space = text.indexOf(' ');
      return space < 0 ? text : text.substring(0, space);
    }
  }

  /** {@code :n}. */
  record IntegerValue(long value) implements RespValue {}

  /** {@code $len} bulk string; {@code bytes == null} is RESP2's null bulk {@code $-1}. */
  record BulkString(byte[] bytes) implements RespValue {
    public static final BulkString NULL = new BulkString(null);

    public static BulkString of(String text) {
      return new BulkString(text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isNull() {
      return bytes == null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BulkString b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return bytes == null ? "BulkString[null]" : "BulkString[" + escape(bytes) + "]";
    }
  }

  /** {@code *n} array; {@code elements == null} is RESP2's null array {@code *-1}. */
  record ArrayValue(List<RespValue> elements) implements RespValue {
    public static final ArrayValue NULL = new ArrayValue(null);

    public ArrayValue {
      elements = elements == null ? null : List.copyOf(elements);
    }

    public boolean isNull() {
      return elements == null;
    }
  }

  /** RESP3 {@code _}. */
  record Null() implements RespValue {
    public static final Null INSTANCE = new Null();
  }

  /** RESP3 {@code ,d} ({@code inf}, {@code -inf} and {@code nan} included). */
  record DoubleValue(double value) implements RespValue {
    @Override
    public boolean equals(Object o) {
      return o instanceof DoubleValue d && Double.compare(value, d.value) == 0;
    }

    @Override
    public int hashCode() {
      return Double.hashCode(value);
    }
  }

  /** RESP3 {@code #t} / {@code #f}. */
  record BooleanValue(boolean value) implements RespValue {}

  /** RESP3 {@code (digits}. */
  record BigNumber(BigInteger value) implements RespValue {}

  /** RESP3 {@code =len\r\nfmt:text}: a three-byte format ({@code txt}, {@code mkd}) and the text. */
  record VerbatimString(String format, byte[] text) implements RespValue {
    public VerbatimString {
      if (format.length() != 3) {
        throw new IllegalArgumentException("format: " + format + " (expected: 3 characters)");
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof VerbatimString v && format.equals(v.format) && Arrays.equals(text, v.text);
    }

    @Override
    public int hashCode() {
      return format.hashCode() * 31 + Arrays.hashCode(text);
    }

    @Override
    public String toString() {
      return "VerbatimString[" + format + ":" + escape(text) + "]";
    }
  }

  /** One key/value pair of a map or of attributes, in the order received. */
  record Entry(RespValue key, RespValue value) {}

  /** RESP3 {@code %n}: n pairs, in the order received (duplicates are kept). */
  record MapValue(List<Entry> entries) implements RespValue {
    public MapValue {
      entries = List.copyOf(entries);
    }
  }

  /** RESP3 {@code ~n}, in the order received. */
  record SetValue(List<RespValue> elements) implements RespValue {
    public SetValue {
      elements = List.copyOf(elements);
    }
  }

  /** RESP3 {@code >n}: out-of-band data (pub/sub messages, invalidations). */
  record PushValue(List<RespValue> elements) implements RespValue {
    public PushValue {
      elements = List.copyOf(elements);
    }
  }

  /**
   * RESP3 {@code |n}: attributes that describe the value that follows them on the wire; kept
   * together so a reply stays one message (a client that ignores attributes reads {@link #value()}).
   */
  record AttributeValue(List<Entry> attributes, RespValue value) implements RespValue {
    public AttributeValue {
      attributes = List.copyOf(attributes);
    }
  }

  /** Printable form of bytes for {@code toString}: ASCII as is, everything else {@code \xHH}. */
  static String escape(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 32 && c < 127 && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }
}
