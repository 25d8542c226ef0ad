package io.codis.node.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BacklogTest {
  @Test
  void holdsTheLastCapacityBytesByOffsetAcrossWrapAround() {
    Random random = new Random(3);
    Backlog backlog = new Backlog(100, 1000);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int round = 0; round < 500; round++) {
      byte[] chunk = new byte[random.nextInt(130)];
      random.nextBytes(chunk);
      backlog.append(chunk);
      all.writeBytes(chunk);
      byte[] stream = all.toByteArray();
      long end = 1000 + stream.length;
      assertEquals(end, backlog.endOffset());
      assertEquals(Math.max(1000, end - 100), backlog.startOffset());
      long from = backlog.startOffset() + random.nextInt((int) backlog.length() + 1);
      byte[] copy = backlog.copy(from, 1000);
      assertArrayEquals(Arrays.copyOfRange(stream, (int) (from - 1000), stream.length), copy);
    }
  }

  @Test
  void refusesOffsetsNoLongerOrNotYetHeld() {
    Backlog backlog = new Backlog(10, 0);
    backlog.append(new byte[25]);
    assertFalse(backlog.holds(14));
    assertTrue(backlog.holds(15));
    assertTrue(backlog.holds(25));
    assertFalse(backlog.holds(26));
    assertThrows(IllegalArgumentException.class, () -> backlog.copy(14, 1));
    assertEquals(0, backlog.copy(25, 10).length);
  }

  @Test
  void capacityAtLeastOne() {
    assertThrows(IllegalArgumentException.class, () -> new Backlog(0, 0));
  }
}
