package io.codis.proxy.admin;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void everyValueFallsInABucketWhoseBoundIsWithinAnEighth() {
    for (long v = 0; v < 5_000_000; v = v < 100 ? v + 1 : v * 11 / 10) {
      long bound = LatencyHistogram.upperBound(LatencyHistogram.bucket(v));
      assertTrue(bound >= v, v + " <= " + bound);
      assertTrue(bound <= v + Math.max(1, v / 8) + 1, v + " bound " + bound);
    }
  }

  @Test
  void quantilesOfAKnownDistribution() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < 1000; i++) {
      h.record(i < 990 ? 100 : 10_000); // 1% slow
    }
    assertEquals(100, LatencyHistogram.quantile(h.counts, 0.5), 100 / 8);
    assertEquals(100, LatencyHistogram.quantile(h.counts, 0.99), 100 / 8);
    assertEquals(10_000, LatencyHistogram.quantile(h.counts, 0.999), 10_000 / 8);
    assertEquals(0, LatencyHistogram.quantile(new long[LatencyHistogram.BUCKETS], 0.5));
  }

  @Test
  void prometheusBoundsAreBucketBoundsSoCountsAreExact() {
    for (long le : AdminServer.HISTOGRAM_BOUNDS_MICROS) {
      assertEquals(le, LatencyHistogram.upperBound(LatencyHistogram.bucket(le)), "bound " + le);
    }
    LatencyHistogram h = new LatencyHistogram();
    h.record(100);
    h.record(1023);
    h.record(1024);
    assertEquals(2, LatencyHistogram.countAtMost(h.counts, 1023));
    assertEquals(1, LatencyHistogram.countAtMost(h.counts, 511));
  }
}
