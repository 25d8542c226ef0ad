package io.codis.node.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThrottleTest {
  @Test
  void unlimitedNeverWaits() {
    Throttle t = new Throttle(0, 0);
    assertEquals(0, t.pauseNanos(0, 1 << 30, 1 << 20));
  }

  @Test
  void theSlowerOfBothRatesDecides() {
    Throttle t = new Throttle(1_000_000, 1_000); // 1 MB/s, 1000 keys/s
    // 500 KB and 100 keys at t=0: bytes allow it at 0.5 s, keys at 0.1 s
    assertEquals(500_000_000L, t.pauseNanos(0, 500_000, 100));
    // at t=0.5 s another 100 KB and 900 keys: keys due at 1.0 s, bytes at 0.6 s
    assertEquals(500_000_000L, t.pauseNanos(500_000_000L, 100_000, 900));
    // late callers owe nothing
    assertEquals(0, t.pauseNanos(5_000_000_000L, 1, 1));
  }

  @Test
  void aNewRateStartsCountingAgain() {
    Throttle t = new Throttle(1_000, 0);
    assertEquals(10_000_000_000L, t.pauseNanos(0, 10_000, 1));
    t.rates(0, 10);
    assertEquals(100_000_000L, t.pauseNanos(1_000, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> t.rates(-1, 0));
  }
}
