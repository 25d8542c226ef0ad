package io.codis.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.protocol.resp.RespValue.ArrayValue;
import io.codis.protocol.resp.RespValue.AttributeValue;
import io.codis.protocol.resp.RespValue.BigNumber;
import io.codis.protocol.resp.RespValue.BooleanValue;
import io.codis.protocol.resp.RespValue.BulkString;
import io.codis.protocol.resp.RespValue.DoubleValue;
import io.codis.protocol.resp.RespValue.Entry;
import io.codis.protocol.resp.RespValue.ErrorValue;
import io.codis.protocol.resp.RespValue.IntegerValue;
import io.codis.protocol.resp.RespValue.MapValue;
import io.codis.protocol.resp.RespValue.Null;
import io.codis.protocol.resp.RespValue.PushValue;
import io.codis.protocol.resp.RespValue.SetValue;
import io.codis.protocol.resp.RespValue.SimpleString;
import io.codis.protocol.resp.RespValue.VerbatimString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reply decoder and encoder: golden frames (Redis 7's RESP2 and RESP3 reply forms) decoded whole,
 * split at every byte position and byte by byte; each re-encoded to its exact bytes; limits at max
 * and max+1; malformed frames.
 */
class RespReplyDecoderTest {

  record Golden(String wire, List<RespValue> values, boolean reencodesExactly) {}

  static Golden g(String wire, RespValue... values) {
    return new Golden(wire, List.of(values), true);
  }

  static BulkString bulk(String text) {
    return BulkString.of(text);
  }

  static ArrayValue array(RespValue... items) {
    return new ArrayValue(List.of(items));
  }

  static final List<Golden> GOLDEN = List.of(
      g("+OK\r\n", new SimpleString("OK")),
      g("+\r\n", new SimpleString("")),
      g("-ERR unknown command 'x', with args beginning with: \r\n",
          new ErrorValue("ERR unknown command 'x', with args beginning with: ")),
      g("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
          new ErrorValue("WRONGTYPE Operation against a key holding the wrong kind of value")),
      g(":0\r\n:-1\r\n:9223372036854775807\r\n:-9223372036854775808\r\n",
          new IntegerValue(0), new IntegerValue(-1), new IntegerValue(Long.MAX_VALUE),
          new IntegerValue(Long.MIN_VALUE)),
      g("$3\r\nfoo\r\n", bulk("foo")),
      g("$0\r\n\r\n", bulk("")),
      g("$4\r\na\r\nb\r\n", bulk("a\r\nb")),
      g("$-1\r\n", BulkString.NULL),
      g("*-1\r\n", ArrayValue.NULL),
      g("*0\r\n", array()),
      g("*3\r\n$1\r\na\r\n:1\r\n*2\r\n$-1\r\n*-1\r\n",
          array(bulk("a"), new IntegerValue(1), array(BulkString.NULL, ArrayValue.NULL))),
      g("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n",
          array(bulk("subscribe"), bulk("ch"), new IntegerValue(1))),
      g("_\r\n", Null.INSTANCE),
      g(",1.5\r\n,inf\r\n,-inf\r\n,3\r\n", new DoubleValue(1.5), new DoubleValue(Double.POSITIVE_INFINITY),
          new DoubleValue(Double.NEGATIVE_INFINITY), new DoubleValue(3)),
      g("#t\r\n#f\r\n", new BooleanValue(true), new BooleanValue(false)),
      g("(3492890328409238509324850943850943825024385\r\n",
          new BigNumber(new BigInteger("3492890328409238509324850943850943825024385"))),
      g("=15\r\ntxt:Some string\r\n",
          new VerbatimString("txt", "Some string".getBytes(StandardCharsets.US_ASCII))),
      g("%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n",
          new MapValue(List.of(new Entry(bulk("server"), bulk("redis")),
              new Entry(bulk("proto"), new IntegerValue(3))))),
      g("%0\r\n", new MapValue(List.of())),
      g("~2\r\n$1\r\na\r\n$1\r\nb\r\n", new SetValue(List.of(bulk("a"), bulk("b")))),
      g(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
          new PushValue(List.of(bulk("message"), bulk("ch"), bulk("hi")))),
      g("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.1923\r\n*1\r\n:2\r\n",
          new AttributeValue(
              List.of(new Entry(new SimpleString("key-popularity"),
                  new MapValue(List.of(new Entry(bulk("a"), new DoubleValue(0.1923)))))),
              array(new IntegerValue(2)))),
      g("*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n",
          array(new AttributeValue(List.of(new Entry(new SimpleString("a"), new SimpleString("b"))),
              new IntegerValue(1)), new IntegerValue(2))),
      new Golden("!11\r\nSYNTAX oops\r\n", List.of(new ErrorValue("SYNTAX oops")), false),
      new Golden(",1e3\r\n,-.5\r\n,nan\r\n", List.of(new DoubleValue(1000), new DoubleValue(-0.5),
          new DoubleValue(Double.NaN)), false));

  @Test
  void goldenFramesWhole() {
    for (Golden golden : GOLDEN) {
      assertEquals(golden.values(), decode(RespLimits.DEFAULTS, bytes(golden.wire())), golden.wire());
    }
  }

  @Test
  void goldenFramesSplitAtEveryBytePosition() {
    for (Golden golden : GOLDEN) {
      byte[] wire = bytes(golden.wire());
      for (int split = 0; split <= wire.length; split++) {
        List<Object> got = decode(RespLimits.DEFAULTS,
            Arrays.copyOfRange(wire, 0, split), Arrays.copyOfRange(wire, split, wire.length));
        assertEquals(golden.values(), got, golden.wire() + " split at " + split);
      }
    }
  }

  @Test
  void goldenFramesOneByteAtATime() {
    for (Golden golden : GOLDEN) {
      byte[] wire = bytes(golden.wire());
      byte[][] chunks = new byte[wire.length][];
      for (int i = 0; i < wire.length; i++) {
        chunks[i] = new byte[] {wire[i]};
      }
      assertEquals(golden.values(), decode(RespLimits.DEFAULTS, chunks), golden.wire());
    }
  }

  @Test
  void goldenFramesReencodeToTheirBytes() {
    for (Golden golden : GOLDEN) {
      if (!golden.reencodesExactly()) {
        continue;
      }
      ByteBuf out = Unpooled.buffer();
      golden.values().forEach(v -> RespValueEncoder.write(v, out));
      assertEquals(golden.wire(), out.toString(StandardCharsets.ISO_8859_1));
      out.release();
    }
  }

  @Test
  void blobErrorWithNewlineReencodesAsBlob() {
    ByteBuf out = Unpooled.buffer();
    RespValueEncoder.write(new ErrorValue("ERR a\nb"), out);
    assertEquals("!7\r\nERR a\nb\r\n", out.toString(StandardCharsets.ISO_8859_1));
    out.release();
  }

  @Test
  void encoderIsAPipelineHandler() {
    EmbeddedChannel channel = new EmbeddedChannel(new RespValueEncoder());
    channel.writeOutbound(array(bulk("a"), new IntegerValue(7)));
    ByteBuf written = channel.readOutbound();
    assertEquals("*2\r\n$1\r\na\r\n:7\r\n", written.toString(StandardCharsets.ISO_8859_1));
    written.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void nestingDepthAtMaxAndMaxPlusOne() {
    RespLimits limits = RespLimits.DEFAULTS.withNestingDepthMax(5);
    List<Object> ok = decode(limits, bytes("*1\r\n".repeat(5) + ":1\r\n"));
    assertEquals(1, ok.size());
    assertInstanceOf(ArrayValue.class, ok.get(0));
    assertEquals(List.of(new ProtocolError("too deep nesting", false)),
        decode(limits, bytes("*1\r\n".repeat(6) + ":1\r\n")));
    // ten thousand levels against the default limit: refused, no stack overflow
    assertEquals(List.of(new ProtocolError("too deep nesting", false)),
        decode(RespLimits.DEFAULTS, bytes("*1\r\n".repeat(10_000))));
    // the default limit itself is accepted
    assertEquals(1, decode(RespLimits.DEFAULTS,
        bytes("*1\r\n".repeat(RespLimits.NESTING_DEPTH_MAX_DEFAULT) + ":1\r\n")).size());
  }

  @Test
  void bulkLengthAtMaxAndMaxPlusOne() {
    RespLimits limits = RespLimits.DEFAULTS.withBulkBytesMax(4);
    assertEquals(List.of(bulk("abcd")), decode(limits, bytes("$4\r\nabcd\r\n")));
    assertEquals(List.of(new ProtocolError("invalid bulk length", false)), decode(limits, bytes("$5\r\n")));
    assertEquals(List.of(new ProtocolError("invalid bulk length", false)), decode(limits, bytes("=5\r\n")));
  }

  @Test
  void aggregateLengthAtMaxAndMaxPlusOne() {
    RespLimits limits = RespLimits.DEFAULTS.withArrayLengthMax(4);
    assertEquals(1, decode(limits, bytes("*4\r\n:1\r\n:2\r\n:3\r\n:4\r\n")).size());
    assertEquals(1, decode(limits, bytes("%2\r\n:1\r\n:2\r\n:3\r\n:4\r\n")).size());
    ProtocolError refused = new ProtocolError("invalid multibulk length", false);
    assertEquals(List.of(refused), decode(limits, bytes("*5\r\n")));
    assertEquals(List.of(refused), decode(limits, bytes("%3\r\n")));
    assertEquals(List.of(refused), decode(limits, bytes("~5\r\n")));
  }

  @Test
  void lineLengthAtMaxAndMaxPlusOne() {
    RespLimits limits = RespLimits.DEFAULTS.withInlineBytesMax(8);
    assertEquals(List.of(new SimpleString("1234567")), decode(limits, bytes("+1234567\r\n")));
    assertEquals(List.of(new ProtocolError("too big reply line", false)), decode(limits, bytes("+12345678\r\n")));
    assertEquals(List.of(), decode(limits, bytes("+1234567")));
    assertEquals(List.of(new ProtocolError("too big reply line", false)), decode(limits, bytes("+12345678")));
  }

  @Test
  void malformedFramesAreProtocolErrors() {
    String[] bad = {
        "?\r\n", ":abc\r\n", ":\r\n", ":12345678901234567890\r\n", "$-2\r\n", "$abc\r\n", "*-2\r\n",
        "%-1\r\n", "#x\r\n", "_x\r\n", ",abc\r\n", ",1.5.5\r\n", "(12a\r\n", "=3\r\ntxt\r\n",
        "=5\r\ntxt-a\r\n", "$3\r\nabcXY", "+OK\rX", "$?\r\n", "*?\r\n", ".\r\n"
    };
    for (String frame : bad) {
      List<Object> got = decode(RespLimits.DEFAULTS, bytes(frame), bytes("+after\r\n"));
      assertEquals(1, got.size(), frame);
      assertInstanceOf(ProtocolError.class, got.get(0), frame);
    }
  }

  @Test
  void hugeAnnouncementsAllocateNothingUpFront() {
    List<EmbeddedChannel> channels = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(RespLimits.DEFAULTS));
      channel.writeInbound(Unpooled.wrappedBuffer(
          bytes("*2147483647\r\n%1073741823\r\n~2147483647\r\n$536870912\r\nabc")));
      assertTrue(drain(channel).isEmpty());
      channels.add(channel);
    }
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  // ---- helpers ----

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static List<Object> decode(RespLimits limits, byte[]... chunks) {
    EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(limits));
    List<Object> got = new ArrayList<>();
    for (byte[] chunk : chunks) {
      if (chunk.length > 0) {
        channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        got.addAll(drain(channel));
      }
    }
    channel.finishAndReleaseAll();
    return got;
  }

  static List<Object> drain(EmbeddedChannel channel) {
    List<Object> got = new ArrayList<>();
    Object msg;
    while ((msg = channel.readInbound()) != null) {
      got.add(msg);
    }
    return got;
  }
}
