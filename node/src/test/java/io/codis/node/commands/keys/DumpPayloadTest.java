package io.codis.node.commands.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Round trips of every value type through {@link DumpPayload}, and refusal of damaged payloads. */
class DumpPayloadTest {

  private static byte[] randomBytes(Random random, int max) {
    byte[] b = new byte[random.nextInt(max + 1)];
    random.nextBytes(b);
    return b;
  }

  private static Object[] samples(Random random) {
    ListValue list = new ListValue();
    HashValue hash = new HashValue();
    SetValue set = new SetValue();
    ZSetValue zset = new ZSetValue();
    int n = 1 + random.nextInt(300);
    for (int i = 0; i < n; i++) {
      list.addLast(randomBytes(random, 40));
      hash.fields().put(("f" + i).getBytes(), randomBytes(random, 200));
      set.add(("m" + i + "-" + random.nextInt()).getBytes());
      double score = switch (i % 5) {
        case 0 -> Double.POSITIVE_INFINITY;
        case 1 -> -0.0;
        default -> random.nextGaussian() * 1e6;
      };
      zset.put(("z" + i).getBytes(), score);
    }
    return new Object[] {randomBytes(random, 1000), new byte[0], list, hash, set, zset};
  }

  @Test
  void everyTypeRoundTrips() throws Exception {
    Random random = new Random(11);
    for (int round = 0; round < 50; round++) {
      for (Object value : samples(random)) {
        byte[] payload = DumpPayload.encode(value);
        assertTrue(DumpPayload.verify(payload));
        Object back = DumpPayload.decode(payload);
        assertEquals(Fixtures.canonical(value), Fixtures.canonical(back));
        assertEquals(value.getClass(), back.getClass());
      }
    }
    // A skip-list zset keeps -0 (a listpack would store 0, as Redis does): the round trip keeps it.
    ZSetValue zset = new ZSetValue(ZSetValue.LISTPACK_ENTRIES_MAX + 1, 0);
    zset.put("neg-zero".getBytes(), -0.0);
    ZSetValue back = (ZSetValue) DumpPayload.decode(DumpPayload.encode(zset));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.scores().get("neg-zero".getBytes())));
  }

  @Test
  void anySingleBitFlipOrTruncationIsRefused() {
    Random random = new Random(5);
    for (Object value : samples(random)) {
      byte[] payload = DumpPayload.encode(value);
      for (int i = 0; i < payload.length; i += 1 + payload.length / 512) {
        byte[] damaged = payload.clone();
        damaged[i] ^= (byte) (1 << random.nextInt(8));
        assertFalse(DumpPayload.verify(damaged), "bit flip at " + i);
      }
      for (int cut = 0; cut < payload.length; cut += 1 + payload.length / 512) {
        assertFalse(DumpPayload.verify(Arrays.copyOf(payload, cut)), "truncated to " + cut);
      }
    }
  }

  @Test
  void futureVersionsAreRefused() {
    byte[] payload = DumpPayload.encode("v".getBytes());
    int end = payload.length - DumpPayload.TRAILER_BYTES;
    payload[end] = (byte) (DumpPayload.VERSION + 1);
    reseal(payload);
    assertFalse(DumpPayload.verify(payload));
  }

  /** Payloads with a valid checksum but a malformed body: the decoder refuses without over-allocating. */
  @Test
  void malformedBodiesAreBadFormat() {
    byte[][] bodies = {
      {9}, // unknown type
      {DumpPayload.TYPE_STRING, 5, 'a'}, // length beyond the body
      {DumpPayload.TYPE_LIST, 0}, // empty collection
      {DumpPayload.TYPE_LIST, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0}, // huge count
      {DumpPayload.TYPE_SET, 2, 1, 'a', 1, 'a'}, // duplicate member
      {DumpPayload.TYPE_HASH, 2, 1, 'f', 0, 1, 'f', 0}, // duplicate field
      {DumpPayload.TYPE_ZSET, 1, 1, 'm', 0, 0, 0, 0, 0, 0, (byte) 0xf8, 0x7f}, // NaN score
      {DumpPayload.TYPE_STRING, 1, 'a', 'b'}, // trailing bytes
      {DumpPayload.TYPE_LIST, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
          (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // endless varint
    };
    for (byte[] body : bodies) {
      byte[] payload = seal(body);
      assertTrue(DumpPayload.verify(payload));
      assertThrows(DumpPayload.BadFormat.class, () -> DumpPayload.decode(payload), () -> Arrays.toString(body));
    }
  }

  static byte[] seal(byte[] body) {
    byte[] payload = Arrays.copyOf(body, body.length + DumpPayload.TRAILER_BYTES);
    payload[body.length] = (byte) DumpPayload.VERSION;
    payload[body.length + 1] = 0;
    reseal(payload);
    return payload;
  }

  private static void reseal(byte[] payload) {
    int end = payload.length - 4;
    CRC32C crc = new CRC32C();
    crc.update(payload, 0, end);
    int value = (int) crc.getValue();
    for (int i = 0; i < 4; i++) {
      payload[end + i] = (byte) (value >>> (8 * i));
    }
  }
}
