package io.codis.proxy.replica;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MasterOffsetsTest {
  @Test
  void caughtUpIsTheNewestSampleTheReplicaHasReached() {
    MasterOffsets m = new MasterOffsets();
    assertEquals(Long.MIN_VALUE, m.caughtUpAt(100), "no sample yet");
    m.add(1_000, 100);
    m.add(2_000, 150);
    m.add(3_000, 150);
    m.add(4_000, 300);
    assertEquals(3_000, m.caughtUpAt(150), "offset 150 was still the master's at 3000");
    assertEquals(3_000, m.caughtUpAt(299));
    assertEquals(4_000, m.caughtUpAt(300));
    assertEquals(1_000, m.caughtUpAt(120));
    assertEquals(Long.MIN_VALUE, m.caughtUpAt(99), "behind every sample kept");
  }

  @Test
  void theRingKeepsTheNewestSamples() {
    MasterOffsets m = new MasterOffsets();
    for (int i = 0; i < MasterOffsets.CAPACITY + 5; i++) {
      m.add(i, i * 10L);
    }
    assertEquals(Long.MIN_VALUE, m.caughtUpAt(40), "sample 4 was overwritten");
    assertEquals(5, m.caughtUpAt(50));
    assertEquals(MasterOffsets.CAPACITY + 4, m.caughtUpAt(Long.MAX_VALUE));
  }

  @Test
  void anOffsetGoingBackForgetsOlderSamples() {
    MasterOffsets m = new MasterOffsets();
    m.add(1_000, 500);
    m.add(2_000, 10); // a restarted master
    assertEquals(2_000, m.caughtUpAt(500), "the old history no longer counts");
    assertEquals(Long.MIN_VALUE, m.caughtUpAt(5));
  }
}
