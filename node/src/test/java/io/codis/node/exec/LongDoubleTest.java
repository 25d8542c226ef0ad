package io.codis.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * INCRBYFLOAT's arithmetic. Expected texts were produced by redis-server 7.0 on x86-64 (INCRBYFLOAT
 * on a key holding the first operand); the differential ITs check many more.
 */
class LongDoubleTest {

  private static String sum(String a, String b) {
    LongDouble x = parse(a);
    LongDouble y = parse(b);
    assertNotNull(x, a);
    assertNotNull(y, b);
    LongDouble result = x.add(y);
    return result == null ? null : result.toFixed17();
  }

  private static LongDouble parse(String text) {
    return LongDouble.parse(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void extendedPrecisionNotDouble() {
    assertEquals("10.6", sum("10.5", "0.1"));
    assertEquals("0.3", sum("0.1", "0.2")); // a double would print 0.30000000000000004
    assertEquals("100000000000000000008", sum("10.6", "1e20")); // the ulp at 1e20 is 8
    assertEquals("3", sum("1", "0x1p1"));
    assertEquals("3", sum("0", "0x1.8p1"));
    assertEquals("-1.5", sum("0", "-1.5"));
  }

  @Test
  void printfRoundsTiesToEven() {
    assertEquals("0.00000381469726562", sum("0", "0.000003814697265625"));
    assertEquals("0.00001144409179688", sum("0", "0.000011444091796875"));
    assertEquals("0", sum("0", "1e-30"));
    assertEquals("0", sum("-0", "-0"));
  }

  @Test
  void rangeOfTheFormat() {
    assertNotNull(parse("1e4932"));
    assertNull(parse("1e4933")); // overflows to infinity: ERANGE
    assertNull(parse("1e-5000")); // underflows to zero: ERANGE
    assertNotNull(parse("1e-4950")); // a subnormal is fine
    assertEquals("0", sum("0", "1e-4950"));
    assertNull(sum("1e4932", "1e4932")); // the sum is infinite
    assertNull(sum("0", "inf"));
    assertNull(sum("-inf", "inf"));
  }

  @Test
  void refusesWhatStrtoldWouldNotConsumeWhole() {
    String[] bad = {"", " 1", "1 ", "1e", "0x", "0xp1", "nan", "-nan", "1.2.3", "1d", "\u00001", "1\u00002", "+-1"};
    for (String text : bad) {
      assertNull(parse(text), text);
    }
    String[] good = {"5.", ".5", "+2", "-0", "1E+5", "0X1P-2", "inf", "-Infinity", "00012"};
    for (String text : good) {
      assertNotNull(parse(text), text);
    }
  }
}
