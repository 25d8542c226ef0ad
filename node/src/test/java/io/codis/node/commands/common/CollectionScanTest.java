package io.codis.node.commands.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codis.node.exec.CommandException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SCAN cursor follows strtoul, as Redis's parseScanCursorOrReply does. */
class CollectionScanTest {
  private static long cursor(String s) {
    return CollectionScan.parseCursor(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void accepted() {
    assertEquals(0, cursor(""));
    assertEquals(0, cursor("0"));
    assertEquals(7, cursor("007"));
    assertEquals(5, cursor("+5"));
    assertEquals(-1L, cursor("-1"), "wraps to 2^64-1");
    assertEquals(-1L, cursor("18446744073709551615"));
    assertEquals(1L, cursor("-18446744073709551615"));
    assertEquals(12, cursor("12\u0000junk"));
  }

  @Test
  void refused() {
    for (String bad : new String[] {"x", " 1", "1 ", "-", "+", "1.5", "18446744073709551616",
        "-18446744073709551616", "99999999999999999999999"}) {
      CommandException e = assertThrows(CommandException.class, () -> cursor(bad), bad);
      assertEquals("ERR invalid cursor", e.getMessage());
    }
  }
}
