package io.codis.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request decoder against golden inputs whose outcomes were observed on redis-server 7.0.15 (raw
 * bytes over a socket), each fed whole, split at every byte position, and one byte at a time; plus
 * every limit at max and max+1.
 */
class RespRequestDecoderTest {

  /** An input and what the decoder must emit: commands as {@code [a|b]}, errors as {@code !reason}. */
  record Golden(String input, List<String> expected) {
    byte[] bytes() {
      return input.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  static Golden g(String input, String... expected) {
    return new Golden(input, List.of(expected));
  }

  static final List<Golden> GOLDEN = List.of(
      g("*1\r\n$4\r\nPING\r\n", "[PING]"),
      g("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", "[ECHO|]"),
      g("*1\r\n$0\r\n\r\n", "[]"),
      g("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na\r\nb\0\r\n", "[SET|k|a\\x0d\\x0ab\\x00]"),
      g("*0\r\n*-1\r\n*-5\r\nPING\r\n", "[PING]"),
      g("*-9223372036854775808\r\nPING\r\n", "[PING]"),
      g("*1\r\n$4\r\nPINGxx", "[PING]"),
      g("*1\r\n$4\r\nPINGxxPING\r\n", "[PING]", "[PING]"),
      g("*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n*2\r\n$4\r\nECHO\r\n$1\r\nx\n", "[ECHO|abc]"),
      g("PING\r\n", "[PING]"),
      g("\r\n\r\nPING\r\n", "[PING]"),
      g("\nPING\n", "[PING]"),
      g("   \r\nPING\r\n", "[PING]"),
      g("PING\rPING\r\n", "[PING|PING]"),
      g("SET  k\t v \r\n", "[SET|k|v]"),
      g("ECHO \"a\\x41b\" \r\n", "[ECHO|aAb]"),
      g("ECHO \"\\xzz\"\r\n", "[ECHO|xzz]"),
      g("ECHO \"a\\\"b\"\r\n", "[ECHO|a\"b]"),
      g("ECHO \"\\n\\r\\t\\b\\a\\q\"\r\n", "[ECHO|\\x0a\\x0d\\x09\\x08\\x07q]"),
      g("ECHO 'a\\\\b'\r\n", "[ECHO|a\\x5c\\x5cb]"),
      g("ECHO 'a\\'b'\r\n", "[ECHO|a'b]"),
      g("ECHO \"\" ''\r\n", "[ECHO||]"),
      g("ECHO a\"b\"\r\n", "[ECHO|ab]"),
      g("ECHO a\u000bb\r\n", "[ECHO|a\\x0bb]"),
      g("ECHO \"a\"\u000bb\r\n", "[ECHO|a|b]"),
      g("*2147483647\r\n"),
      g("*1\r\n$536870912\r\n"),
      g("*3000000000\r\n", "!invalid multibulk length"),
      g("*abc\r\n", "!invalid multibulk length"),
      g("*\r\n", "!invalid multibulk length"),
      g("*1\nPING\r\n", "!invalid multibulk length"),
      g("*+1\r\n$4\r\nPING\r\n", "!invalid multibulk length"),
      g("*01\r\n$4\r\nPING\r\n", "!invalid multibulk length"),
      g("*-0\r\nPING\r\n", "!invalid multibulk length"),
      g("*-9223372036854775809\r\nPING\r\n", "!invalid multibulk length"),
      g("*1 \r\n", "!invalid multibulk length"),
      g("*1\r\n$600000000\r\n", "!invalid bulk length"),
      g("*1\r\n$536870913\r\n", "!invalid bulk length"),
      g("*1\r\n$-1\r\n", "!invalid bulk length"),
      g("*1\r\n$-0\r\n\r\n", "!invalid bulk length"),
      g("*1\r\n$abc\r\n", "!invalid bulk length"),
      g("*1\r\n$+4\r\nPING\r\n", "!invalid bulk length"),
      g("*1\r\n$04\r\nPING\r\n", "!invalid bulk length"),
      g("*1\r\n*1\r\n", "!expected '$', got '*'"),
      g("*1\r\nfoo\r\n", "!expected '$', got 'f'"),
      g("*1\r$4\r\nPING\r\n", "!expected '$', got '4'"),
      g("*1\r\n\u00ff\r\n", "!expected '$', got '\\xff'"),
      g("*1\r\n\r\n", "!expected '$', got '\\x0d'"),
      g("PING\r\n*1\r\n*1\r\nPING\r\n", "[PING]", "!expected '$', got '*'"),
      g("set a \"b\r\n", "!unbalanced quotes in request"),
      g("set a 'b\r\n", "!unbalanced quotes in request"),
      g("set a \"b\"c\r\n", "!unbalanced quotes in request"),
      g("echo 'a'b'\r\nPING\r\n", "!unbalanced quotes in request"));

  @Test
  void goldenInputsWhole() {
    for (Golden golden : GOLDEN) {
      assertEquals(golden.expected(), decode(RespLimits.DEFAULTS, golden.bytes()), golden.input());
    }
  }

  @Test
  void goldenInputsSplitAtEveryBytePosition() {
    for (Golden golden : GOLDEN) {
      byte[] bytes = golden.bytes();
      for (int split = 0; split <= bytes.length; split++) {
        List<String> got = decode(RespLimits.DEFAULTS,
            Arrays.copyOfRange(bytes, 0, split), Arrays.copyOfRange(bytes, split, bytes.length));
        assertEquals(golden.expected(), got, golden.input() + " split at " + split);
      }
    }
  }

  @Test
  void goldenInputsOneByteAtATime() {
    for (Golden golden : GOLDEN) {
      byte[] bytes = golden.bytes();
      byte[][] chunks = new byte[bytes.length][];
      for (int i = 0; i < bytes.length; i++) {
        chunks[i] = new byte[] {bytes[i]};
      }
      assertEquals(golden.expected(), decode(RespLimits.DEFAULTS, chunks), golden.input());
    }
  }

  /**
   * Redis looks for the inline newline with {@code strchr}, which stops at a NUL, so a line holding
   * one never completes there (the client stalls until 64 KB arrive). We end the line at its newline
   * and, as {@code sdssplitargs} would, ignore what follows the NUL.
   */
  @Test
  void nulEndsAnInlineLine() {
    assertEquals(List.of("[ECHO|a]", "[PING]"), decode(RespLimits.DEFAULTS, bytes("ECHO a\0b\r\nPING\r\n")));
  }

  @Test
  void protocolErrorReplyIsRedisBytes() {
    assertEquals("-ERR Protocol error: expected '$', got '\u00ff'\r\n",
        new String(new ProtocolError("expected '$', got '\u00ff'", false).encodedReply(),
            StandardCharsets.ISO_8859_1));
    assertEquals("-ERR Protocol error: expected '$', got ' '\r\n",
        new String(new ProtocolError("expected '$', got '\r'", false).encodedReply(),
            StandardCharsets.ISO_8859_1));
  }

  @Test
  void bulkLengthAtMaxAndMaxPlusOne() {
    RespLimits limits = RespLimits.DEFAULTS.withBulkBytesMax(10);
    assertEquals(List.of("[0123456789]"), decode(limits, bytes("*1\r\n$10\r\n0123456789\r\n")));
    assertEquals(List.of("!invalid bulk length"), decode(limits, bytes("*1\r\n$11\r\n")));
  }

  @Test
  void arrayLengthAtMaxAndMaxPlusOne() {
    RespLimits limits = RespLimits.DEFAULTS.withArrayLengthMax(3);
    assertEquals(List.of("[a|b|c]"), decode(limits, bytes("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n")));
    assertEquals(List.of("!invalid multibulk length"), decode(limits, bytes("*4\r\n")));
    // the default is Redis's: only counts above INT_MAX are refused
    assertEquals(List.of(), decode(RespLimits.DEFAULTS, bytes("*2147483647\r\n")));
    assertEquals(List.of("!invalid multibulk length"), decode(RespLimits.DEFAULTS, bytes("*2147483648\r\n")));
  }

  @Test
  void inlineLengthAtMaxAndMaxPlusOne() {
    RespLimits limits = RespLimits.DEFAULTS.withInlineBytesMax(16);
    String max = "ECHO 0123456789a"; // 16 bytes, no newline yet: waits
    assertEquals(List.of("[ECHO|0123456789a]"), decode(limits, bytes(max), bytes("\r\n")));
    assertEquals(List.of("!too big inline request"), decode(limits, bytes(max + "b")));
    // a complete line longer than the limit is fine, as in Redis (the limit is on unterminated lines)
    assertEquals(List.of("[ECHO|0123456789abcdef]"), decode(limits, bytes("ECHO 0123456789abcdef\r\n")));
    assertEquals(List.of(), decode(limits, bytes("*" + "1".repeat(15))));
    assertEquals(List.of("!too big mbulk count string"), decode(limits, bytes("*" + "1".repeat(16))));
    assertEquals(List.of(), decode(limits, bytes("*1\r\n$" + "1".repeat(15))));
    assertEquals(List.of("!too big bulk count string"), decode(limits, bytes("*1\r\n$" + "1".repeat(16))));
  }

  @Test
  void queryBufferAtMaxAndMaxPlusOne() {
    RespLimits limits = RespLimits.DEFAULTS.withQueryBufferBytesMax(30);
    // "*2\r\n$4\r\nECHO\r\n" is 14 bytes consumed; "$20\r\n" 5 more; 11 body bytes buffered = 30
    String head = "*2\r\n$4\r\nECHO\r\n$20\r\n";
    assertEquals(List.of(), decode(limits, bytes(head + "x".repeat(11))));
    assertEquals(List.of("~query buffer limit reached"), decode(limits, bytes(head + "x".repeat(12))));
    // complete commands never count: a long pipeline of small ones passes
    assertEquals(50, decode(limits, bytes("PING\r\n".repeat(50))).size());
  }

  @Test
  void unauthenticatedLimits() {
    assertEquals(List.of("!unauthenticated multibulk length"),
        decodeUnauthenticated(bytes("*11\r\n")));
    assertEquals(List.of(), decodeUnauthenticated(bytes("*10\r\n")));
    assertEquals(List.of("!unauthenticated bulk length"),
        decodeUnauthenticated(bytes("*1\r\n$16385\r\n")));
    assertEquals(List.of(), decodeUnauthenticated(bytes("*1\r\n$16384\r\n")));
  }

  @Test
  void failedDecoderDiscardsEverythingAfterTheError() {
    RespRequestDecoder decoder = new RespRequestDecoder(RespLimits.DEFAULTS);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes("*1\r\n*1\r\n")));
    channel.writeInbound(Unpooled.wrappedBuffer(bytes("*1\r\n$4\r\nPING\r\nPING\r\n")));
    List<String> got = drain(channel);
    assertEquals(List.of("!expected '$', got '*'"), got);
    channel.finishAndReleaseAll();
  }

  @Test
  void hugeAnnouncementsAllocateNothingUpFront() {
    // each decoder keeps its partial state; were the announced sizes allocated, a few would exhaust any heap
    List<EmbeddedChannel> channels = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      EmbeddedChannel channel = new EmbeddedChannel(new RespRequestDecoder(RespLimits.DEFAULTS));
      channel.writeInbound(Unpooled.wrappedBuffer(bytes("*2147483647\r\n$536870912\r\nxyz")));
      assertTrue(drain(channel).isEmpty());
      channels.add(channel);
    }
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  // ---- helpers ----

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static List<String> decode(RespLimits limits, byte[]... chunks) {
    EmbeddedChannel channel = new EmbeddedChannel(new RespRequestDecoder(limits));
    List<String> got = new ArrayList<>();
    for (byte[] chunk : chunks) {
      if (chunk.length > 0) {
        channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        got.addAll(drain(channel));
      }
    }
    channel.finishAndReleaseAll();
    return got;
  }

  private static List<String> decodeUnauthenticated(byte[] input) {
    RespRequestDecoder decoder = new RespRequestDecoder(RespLimits.DEFAULTS);
    decoder.authenticated(false);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(Unpooled.wrappedBuffer(input));
    List<String> got = drain(channel);
    channel.finishAndReleaseAll();
    return got;
  }

  static List<String> drain(EmbeddedChannel channel) {
    List<String> got = new ArrayList<>();
    Object msg;
    while ((msg = channel.readInbound()) != null) {
      got.add(render(msg));
    }
    return got;
  }

  static String render(Object msg) {
    if (msg instanceof ProtocolError error) {
      return (error.silent() ? "~" : "!") + escapeHigh(error.reason());
    }
    byte[][] argv = (byte[][]) msg;
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < argv.length; i++) {
      if (i > 0) {
        sb.append('|');
      }
      sb.append(escape(argv[i]));
    }
    return sb.append(']').toString();
  }

  private static String escapeHigh(String text) {
    return escape(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  static String escape(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
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
