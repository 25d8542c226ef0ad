package io.codis.node.migrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codis.node.replication.Effects;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordReaderTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsBackWhatTheSourceWrites() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Effects.record(b("set"), b("k"), b("v\r\nwith crlf")));
    out.writeBytes(Effects.record(b("del"), b("")));
    out.writeBytes(OutgoingMigration.FLUSH);
    List<byte[][]> records = RecordReader.read(out.toByteArray(), 10);
    assertEquals(3, records.size());
    assertArrayEquals(b("v\r\nwith crlf"), records.get(0)[2]);
    assertArrayEquals(new byte[0], records.get(1)[1]);
    assertEquals("slotsimport-flush", RecordReader.name(records.get(2)));
    assertEquals(0, RecordReader.read(new byte[0], 10).size());
  }

  @Test
  void refusesAnythingElseWhole() {
    byte[] good = Effects.record(b("set"), b("k"), b("v"));
    // every truncation of a valid record is refused
    for (int cut = 1; cut < good.length; cut++) {
      byte[] partial = Arrays.copyOf(good, cut);
      assertThrows(RecordReader.BadBatch.class, () -> RecordReader.read(partial, 10), "cut at " + cut);
    }
    assertThrows(RecordReader.BadBatch.class, () -> RecordReader.read(b("+OK\r\n"), 10));
    assertThrows(RecordReader.BadBatch.class, () -> RecordReader.read(b("*0\r\n"), 10));
    assertThrows(RecordReader.BadBatch.class, () -> RecordReader.read(good, 2), "more arguments than allowed");
    assertThrows(RecordReader.BadBatch.class, () -> RecordReader.read(b("*1\r\n$99999999999\r\nx\r\n"), 10));
  }
}
