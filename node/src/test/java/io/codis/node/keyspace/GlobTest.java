package io.codis.node.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Glob vectors whose outcomes were taken from redis-server 7.0.15 ({@code SET subject} then
 * {@code KEYS pattern}; strings here are ISO-8859-1, one char per byte). One exception, marked: KEYS
 * answers everything for the literal pattern {@code *} without matching, while
 * {@code stringmatchlen("*", "")} itself is false, which is what PUBLISH to an empty channel sees.
 */
class GlobTest {
  record Vector(String pattern, String subject, boolean matches) {}

  static Vector v(String pattern, String subject, boolean matches) {
    return new Vector(pattern, subject, matches);
  }

  static final List<Vector> VECTORS = List.of(
      v("*", "anything", true),
      v("*", "", false),
      v("", "", true),
      v("", "a", false),
      v("a*", "abc", true),
      v("a*", "ba", false),
      v("*c", "abc", true),
      v("a*c", "ac", true),
      v("a*c", "abcd", false),
      v("a?c", "abc", true),
      v("a?c", "ac", false),
      v("??", "ab", true),
      v("??", "a", false),
      v("h[ae]llo", "hello", true),
      v("h[ae]llo", "hallo", true),
      v("h[ae]llo", "hillo", false),
      v("h[^e]llo", "hallo", true),
      v("h[^e]llo", "hello", false),
      v("h[a-b]llo", "hbllo", true),
      v("h[a-b]llo", "hcllo", false),
      v("h[b-a]llo", "hallo", true),
      v("h\\*llo", "h*llo", true),
      v("h\\*llo", "hello", false),
      v("[\\]]", "]", true),
      v("[\\-]", "-", true),
      v("[a-]", "-", false),
      v("[abc", "a", true),
      v("[abc", "[", false),
      v("[", "[", false),
      v("[", "a", false),
      v("[^", "a", true),
      v("[]", "]", false),
      v("ab\\", "ab\\", true),
      v("\\", "\\", true),
      v("*a*b*c*", "xaybzc", true),
      v("*a*b*c*", "xaybz", false),
      v("a**b", "ab", true),
      v("a**", "a", true),
      v("**", "", false),
      v("a*", "a", true),
      v("[a-c][x-z]", "by", true),
      v("[!a]", "!", true),
      v("[!a]", "b", false),
      v("*\\?", "a?", true),
      v("*\\?", "ab", false),
      v("[[]", "[", true),
      v("[a-\u00ff]", "\u00ff", true),
      v("[\u0080-\u00ff]", "\u0090", true),
      v("\u00e9*", "\u00e9t\u00e9", true),
      v("H*", "hello", false),
      v("a[", "a", false),
      v("a[", "a[", false),
      v("*[", "x[", false),
      v("a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaabcdefghijklmnopqrstuvwxy", false));

  @Test
  void redisVectors() {
    for (Vector vector : VECTORS) {
      assertEquals(vector.matches(), Glob.matches(b(vector.pattern()), b(vector.subject())),
          () -> "pattern " + vector.pattern() + " subject " + vector.subject());
    }
  }

  @Test
  void ignoreCaseFoldsAsciiOnly() {
    assertTrue(Glob.matches(b("H*"), b("hello"), true));
    assertTrue(Glob.matches(b("h[A-C]"), b("hb"), true));
    assertTrue(Glob.matches(b("h[a-c]"), b("hB"), true));
    assertFalse(Glob.matches(b("\u00c9"), b("\u00e9"), true));
  }

  @Test
  void pathologicalPatternsFinishQuickly() {
    // exponential without the skip-longer-matches rule: 30 stars against 100 bytes that never match
    String pattern = "a*".repeat(30) + "b";
    long started = System.nanoTime();
    assertFalse(Glob.matches(b(pattern), b("a".repeat(100))));
    assertTrue(System.nanoTime() - started < 2_000_000_000L);
    // nesting beyond the limit fails the match instead of the stack
    assertFalse(Glob.matches(b("*a".repeat(Glob.NESTING_MAX + 5)), b("a".repeat(Glob.NESTING_MAX + 5))));
    assertTrue(Glob.matches(b("*a".repeat(50)), b("a".repeat(50))));
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
