package io.codis.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The 80-bit arithmetic behind HINCRBYFLOAT, pinned to answers redis-server 7.0 gave. */
class HashLongDoubleCasesTest {
  private static LongDouble p(String s) {
    return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String sum(String a, String b) {
    return p(a).add(p(b)).toFixed17();
  }

  @Test
  void extendedPrecisionSums() {
    assertEquals("10.6", sum("10.5", "0.1"), "double arithmetic would print 10.59999999999999964");
    assertEquals("0.3", sum("0.1", "0.2"));
    assertEquals("19", sum("3", "0x10"));
    assertEquals("0", sum("1e4000", "-1e4000"));
    assertEquals("12", p("0x1.8p3").toFixed17());
    assertEquals("0", p("-0").toFixed17());
    assertEquals("0", p("1e-20").toFixed17());
    assertEquals("-0.00000000000000001", p("-1e-17").toFixed17());
  }

  @Test
  void hugeValuesPrintEveryDigit() {
    String text = p("1e4000").toFixed17();
    assertEquals(4000, text.length(), "the long double below 1e4000 has 4000 digits");
    assertTrue(text.startsWith("99999999999999999999654638730996237849324925835069576"), text);
  }

  @Test
  void refusedLikeString2ld() {
    for (String bad : new String[] {"", " 1", "1 ", "1e", "e1", ".", "-", "+", "nan", "nan(1)", "1e5000",
        "1e-5000", "0x", "0x1p", "1d", "--1", "1.2.3", "x".repeat(5 * 1024)}) {
      assertNull(p(bad), bad);
    }
    assertTrue(p("inf").isInfinite());
    assertTrue(p("-Infinity").isInfinite());
    // redis-server 7.0.15 refuses an embedded NUL: HSET h g "5\x00x" then HINCRBYFLOAT h g 1 is an error.
    assertNull(p("5\u0000garbage"), "an embedded NUL is refused");
  }

  @Test
  void overflowIsRefused() {
    assertNull(p("1e4932").add(p("1e4932")), "an infinite sum is refused, as INCRBYFLOAT refuses it");
  }
}
