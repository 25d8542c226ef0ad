package io.codis.meta.server.control;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one-peer opinion: suspect after a full timeout without an answer, clear on the next answer. */
class DetectorTest {
  @Test
  void suspectsOnlyAfterAFullTimeoutWithoutAnswer() {
    Detector d = new Detector(2_000);
    d.track(Set.of("a:1"), 1_000);
    d.observe("a:1", true, 1_000);
    assertFalse(d.suspects("a:1", 2_999), "grace period of a newly seen node");
    d.observe("a:1", false, 2_500);
    assertFalse(d.suspects("a:1", 2_999));
    assertTrue(d.suspects("a:1", 3_000));
    d.observe("a:1", true, 3_100);
    assertFalse(d.suspects("a:1", 3_100), "any answer clears");
    assertFalse(d.suspects("a:1", 5_099));
    assertTrue(d.suspects("a:1", 5_100));
  }

  @Test
  void aNodeThatNeverAnsweredGetsTheLongerStartUpWait() {
    Detector d = new Detector(1_000, 5_000);
    d.track(Set.of("a:1"), 0);
    d.observe("a:1", false, 500);
    assertFalse(d.suspects("a:1", 4_999), "still starting after a whole-cluster restart");
    assertTrue(d.suspects("a:1", 5_000));
    d.observe("a:1", true, 6_000);
    assertTrue(d.suspects("a:1", 7_000), "once it answered, the normal timeout applies");
  }

  @Test
  void anOldAnswerNeverMovesTheClockBack() {
    Detector d = new Detector(1_000);
    d.track(Set.of("a:1"), 0);
    d.observe("a:1", true, 900);
    d.observe("a:1", true, 500);
    assertFalse(d.suspects("a:1", 1_899));
    assertTrue(d.suspects("a:1", 1_900));
  }

  @Test
  void unknownAndRemovedNodesAreNotSuspected() {
    Detector d = new Detector(1_000);
    assertFalse(d.suspects("x:1", 10_000));
    d.track(Set.of("a:1"), 0);
    d.track(Set.of(), 5_000);
    assertFalse(d.suspects("a:1", 10_000));
    assertEquals(Set.of(), d.tracked());
  }
}
