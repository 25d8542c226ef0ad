package io.codis.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Timeouts as Redis 7.0.15 on x86-64 answered them (checked with redis-cli against BLPOP). */
class BlockingTimeoutTest {
  private static final long NOW_MS = 1_700_000_000_000L;

  private static long deadline(String text) {
    return BlockingTimeout.deadlineMs(text.getBytes(StandardCharsets.ISO_8859_1), NOW_MS);
  }

  private static String error(String text) {
    return assertThrows(CommandException.class, () -> deadline(text)).getMessage();
  }

  @Test
  void ordinaryTimeouts() {
    assertEquals(NOW_MS + 1000, deadline("1"));
    assertEquals(NOW_MS + 1000, deadline("+1"));
    assertEquals(NOW_MS + 500, deadline("0.5"));
    assertEquals(NOW_MS + 16_000, deadline("0x10"));
    assertEquals(0, deadline("0"));
    assertEquals(0, deadline("-0"));
  }

  @Test
  void subMillisecondTimeoutsRoundUp() {
    assertEquals(NOW_MS + 1, deadline("0.0001"));
    assertEquals(NOW_MS + 1, deadline("1e-400")); // a long double, not zero
    assertEquals(NOW_MS + 2, deadline("0.0015"));
    assertEquals(0, deadline("-0.0001")); // ceil(-0.1) is -0: forever
    assertEquals(0, deadline("-0.001"));
    assertEquals(0, deadline("-1e-400"));
    assertEquals(Errors.TIMEOUT_NEGATIVE, error("-0.0011"));
  }

  @Test
  void deadlinesPastTheLongRangeBlockForever() {
    assertEquals(0, deadline("9223372036854775"));
  }

  @Test
  void productsOutsideTheLongRangeAreNegative() {
    for (String text : new String[] {"inf", "+inf", "-inf", "1e20", "-1e20", "1e400",
        "92233720368547758", "9223372036854775807", "1.7976931348623157e308"}) {
      assertEquals(Errors.TIMEOUT_NEGATIVE, error(text), text);
    }
    assertEquals(Errors.TIMEOUT_NEGATIVE, error("-1"));
    assertEquals(Errors.TIMEOUT_NEGATIVE, error("-0.5"));
  }

  @Test
  void textStrtoldRefuses() {
    for (String text : new String[] {"", " 1", "1 ", "abc", "nan", "0x", "1e5000", "1e-5000",
        "1\u00002", "1d"}) {
      assertEquals(Errors.TIMEOUT_NOT_FLOAT, error(text), text);
    }
  }

  @Test
  void theProductIsRoundedUpAsALongDouble() {
    // Expected values from (long long)ceill(strtold(s) * 1000.0) compiled with gcc on x86-64.
    String[][] cases = {{"0.001", "1"}, {"4.35", "4350"}, {"0.0015", "2"}, {"-0.0011", "-1"},
        {"9223372036854775.807", "9223372036854775807"},
        {"9223372036854775.8075", "-9223372036854775808"},
        {"-9223372036854775.808", "-9223372036854775807"},
        {"-9223372036854775.809", "-9223372036854775808"}, {"0x10", "16000"}};
    for (String[] c : cases) {
      assertEquals(Long.parseLong(c[1]),
          BlockingTimeout.timeoutMs(c[0].getBytes(StandardCharsets.US_ASCII)), c[0]);
    }
  }
}
