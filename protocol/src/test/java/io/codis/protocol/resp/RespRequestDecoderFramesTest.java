package io.codis.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proxy's frame-keeping mode of {@link RespRequestDecoder}: on every golden input of {@link
 * RespRequestDecoderTest}, fed whole, split at every position and byte by byte, it emits the same
 * commands and errors as the plain decoder; every frame it attaches is exactly the canonical RESP
 * of its arguments, and every frame is released once. Runs in well under a second.
 */
class RespRequestDecoderFramesTest {

  @Test
  void sameCommandsAsThePlainDecoderAndFramesAreTheRequestBytes() {
    for (RespRequestDecoderTest.Golden golden : RespRequestDecoderTest.GOLDEN) {
      byte[] bytes = golden.bytes();
      assertEquals(golden.expected(), decodeFramed(new ArrayList<>(), bytes), golden.input());
      for (int split = 0; split <= bytes.length; split++) {
        assertEquals(golden.expected(), decodeFramed(new ArrayList<>(),
            Arrays.copyOfRange(bytes, 0, split), Arrays.copyOfRange(bytes, split, bytes.length)),
            golden.input() + " split at " + split);
      }
      byte[][] chunks = new byte[bytes.length][];
      for (int i = 0; i < bytes.length; i++) {
        chunks[i] = new byte[] {bytes[i]};
      }
      assertEquals(golden.expected(), decodeFramed(new ArrayList<>(), chunks), golden.input());
    }
  }

  @Test
  void aWholePipelineGetsAFramePerCommandAndPiecesOrBadTerminatorsGetNone() {
    List<Boolean> framed = new ArrayList<>();
    decodeFramed(framed, bytes("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nvv\r\nPING\r\n"));
    assertEquals(List.of(true, true, false), framed); // inline lines are never framed

    framed.clear();
    decodeFramed(framed, bytes("*2\r\n$3\r\nGET\r\n$1"), bytes("\r\nk\r\n"));
    assertEquals(List.of(false), framed); // read in two pieces: decoded, not framed

    framed.clear();
    decodeFramed(framed, bytes("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n"));
    assertEquals(List.of(false, true), framed); // Redis skips "xx" unchecked; we do not forward it
  }

  @Test
  void thePlainDecoderNeverFrames() {
    EmbeddedChannel channel = new EmbeddedChannel(new RespRequestDecoder(RespLimits.DEFAULTS));
    channel.writeInbound(Unpooled.wrappedBuffer(bytes("*1\r\n$4\r\nPING\r\n")));
    Object msg = channel.readInbound();
    assertTrue(msg instanceof byte[][], String.valueOf(msg));
    assertFalse(channel.finishAndReleaseAll());
  }

  /** Decodes in framed mode; records per command whether it came framed; checks and releases frames. */
  private static List<String> decodeFramed(List<Boolean> framed, byte[]... chunks) {
    EmbeddedChannel channel = new EmbeddedChannel(RespRequestDecoder.keepingFrames(RespLimits.DEFAULTS));
    List<ByteBuf> frames = new ArrayList<>();
    List<String> got = new ArrayList<>();
    for (byte[] chunk : chunks) {
      if (chunk.length == 0) {
        continue;
      }
      channel.writeInbound(Unpooled.wrappedBuffer(chunk));
      Object msg;
      while ((msg = channel.readInbound()) != null) {
        if (msg instanceof FramedRequest f) {
          assertArrayEquals(canonical(f.argv()), ByteBufUtil.getBytes(f.content()));
          frames.add(f.content());
          got.add(RespRequestDecoderTest.render(f.argv()));
          framed.add(true);
          f.release();
        } else {
          got.add(RespRequestDecoderTest.render(msg));
          if (msg instanceof byte[][]) {
            framed.add(false);
          }
        }
      }
    }
    channel.finishAndReleaseAll();
    for (ByteBuf frame : frames) {
      assertEquals(0, frame.refCnt());
    }
    return got;
  }

  private static byte[] canonical(byte[][] argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] a : argv) {
      out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(a);
      out.writeBytes(bytes("\r\n"));
    }
    return out.toByteArray();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
