package io.codis.node.commands.hashes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The 80-bit arithmetic behind HINCRBYFLOAT, pinned to answers redis-server 7.0 gave. */
class LongDoubleTest {
  private static LongDouble p(String s) {
    return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String sum(String a, String b) {
    return p(a).add(p(b)).toHumanString();
  }

  @Test
  void extendedPrecisionSums() {
    assertEquals("10.6", sum("10.5", "0.1"), "double arithmetic would print 10.59999999999999964");
    assertEquals("0.3", sum("0.1", "0.2"));
    assertEquals("19", sum("3", "0x10"));
    assertEquals("0", sum("1e4000", "-1e4000"));
    assertEquals("12", p("0x1.8p3").toHumanString());
    assertEquals("0", p("-0").toHumanString());
    assertEquals("0", p("1e-20").toHumanString());
    assertEquals("-0.00000000000000001", p("-1e-17").toHumanString());
  }

  @Test
  void hugeValuesPrintEveryDigit() {
    String text = p("1e4000").toHumanString();
    assertEquals(4000, text.length(), "the long double below 1e4000 has 4000 digits");
    assertTrue(text.startsWith("99999999999999999999654638730996237849324925835069576"), text);
  }

  @Test
  void refusedLikeString2ld() {
    for (String bad : new String[] {"", " 1", "1 ", "1e", "e1", ".", "-", "+", "nan", "nan(1)", "1e5000",
        "1e-5000", "0x", "0x1p", "1d", "--1", "1.2.3", "x".repeat(LongDouble.INPUT_BYTES_MAX)}) {
      assertNull(p(bad), bad);
    }
    assertTrue(p("inf").isInfinite());
    assertTrue(p("-Infinity").isInfinite());
    assertEquals("5", p("5\u0000garbage").toHumanString(), "the C string ends at NUL");
  }

  @Test
  void overflowBecomesInfinite() {
    assertTrue(p("1e4932").add(p("1e4932")).isInfinite());
  }
}
