package io.codis.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of both decoders: random valid streams must round-trip whatever the chunking;
 * truncated streams must yield a prefix of the values and wait; corrupted and random streams must
 * yield some values and then at most one {@link ProtocolError}, last, and never throw. The limits are
 * small so that corrupted headers hit them often; an allocation of an announced size would show up
 * as an {@link OutOfMemoryError} here.
 */
class RespFuzzTest {
  private static final long SEED = 0x5eed_c0d1_5L;
  private static final int ROUNDS = 1500;
  private static final RespLimits FUZZ_LIMITS =
      new RespLimits(64 * 1024, 1024, 8, 256, 1024 * 1024);

  // ---- reply decoder ----

  @Test
  void validReplyStreamsRoundTripInAnyChunking() {
    Random random = new Random(SEED);
    for (int round = 0; round < ROUNDS; round++) {
      List<RespValue> values = new ArrayList<>();
      ByteBuf wire = Unpooled.buffer();
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        RespValue value = randomValue(random, 0);
        values.add(value);
        RespValueEncoder.write(value, wire);
      }
      byte[] bytes = toBytes(wire);
      assertEquals(values, feed(() -> new RespReplyDecoder(RespLimits.DEFAULTS), chunks(random, bytes)),
          "round " + round);
    }
  }

  @Test
  void truncatedReplyStreamsYieldAPrefixAndWait() {
    Random random = new Random(SEED + 1);
    for (int round = 0; round < ROUNDS; round++) {
      List<RespValue> values = new ArrayList<>();
      ByteBuf wire = Unpooled.buffer();
      for (int i = 0; i < 3; i++) {
        RespValue value = randomValue(random, 0);
        values.add(value);
        RespValueEncoder.write(value, wire);
      }
      byte[] bytes = toBytes(wire);
      byte[] cut = Arrays.copyOf(bytes, random.nextInt(bytes.length));
      List<Object> got = feed(() -> new RespReplyDecoder(RespLimits.DEFAULTS), chunks(random, cut));
      assertTrue(got.size() < values.size(), "round " + round);
      assertEquals(values.subList(0, got.size()), got, "round " + round);
    }
  }

  @Test
  void corruptedReplyStreamsEndInOneProtocolErrorAtMost() {
    Random random = new Random(SEED + 2);
    for (int round = 0; round < ROUNDS * 3; round++) {
      ByteBuf wire = Unpooled.buffer();
      for (int i = 0; i < 3; i++) {
        RespValueEncoder.write(randomValue(random, 0), wire);
      }
      byte[] bytes = corrupt(random, toBytes(wire));
      List<Object> got = feed(() -> new RespReplyDecoder(FUZZ_LIMITS), chunks(random, bytes));
      assertWellFormed(got, RespValue.class, round);
    }
  }

  @Test
  void randomBytesNeverBreakTheReplyDecoder() {
    Random random = new Random(SEED + 3);
    for (int round = 0; round < ROUNDS * 3; round++) {
      byte[] bytes = randomProtocolishBytes(random);
      List<Object> got = feed(() -> new RespReplyDecoder(FUZZ_LIMITS), chunks(random, bytes));
      assertWellFormed(got, RespValue.class, round);
    }
  }

  // ---- request decoder ----

  @Test
  void validRequestStreamsRoundTripInAnyChunking() {
    Random random = new Random(SEED + 4);
    for (int round = 0; round < ROUNDS; round++) {
      List<String> expected = new ArrayList<>();
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      int count = 1 + random.nextInt(5);
      for (int i = 0; i < count; i++) {
        byte[][] argv = randomArgv(random);
        expected.add(RespRequestDecoderTest.render(argv));
        writeRequest(random, argv, wire);
      }
      List<Object> got = feed(() -> new RespRequestDecoder(RespLimits.DEFAULTS),
          chunks(random, wire.toByteArray()));
      List<String> rendered = new ArrayList<>();
      got.forEach(o -> rendered.add(RespRequestDecoderTest.render(o)));
      assertEquals(expected, rendered, "round " + round);
    }
  }

  @Test
  void truncatedRequestStreamsYieldAPrefixAndWait() {
    Random random = new Random(SEED + 5);
    for (int round = 0; round < ROUNDS; round++) {
      List<String> expected = new ArrayList<>();
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      for (int i = 0; i < 3; i++) {
        byte[][] argv = randomArgv(random);
        expected.add(RespRequestDecoderTest.render(argv));
        writeMultibulk(argv, wire);
      }
      byte[] bytes = wire.toByteArray();
      byte[] cut = Arrays.copyOf(bytes, random.nextInt(bytes.length));
      List<Object> got = feed(() -> new RespRequestDecoder(RespLimits.DEFAULTS), chunks(random, cut));
      assertTrue(got.size() < expected.size(), "round " + round);
      for (int i = 0; i < got.size(); i++) {
        assertEquals(expected.get(i), RespRequestDecoderTest.render(got.get(i)), "round " + round);
      }
    }
  }

  @Test
  void corruptedAndRandomRequestStreamsEndInOneProtocolErrorAtMost() {
    Random random = new Random(SEED + 6);
    for (int round = 0; round < ROUNDS * 3; round++) {
      byte[] bytes;
      if (random.nextBoolean()) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
          writeRequest(random, randomArgv(random), wire);
        }
        bytes = corrupt(random, wire.toByteArray());
      } else {
        bytes = randomProtocolishBytes(random);
      }
      List<Object> got = feed(() -> new RespRequestDecoder(FUZZ_LIMITS), chunks(random, bytes));
      assertWellFormed(got, byte[][].class, round);
    }
  }

  // ---- generators ----

  private static RespValue randomValue(Random random, int depth) {
    int kinds = depth >= 4 ? 10 : 16;
    switch (random.nextInt(kinds)) {
      case 0: return new RespValue.SimpleString(randomAscii(random, 20));
      case 1: return new RespValue.ErrorValue("ERR " + randomAscii(random, 20)
          + (random.nextInt(8) == 0 ? "\n2nd line" : ""));
      case 2: return new RespValue.IntegerValue(random.nextBoolean() ? random.nextLong() : random.nextInt(100));
      case 3: return random.nextInt(6) == 0 ? RespValue.BulkString.NULL
          : new RespValue.BulkString(randomBytes(random, random.nextInt(3) == 0 ? 3000 : 30));
      case 4: return RespValue.Null.INSTANCE;
      case 5: return new RespValue.DoubleValue(randomDouble(random));
      case 6: return new RespValue.BooleanValue(random.nextBoolean());
      case 7: return new RespValue.BigNumber(new BigInteger(1 + random.nextInt(200), random)
          .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)));
      case 8: return new RespValue.VerbatimString(random.nextBoolean() ? "txt" : "mkd",
          randomBytes(random, 40));
      case 9: return random.nextInt(6) == 0 ? RespValue.ArrayValue.NULL : new RespValue.ArrayValue(List.of());
      case 10: return new RespValue.ArrayValue(randomList(random, depth));
      case 11: return new RespValue.SetValue(randomList(random, depth));
      case 12: return new RespValue.PushValue(randomList(random, depth));
      case 13: return new RespValue.MapValue(randomEntries(random, depth));
      case 14: return new RespValue.AttributeValue(randomEntries(random, depth), randomValue(random, depth + 1));
      default: return new RespValue.ArrayValue(randomList(random, depth));
    }
  }

  private static List<RespValue> randomList(Random random, int depth) {
    List<RespValue> items = new ArrayList<>();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      items.add(randomValue(random, depth + 1));
    }
    return items;
  }

  private static List<RespValue.Entry> randomEntries(Random random, int depth) {
    List<RespValue.Entry> entries = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      entries.add(new RespValue.Entry(randomValue(random, depth + 1), randomValue(random, depth + 1)));
    }
    return entries;
  }

  private static double randomDouble(Random random) {
    switch (random.nextInt(6)) {
      case 0: return Double.POSITIVE_INFINITY;
      case 1: return Double.NEGATIVE_INFINITY;
      case 2: return random.nextInt(1000) - 500;
      case 3: return Double.NaN;
      default:
        double d = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
        return d == 0 ? 1 : d;
    }
  }

  private static byte[][] randomArgv(Random random) {
    int argc = 1 + random.nextInt(6);
    byte[][] argv = new byte[argc][];
    for (int i = 0; i < argc; i++) {
      argv[i] = randomBytes(random, random.nextInt(4) == 0 ? 2000 : 12);
    }
    return argv;
  }

  /** Multibulk, or inline when every argument is plain (non-empty, no space, quote or control byte). */
  private static void writeRequest(Random random, byte[][] argv, ByteArrayOutputStream wire) {
    if (random.nextBoolean() && inlineSafe(argv)) {
      for (int i = 0; i < argv.length; i++) {
        if (i > 0) {
          wire.write(' ');
        }
        wire.writeBytes(argv[i]);
      }
      wire.writeBytes(random.nextBoolean() ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
    } else {
      writeMultibulk(argv, wire);
    }
  }

  private static boolean inlineSafe(byte[][] argv) {
    if (argv[0].length > 0 && argv[0][0] == '*') {
      return false;
    }
    for (byte[] arg : argv) {
      if (arg.length == 0) {
        return false;
      }
      for (byte b : arg) {
        if (b <= ' ' || b == '"' || b == '\'' || b == 127) {
          return false;
        }
      }
    }
    return true;
  }

  private static void writeMultibulk(byte[][] argv, ByteArrayOutputStream wire) {
    wire.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] arg : argv) {
      wire.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      wire.writeBytes(arg);
      wire.writeBytes(new byte[] {'\r', '\n'});
    }
  }

  private static byte[] corrupt(Random random, byte[] bytes) {
    byte[] copy = bytes.clone();
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && copy.length > 0; i++) {
      int at = random.nextInt(copy.length);
      switch (random.nextInt(3)) {
        case 0 -> copy[at] = (byte) random.nextInt(256);
        case 1 -> copy[at] = (byte) "*$%~>|:+-_,#(=!\r\n0123456789?".charAt(random.nextInt(28));
        default -> copy = Arrays.copyOf(copy, Math.max(1, at));
      }
    }
    return copy;
  }

  /** Bytes drawn mostly from RESP's alphabet, so headers and numbers occur often. */
  private static byte[] randomProtocolishBytes(Random random) {
    String alphabet = "*$%~>|:+-_,#(=!\r\n\r\n0123456789999999999 \"'\\xabc";
    byte[] bytes = new byte[random.nextInt(300)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256)
          : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return bytes;
  }

  private static String randomAscii(Random random, int maxLength) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(maxLength + 1);
    for (int i = 0; i < n; i++) {
      sb.append((char) (32 + random.nextInt(95)));
    }
    return sb.toString();
  }

  private static byte[] randomBytes(Random random, int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  // ---- feeding and checking ----

  /** Cuts bytes into 1 to 4 chunks at random positions, or byte-sized pieces now and then. */
  private static List<byte[]> chunks(Random random, byte[] bytes) {
    List<byte[]> chunks = new ArrayList<>();
    if (random.nextInt(10) == 0 && bytes.length < 500) {
      for (byte b : bytes) {
        chunks.add(new byte[] {b});
      }
      return chunks;
    }
    int from = 0;
    int pieces = 1 + random.nextInt(4);
    for (int i = 1; i < pieces && from < bytes.length; i++) {
      int to = from + random.nextInt(bytes.length - from + 1);
      chunks.add(Arrays.copyOfRange(bytes, from, to));
      from = to;
    }
    chunks.add(Arrays.copyOfRange(bytes, from, bytes.length));
    return chunks;
  }

  private static List<Object> feed(Supplier<ChannelHandler> decoder, List<byte[]> chunks) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder.get());
    List<Object> got = new ArrayList<>();
    for (byte[] chunk : chunks) {
      if (chunk.length > 0) {
        channel.writeInbound(Unpooled.wrappedBuffer(chunk)); // rethrows anything the decoder threw
        Object msg;
        while ((msg = channel.readInbound()) != null) {
          got.add(msg);
        }
      }
    }
    channel.finishAndReleaseAll();
    return got;
  }

  private static void assertWellFormed(List<Object> got, Class<?> valueType, int round) {
    for (int i = 0; i < got.size(); i++) {
      Object msg = got.get(i);
      if (msg instanceof ProtocolError) {
        assertEquals(got.size() - 1, i, "round " + round + ": a ProtocolError must be the last message");
      } else {
        assertInstanceOf(valueType, msg, "round " + round);
      }
    }
  }

  private static byte[] toBytes(ByteBuf buffer) {
    byte[] bytes = new byte[buffer.readableBytes()];
    buffer.readBytes(bytes);
    buffer.release();
    return bytes;
  }
}
