package io.codis.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The three strtod-based checks Redis makes, on the inputs where they differ. */
class StrtodTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void string2dTakesWholeNumbersWithoutSpacesOrRangeErrors() {
    assertEquals(1.5, Strtod.string2d(b("1.5")));
    assertEquals(42.0, Strtod.string2d(b("42")));
    assertEquals(-0.0, Strtod.string2d(b("-0")));
    assertEquals(16.0, Strtod.string2d(b("0x10")));
    assertEquals(Double.POSITIVE_INFINITY, Strtod.string2d(b("+inf")));
    assertEquals(Double.NEGATIVE_INFINITY, Strtod.string2d(b("-Infinity")));
    assertEquals(4.9e-324, Strtod.string2d(b("4.9e-324"))); // a subnormal passes string2d
    assertEquals(1e-310, Strtod.string2d(b("1e-310")));
    for (String bad : new String[] {"", " 1", "1 ", "1e400", "-1e400", "1e-400", "nan", "NaN(12)",
        "1d", "1f", "0x", "1\u00002", "1e", "abc", "0x1p-2000", "infx", "1_0"}) {
      assertNull(Strtod.string2d(b(bad)), bad);
    }
    assertEquals(10.0, Strtod.string2d(b("1e1")));
    assertEquals(1.0, Strtod.string2d(b("0x1p0")));
  }

  @Test
  void rangeBoundsAreBareStrtodUpToNul() {
    assertEquals(0.0, Strtod.rangeBound(b(""), 0));
    assertEquals(0.0, Strtod.rangeBound(b("("), 1));
    assertEquals(1.0, Strtod.rangeBound(b(" 1"), 0));
    assertEquals(1.0, Strtod.rangeBound(b("1\u0000junk"), 0));
    assertEquals(Double.POSITIVE_INFINITY, Strtod.rangeBound(b("1e999"), 0));
    assertEquals(0.0, Strtod.rangeBound(b("1e-999"), 0));
    assertNull(Strtod.rangeBound(b("   "), 0));
    assertNull(Strtod.rangeBound(b("1 "), 0));
    assertNull(Strtod.rangeBound(b("nan"), 0));
    assertNull(Strtod.rangeBound(b("x"), 0));
  }

  @Test
  void sortWeightsRefuseAnyRangeError() {
    assertEquals(0.0, Strtod.sortWeight(b("")));
    assertEquals(2.5, Strtod.sortWeight(b(" 2.5")));
    assertEquals(3.0, Strtod.sortWeight(b("3\u0000x")));
    assertNull(Strtod.sortWeight(b("1e-310"))); // subnormal: ERANGE in glibc
    assertNull(Strtod.sortWeight(b("1e400")));
    assertNull(Strtod.sortWeight(b("0x1p-2000")));
    assertEquals(0x1p-1074, Strtod.sortWeight(b("0x1p-1074"))); // exact subnormal: no ERANGE
    assertNull(Strtod.sortWeight(b("nan")));
  }
}
