package io.codis.node.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codis.node.keyspace.MemoryKeyspace;
import io.codis.node.keyspace.SetValue;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Records are applied as the states they describe; absolute expiry stays absolute. */
class EffectsTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[][] parse(byte[] record) {
    EmbeddedChannel ch = new EmbeddedChannel(new StreamDecoder(16, 4096, 1 << 20));
    ch.writeInbound(Unpooled.wrappedBuffer(record));
    StreamFrame.Record r = ch.readInbound();
    ch.finishAndReleaseAll();
    assertEquals(record.length, r.wireBytes());
    return r.argv();
  }

  @Test
  void keyStatesRoundTripWithAbsoluteExpiry() throws Exception {
    MemoryKeyspace ks = new MemoryKeyspace(16);
    ks.now(1_000);
    Effects.apply(ks, parse(Effects.keyState(b("s"), b("v"), 5_000)));
    assertArrayEquals(b("v"), (byte[]) ks.get(b("s")));
    assertEquals(5_000, ks.expireAt(b("s")));
    SetValue set = new SetValue();
    set.add(b("a"));
    set.add(b("b"));
    Effects.apply(ks, parse(Effects.keyState(b("set"), set, -1)));
    assertEquals(2, ((SetValue) ks.get(b("set"))).size());
    assertEquals(-1, ks.expireAt(b("set")));
    // a state that is already expired by the replica's clock is not kept
    Effects.apply(ks, parse(Effects.keyState(b("old"), b("v"), 500)));
    assertNull(ks.get(b("old")));
    Effects.apply(ks, parse(Effects.deleted(b("s"))));
    assertNull(ks.get(b("s")));
    Effects.apply(ks, parse(Effects.FLUSHALL));
    assertEquals(0, ks.size());
  }

  @Test
  void badRecordsAreRefused() {
    MemoryKeyspace ks = new MemoryKeyspace(16);
    assertThrows(Effects.BadRecord.class, () -> Effects.apply(ks, new byte[][] {b("incr"), b("k")}));
    assertThrows(Effects.BadRecord.class, () -> Effects.apply(ks, new byte[][] {b("set"), b("k")}));
    assertThrows(Effects.BadRecord.class,
        () -> Effects.apply(ks, new byte[][] {b("restore"), b("k"), b("0"), b("junk"), b("REPLACE"), b("ABSTTL")}));
    assertThrows(Effects.BadRecord.class, () -> Effects.apply(ks, new byte[][] {b("codis-flushslot"), b("99")}));
  }
}
