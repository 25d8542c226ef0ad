package io.codis.node.commands.strings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.exec.CommandException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StringValuesTest {

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void parseLongFollowsString2ll() {
    assertEquals(0, StringValues.parseLong(b("0"), "e"));
    assertEquals(-1, StringValues.parseLong(b("-1"), "e"));
    assertEquals(Long.MAX_VALUE, StringValues.parseLong(b("9223372036854775807"), "e"));
    assertEquals(Long.MIN_VALUE, StringValues.parseLong(b("-9223372036854775808"), "e"));
    String[] bad = {"", "-", "-0", "+1", "01", " 1", "1 ", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "1.0", "1e3", "123456789012345678901"};
    for (String text : bad) {
      CommandException e = assertThrows(CommandException.class, () -> StringValues.parseLong(b(text), "ERR x"), text);
      assertEquals("ERR x", e.getMessage());
    }
  }

  @Test
  void decimalRoundTrips() {
    long[] values = {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
    for (long value : values) {
      assertArrayEquals(b(Long.toString(value)), StringValues.decimal(value));
      assertEquals(Long.toString(value).length(), StringValues.decimalLength(value));
    }
  }

  @Test
  void optionWordsAreCStrings() {
    assertTrue(StringValues.is(b("NX"), "nx"));
    assertTrue(StringValues.is(b("nx\u0000junk"), "nx"));
    assertFalse(StringValues.is(b("nxx"), "nx"));
    assertFalse(StringValues.is(b("n"), "nx"));
    assertFalse(StringValues.is(b("\u0000nx"), "nx"));
  }
}
