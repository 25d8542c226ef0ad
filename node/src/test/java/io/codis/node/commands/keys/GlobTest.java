package io.codis.node.commands.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.Glob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Glob} against a recursive transliteration of Redis's stringmatchlen kept here as the
 * oracle (patterns and subjects over a small alphabet rich in special characters), plus cases
 * checked by hand against redis-server and a pathological pattern.
 */
class GlobTest {

  private static boolean glob(String pattern, String subject) {
    return Glob.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), subject.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void handCheckedCases() {
    assertTrue(glob("h?llo", "hello"));
    assertTrue(glob("h*llo", "hllo"));
    assertTrue(glob("h[ae]llo", "hallo"));
    assertFalse(glob("h[^e]llo", "hello"));
    assertTrue(glob("h[a-b]llo", "hbllo"));
    assertTrue(glob("h[b-a]llo", "hbllo")); // reversed range
    assertTrue(glob("h\\*llo", "h*llo"));
    assertFalse(glob("h\\*llo", "hello"));
    assertTrue(glob("a*", "a"));
    assertFalse(glob("**", "")); // Redis never matches an empty subject against a star
    assertTrue(glob("", ""));
    assertFalse(glob("[", "a"));
    assertTrue(glob("[^", "a")); // unclosed negated class: matches any one byte
    assertTrue(glob("h[a", "ha"));
    assertTrue(glob("[\\]]", "]"));
    assertTrue(glob("\\", "\\"));
    assertTrue(glob("*a*b*c", "xxaxxbxxc"));
    assertFalse(glob("*a*b*c", "xxaxxbxxcx"));
    // Bytes >= 0x80 compare as C's signed char in ranges: [\x01-\xff] is the range [-1, 1].
    assertFalse(Glob.matches(new byte[] {'[', 1, '-', (byte) 0xff, ']'}, new byte[] {'a'}));
    assertTrue(Glob.matches(new byte[] {'[', 1, '-', (byte) 0xff, ']'}, new byte[] {0}));
  }

  @Test
  void matchesTheRecursiveReference() {
    Random random = new Random(20240601);
    String patternAlphabet = "ab*?[]^-\\";
    String subjectAlphabet = "ab-]^*\\";
    for (int i = 0; i < 100_000; i++) {
      String pattern = randomString(random, patternAlphabet, 8);
      String subject = randomString(random, subjectAlphabet, 7);
      boolean expected = Reference.match(pattern.getBytes(StandardCharsets.ISO_8859_1),
          subject.getBytes(StandardCharsets.ISO_8859_1));
      assertEquals(expected, glob(pattern, subject), () -> "pattern '" + pattern + "' subject '" + subject + "'");
    }
  }

  @Test
  void pathologicalPatternsStayFastAndDoNotRecurse() {
    String subject = "a".repeat(5000);
    String pattern = "*a".repeat(50_000) + "b";
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertFalse(glob(pattern, subject)));
  }

  private static String randomString(Random random, String alphabet, int maxLength) {
    int n = random.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** Redis 7.0's stringmatchlen, recursion and all; reading past the end yields C's NUL terminator. */
  private static final class Reference {
    private final byte[] p;
    private final byte[] s;
    private boolean skipLonger;

    private Reference(byte[] p, byte[] s) {
      this.p = p;
      this.s = s;
    }

    static boolean match(byte[] pattern, byte[] subject) {
      return new Reference(pattern, subject).run(0, pattern.length, 0, subject.length);
    }

    private int pat(int i) {
      return i < p.length ? p[i] : 0;
    }

    private boolean run(int pi, int plen, int si, int slen) {
      while (plen > 0 && slen > 0) {
        switch (pat(pi)) {
          case '*' -> {
            while (plen > 0 && pat(pi + 1) == '*') {
              pi++;
              plen--;
            }
            if (plen == 1) {
              return true;
            }
            while (slen > 0) {
              if (run(pi + 1, plen - 1, si, slen)) {
                return true;
              }
              if (skipLonger) {
                return false;
              }
              si++;
              slen--;
            }
            skipLonger = true;
            return false;
          }
          case '?' -> {
            si++;
            slen--;
          }
          case '[' -> {
            pi++;
            plen--;
            boolean not = pat(pi) == '^';
            if (not) {
              pi++;
              plen--;
            }
            boolean match = false;
            while (true) {
              if (pat(pi) == '\\' && plen >= 2) {
                pi++;
                plen--;
                if (pat(pi) == s[si]) {
                  match = true;
                }
              } else if (pat(pi) == ']') {
                break;
              } else if (plen == 0) {
                pi--;
                plen++;
                break;
              } else if (plen >= 3 && pat(pi + 1) == '-') {
                int start = pat(pi);
                int end = pat(pi + 2);
                if (start > end) {
                  int t = start;
                  start = end;
                  end = t;
                }
                pi += 2;
                plen -= 2;
                if (s[si] >= start && s[si] <= end) {
                  match = true;
                }
              } else if (pat(pi) == s[si]) {
                match = true;
              }
              pi++;
              plen--;
            }
            if (not) {
              match = !match;
            }
            if (!match) {
              return false;
            }
            si++;
            slen--;
          }
          default -> {
            if (pat(pi) == '\\' && plen >= 2) {
              pi++;
              plen--;
            }
            if (pat(pi) != s[si]) {
              return false;
            }
            si++;
            slen--;
          }
        }
        pi++;
        plen--;
        if (slen == 0) {
          while (pat(pi) == '*') {
            pi++;
            plen--;
          }
          break;
        }
      }
      return plen == 0 && slen == 0;
    }
  }
}
