package io.codis.node.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Redis's glob rules, corner cases included (the differential GlobMatchIT covers the rest). */
class GlobTest {
  private static boolean m(String pattern, String subject) {
    return Glob.matches(pattern.getBytes(StandardCharsets.ISO_8859_1),
        subject.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void basics() {
    assertFalse(m("*", ""), "Redis: the loop never runs, and '*' is left over");
    assertFalse(m("**", ""));
    assertTrue(m("*", "anything"));
    assertTrue(m("", ""));
    assertFalse(m("", "a"));
    assertTrue(m("h?llo", "hello"));
    assertFalse(m("h?llo", "hllo"));
    assertTrue(m("h*llo", "hllo"));
    assertTrue(m("h*llo", "heeeello"));
    assertTrue(m("h[ae]llo", "hallo"));
    assertFalse(m("h[ae]llo", "hillo"));
    assertTrue(m("h[^e]llo", "hallo"));
    assertFalse(m("h[^e]llo", "hello"));
    assertTrue(m("h[a-b]llo", "hbllo"));
    assertFalse(m("h[a-b]llo", "hcllo"));
    assertTrue(m("a**b", "ab"));
    assertTrue(m("*a*", "xxaxx"));
    assertFalse(m("*a*", "xxbxx"));
  }

  @Test
  void escapesAndBrackets() {
    assertTrue(m("\\*", "*"));
    assertFalse(m("\\*", "a"));
    assertTrue(m("a\\", "a\\"));
    assertTrue(m("[\\]]", "]"));
    assertTrue(m("[z-a]", "m"), "a reversed range is swapped");
    assertTrue(m("[abc", "a"), "an unterminated class ends at the end of the pattern");
    assertFalse(m("[abc", "ab"));
    assertTrue(m("[^", "x"));
    assertFalse(m("[", "x"));
    assertTrue(m("[a-]", "a"));
  }

  @Test
  void bytesCompareAsSignedChars() {
    // [a-\xff]: 0xff is -1 as a C char, so the range is [-1, 'a'] and covers '\0' but not 'b'.
    assertTrue(m("[a-\u00ff]", "\u0000"));
    assertFalse(m("[a-\u00ff]", "b"));
    assertTrue(m("\u00e9*", "\u00e9t\u00e9"));
  }

  @Test
  void noCase() {
    assertTrue(Glob.matches("HeLLo*".getBytes(), "hello world".getBytes(), true));
    assertFalse(Glob.matches("HeLLo*".getBytes(), "hello world".getBytes(), false));
    assertTrue(Glob.matches("[A-C]x".getBytes(), "bx".getBytes(), true));
  }

  @Test
  void manyStarsFailFast() {
    String subject = "a".repeat(5000);
    long started = System.nanoTime();
    assertFalse(m("*a*a*a*a*a*a*a*a*a*a*a*b", subject));
    assertTrue(System.nanoTime() - started < 2_000_000_000L, "no exponential backtracking");
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String pattern = "*a".repeat(Glob.NESTING_MAX + 10);
    assertFalse(m(pattern, "a".repeat(Glob.NESTING_MAX + 10)));
    assertEquals(true, m("*a".repeat(10), "a".repeat(10)));
  }
}
