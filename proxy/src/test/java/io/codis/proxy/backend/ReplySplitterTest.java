package io.codis.proxy.backend;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.protocol.resp.ProtocolError;
import io.codis.protocol.resp.RespLimits;
import io.codis.protocol.resp.RespValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplySplitterTest {
  static final String[] VALUES = {
      "+OK\r\n", "-ERR no\r\n", ":42\r\n", "$5\r\nhel\r\n\r\n", "$-1\r\n", "$0\r\n\r\n", "*-1\r\n", "*0\r\n",
      "*3\r\n$1\r\na\r\n*2\r\n:1\r\n*0\r\n$-1\r\n",
      "%2\r\n+a\r\n:1\r\n+b\r\n~2\r\n,1.5\r\n#t\r\n",
      ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nx\r\n",
      "_\r\n", "(123456789012345678901234567890\r\n", "=7\r\ntxt:abc\r\n", "!3\r\nERR\r\n",
      "|1\r\n+k\r\n+v\r\n:7\r\n",
  };

  static List<String> split(List<byte[]> chunks, RespLimits limits, List<Object> errors) {
    EmbeddedChannel ch = new EmbeddedChannel(new ReplySplitter(limits));
    for (byte[] c : chunks) {
      ch.writeInbound(Unpooled.wrappedBuffer(c));
    }
    List<String> frames = new ArrayList<>();
    Object o;
    while ((o = ch.readInbound()) != null) {
      if (o instanceof ByteBuf b) {
        frames.add(b.toString(StandardCharsets.ISO_8859_1));
        b.release();
      } else {
        errors.add(o);
      }
    }
    ch.finishAndReleaseAll();
    return frames;
  }

  @Test
  void everyValueComesOutWholeWhateverTheSplitPoint() {
    String all = String.join("", VALUES);
    byte[] bytes = all.getBytes(StandardCharsets.ISO_8859_1);
    for (int cut = 0; cut <= bytes.length; cut++) {
      for (int cut2 = cut; cut2 <= bytes.length; cut2 += 7) {
        List<byte[]> chunks = List.of(java.util.Arrays.copyOfRange(bytes, 0, cut),
            java.util.Arrays.copyOfRange(bytes, cut, cut2), java.util.Arrays.copyOfRange(bytes, cut2, bytes.length));
        List<Object> errors = new ArrayList<>();
        assertEquals(List.of(VALUES), split(chunks, RespLimits.DEFAULTS, errors), "cut at " + cut + "," + cut2);
        assertEquals(List.of(), errors);
      }
    }
  }

  @Test
  void parsedFramesMatchTheirValues() {
    ByteBuf b = Unpooled.copiedBuffer(VALUES[10], StandardCharsets.ISO_8859_1);
    RespValue v = ReplyParser.parse(b);
    assertEquals(new RespValue.PushValue(List.of(RespValue.BulkString.of("message"),
        RespValue.BulkString.of("ch"), RespValue.BulkString.of("x"))), v);
    assertEquals(VALUES[10].length(), b.readableBytes(), "parse leaves the frame readable");
    assertEquals(new RespValue.SimpleString("OK"), ReplyParser.parse(Unpooled.copiedBuffer("+OK\r\n", StandardCharsets.US_ASCII)));
  }

  @Test
  void nestingAtTheLimitPassesAndOneDeeperIsAProtocolError() {
    RespLimits limits = RespLimits.DEFAULTS;
    int max = limits.nestingDepthMax();
    String atMax = "*1\r\n".repeat(max) + ":1\r\n";
    List<Object> errors = new ArrayList<>();
    assertEquals(List.of(atMax), split(List.of(atMax.getBytes()), limits, errors));
    assertEquals(List.of(), errors);
    String deeper = "*1\r\n".repeat(max + 1) + ":1\r\n";
    assertEquals(List.of(), split(List.of(deeper.getBytes()), limits, errors));
    assertTrue(errors.get(0) instanceof ProtocolError);
  }

  @Test
  void unknownTypeAndBadLengthsAreProtocolErrors() {
    for (String bad : new String[] {"?x\r\n", "$abc\r\n", "*-2\r\n", "$-5\r\n"}) {
      List<Object> errors = new ArrayList<>();
      assertEquals(List.of(), split(List.of(bad.getBytes()), RespLimits.DEFAULTS, errors), bad);
      assertEquals(1, errors.size(), bad);
    }
    List<Object> errors = new ArrayList<>();
    String big = "$" + (RespLimits.DEFAULTS.bulkBytesMax() + 1) + "\r\n";
    split(List.of(big.getBytes()), RespLimits.DEFAULTS, errors);
    assertEquals(1, errors.size());
  }
}
