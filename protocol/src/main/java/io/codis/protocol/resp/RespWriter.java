package io.codis.protocol.resp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes replies straight into an outbound {@link ByteBuf}, in RESP2 or RESP3 depending on what the
 * client negotiated with {@code HELLO}. Where RESP3 has a type RESP2 lacks, the RESP2 form is the one
 * Redis 7 sends: a map becomes a flat array, a double a bulk string, a boolean an integer, null a
 * null bulk (or null array for {@link #nullArray()}).
 *
 * <p>One writer per connection; not thread-safe. {@link #buffer(ByteBuf)} points it at the buffer the
 * current batch of replies goes into.
 */
public final class RespWriter {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int SMALL_INTS = 1024;
  private static final byte[][] INT_REPLIES = new byte[SMALL_INTS][];
  private static final byte[][] BULK_HEADERS = new byte[SMALL_INTS][];

  static {
    for (int i = 0; i < SMALL_INTS; i++) {
      INT_REPLIES[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
      BULK_HEADERS[i] = ("$" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
  }

  private ByteBuf out;
  private int protocol = 2;

  public RespWriter buffer(ByteBuf buffer) {
    this.out = buffer;
    return this;
  }

  public ByteBuf buffer() {
    return out;
  }

  /** 2 or 3, as negotiated by HELLO. */
  public int protocol() {
    return protocol;
  }

  public void protocol(int version) {
    if (version != 2 && version != 3) {
      throw new IllegalArgumentException("protocol: " + version + " (expected: 2 or 3)");
    }
    this.protocol = version;
  }

  public boolean resp3() {
    return protocol == 3;
  }

  public void ok() {
    out.writeBytes(OK);
  }

  public void simple(String text) {
    out.writeByte('+');
    writeAscii(text);
    out.writeBytes(CRLF);
  }

  /** Writes {@code -text}; the text must start with a code word from the error catalogue. */
  public void error(String text) {
    out.writeByte('-');
    writeUtf8NoNewlines(text);
    out.writeBytes(CRLF);
  }

  public void integer(long value) {
    if (value >= 0 && value < SMALL_INTS) {
      out.writeBytes(INT_REPLIES[(int) value]);
      return;
    }
    out.writeByte(':');
    writeLong(value);
    out.writeBytes(CRLF);
  }

  public void bulk(byte[] value) {
    if (value == null) {
      nullBulk();
      return;
    }
    bulk(value, 0, value.length);
  }

  public void bulk(byte[] value, int offset, int length) {
    header('$', length);
    out.writeBytes(value, offset, length);
    out.writeBytes(CRLF);
  }

  public void bulk(String value) {
    bulk(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** A bulk string holding the decimal form of {@code value} (what GET returns for a counter). */
  public void bulkLong(long value) {
    bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
  }

  /** RESP2 {@code $-1}; RESP3 {@code _}. */
  public void nullBulk() {
    out.writeBytes(protocol == 3 ? NULL3 : NULL_BULK);
  }

  /** RESP2 {@code *-1}; RESP3 {@code _}. */
  public void nullArray() {
    out.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY);
  }

  public void arrayHeader(int length) {
    header('*', length);
  }

  /** RESP3 {@code %n}; RESP2 a flat array of {@code 2n} elements. */
  public void mapHeader(int pairs) {
    if (protocol == 3) {
      header('%', pairs);
    } else {
      header('*', pairs * 2);
    }
  }

  /** RESP3 {@code ~n}; RESP2 an array. */
  public void setHeader(int length) {
    header(protocol == 3 ? '~' : '*', length);
  }

  /** RESP3 {@code >n}; RESP2 an array (pub/sub messages). */
  public void pushHeader(int length) {
    header(protocol == 3 ? '>' : '*', length);
  }

  /** RESP3 {@code ,d}; RESP2 a bulk string, both formatted as {@link #formatDouble} does. */
  public void doubleValue(double value) {
    String text = formatDouble(value);
    if (protocol == 3) {
      out.writeByte(',');
      writeAscii(text);
      out.writeBytes(CRLF);
    } else {
      bulk(text.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** RESP3 {@code #t}/{@code #f}; RESP2 {@code :1}/{@code :0}. */
  public void bool(boolean value) {
    if (protocol == 3) {
      out.writeByte('#');
      out.writeByte(value ? 't' : 'f');
      out.writeBytes(CRLF);
    } else {
      integer(value ? 1 : 0);
    }
  }

  /** RESP3 verbatim string {@code =len\r\ntxt:...}; RESP2 a bulk string (INFO, CLIENT LIST). */
  public void verbatim(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    if (protocol == 3) {
      header('=', body.length + 4);
      out.writeBytes("txt:".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(body);
      out.writeBytes(CRLF);
    } else {
      bulk(body);
    }
  }

  /** Copies bytes that are already a complete RESP encoding. */
  public void raw(byte[] encoded) {
    out.writeBytes(encoded);
  }

  /**
   * Formats a double as Redis 7.0's {@code addReplyDouble} does: C's {@code %.17g} (17 significant
   * digits of the exact binary value, rounded half-even, trailing zeros removed, exponent form when
   * the exponent is below -4 or at least 17), infinities as {@code inf}/{@code -inf}. So 0.1 prints
   * as {@code 0.10000000000000001}, 1.5e20 as {@code 1.5e+20}, -0.0 as {@code -0}. Java's own
   * {@code %.17g} pads the shortest representation with zeros instead, which is why this is by hand.
   */
  public static String formatDouble(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (value == 0) {
      return Double.doubleToRawLongBits(value) == 0 ? "0" : "-0";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e17) {
      return Long.toString((long) value); // at most 17 digits: %.17g prints the integer exactly
    }
    java.math.BigDecimal exact = new java.math.BigDecimal(value)
        .round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN));
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - exact.scale(); // power of ten of the first digit
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);
    StringBuilder out = new StringBuilder(32);
    if (value < 0) {
      out.append('-');
    }
    if (exponent < -4 || exponent >= 17) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) {
        out.append('0');
      }
      out.append(magnitude);
    } else if (exponent < 0) {
      out.append("0.");
      for (int i = -1; i > exponent; i--) {
        out.append('0');
      }
      out.append(digits);
    } else if (digits.length() <= exponent + 1) {
      out.append(digits);
      for (int i = digits.length(); i <= exponent; i++) {
        out.append('0');
      }
    } else {
      out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
    }
    return out.toString();
  }

  private void header(char type, int length) {
    if (type == '$' && length >= 0 && length < SMALL_INTS) {
      out.writeBytes(BULK_HEADERS[length]);
      return;
    }
    out.writeByte(type);
    writeLong(length);
    out.writeBytes(CRLF);
  }

  private void writeLong(long value) {
    if (value == Long.MIN_VALUE) {
      writeAscii("-9223372036854775808");
      return;
    }
    if (value < 0) {
      out.writeByte('-');
      value = -value;
    }
    if (value < 10) {
      out.writeByte((int) ('0' + value));
      return;
    }
    int digits = 1;
    for (long v = value / 10; v > 0; v /= 10) {
      digits++;
    }
    int index = out.writerIndex() + digits;
    out.ensureWritable(digits);
    for (int i = 1; i <= digits; i++) {
      out.setByte(index - i, (int) ('0' + value % 10));
      value /= 10;
    }
    out.writerIndex(index);
  }

  private void writeAscii(String text) {
    out.writeCharSequence(text, StandardCharsets.US_ASCII);
  }

  /** Error texts may echo user bytes; a CR or LF inside would break the framing, so they become spaces. */
  private void writeUtf8NoNewlines(String text) {
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      text = text.replace('\r', ' ').replace('\n', ' ');
    }
    out.writeCharSequence(text, StandardCharsets.UTF_8);
  }
}
