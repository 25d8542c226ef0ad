package io.codis.node.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamDecoderTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] golden() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(b("+FULLRESYNC 0123456789012345678901234567890123456789 17\r\n"));
    out.writeBytes(Effects.keyState(b("k"), b("v\r\nwith crlf"), 1234));
    out.writeBytes(b("\n"));
    out.writeBytes(Effects.MULTI);
    out.writeBytes(Effects.deleted(b("")));
    out.writeBytes(Effects.EXEC);
    return out.toByteArray();
  }

  private static List<Object> decode(byte[] input, int split) {
    EmbeddedChannel ch = new EmbeddedChannel(new StreamDecoder(16, 4096, 1 << 20));
    ch.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
    ch.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
    List<Object> out = new ArrayList<>();
    Object o;
    while ((o = ch.readInbound()) != null) {
      out.add(o);
    }
    ch.finishAndReleaseAll();
    return out;
  }

  @Test
  void everySplitPositionDecodesTheSameFramesWithTheirWireSizes() {
    byte[] input = golden();
    List<Object> whole = decode(input, input.length);
    assertEquals(6, whole.size());
    assertEquals(new StreamFrame.Line('+', "FULLRESYNC 0123456789012345678901234567890123456789 17"), whole.get(0));
    StreamFrame.Record set = (StreamFrame.Record) whole.get(1);
    assertArrayEquals(b("v\r\nwith crlf"), set.argv()[2]);
    assertEquals(Effects.keyState(b("k"), b("v\r\nwith crlf"), 1234).length, set.wireBytes());
    assertEquals(Effects.MULTI.length, ((StreamFrame.Record) whole.get(3)).wireBytes());
    for (int split = 0; split <= input.length; split++) {
      List<Object> parts = decode(input, split);
      assertEquals(whole.size(), parts.size(), "split at " + split);
      for (int i = 0; i < whole.size(); i++) {
        assertEquals(describe(whole.get(i)), describe(parts.get(i)), "split at " + split);
      }
    }
  }

  private static String describe(Object frame) {
    if (frame instanceof StreamFrame.Record r) {
      List<String> args = new ArrayList<>();
      for (byte[] a : r.argv()) {
        args.add(new String(a, StandardCharsets.ISO_8859_1));
      }
      return args + "/" + r.wireBytes();
    }
    return frame.toString();
  }

  @Test
  void recordsOverTheLimitsAreRefused() {
    EmbeddedChannel ch = new EmbeddedChannel(new StreamDecoder(2, 64, 8));
    assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(b("*3\r\n"))));
    EmbeddedChannel bulk = new EmbeddedChannel(new StreamDecoder(2, 64, 8));
    assertThrows(DecoderException.class, () -> bulk.writeInbound(Unpooled.wrappedBuffer(b("*1\r\n$9\r\n"))));
    EmbeddedChannel line = new EmbeddedChannel(new StreamDecoder(2, 64, 8));
    assertThrows(DecoderException.class, () -> line.writeInbound(Unpooled.wrappedBuffer(b("+" + "x".repeat(80)))));
    EmbeddedChannel junk = new EmbeddedChannel(new StreamDecoder(2, 64, 8));
    assertThrows(DecoderException.class, () -> junk.writeInbound(Unpooled.wrappedBuffer(b("$3\r\nabc\r\n"))));
  }
}
