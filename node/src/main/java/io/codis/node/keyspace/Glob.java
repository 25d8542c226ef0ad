package io.codis.node.keyspace;

/**
 * Redis's glob-style matching ({@code stringmatchlen}), used by KEYS, SCAN MATCH, HSCAN, SSCAN,
 * ZSCAN and PSUBSCRIBE: {@code *} any run of bytes, {@code ?} one byte, {@code [abc]}, {@code [^a]}
 * and {@code [a-z]} classes, {@code \} escapes the next byte.
 *
 * <h2>Faithful to Redis's corner cases</h2>
 * Bytes compare as signed C {@code char}s (so in a range {@code [a-\xff]} the high byte is
 * negative and the ends get swapped, as Redis does), a range's ends are swapped when reversed, an
 * unterminated class ends at the end of the pattern, and a trailing lone {@code \} matches a
 * literal backslash. Reading past the end of the pattern yields 0, like the NUL that terminates
 * Redis's strings.
 *
 * <h2>Why it cannot take exponential time</h2>
 * After a {@code *} has tried every suffix of the subject without the rest of the pattern matching,
 * no earlier {@code *} can do better by consuming more (the rest would have to match even later),
 * so the whole match fails at once. The recursion depth is the number of {@code *} runs in the
 * pattern; past {@link #NESTING_MAX} the match fails instead of exhausting the thread's stack.
 */
public final class Glob {
  /** Deepest {@code *} nesting tried; deeper patterns do not match. */
  public static final int NESTING_MAX = 1000;

  private Glob() {}

  /** True when {@code subject} matches {@code pattern}, byte for byte (case-sensitive). */
  public static boolean matches(byte[] pattern, byte[] subject) {
    return matches(pattern, subject, false);
  }

  /** As {@link #matches(byte[], byte[])}, ignoring ASCII case when {@code nocase}. */
  public static boolean matches(byte[] pattern, byte[] subject, boolean nocase) {
    return new Matcher(pattern, subject, nocase).match(0, 0, 0);
  }

  private static final class Matcher {
    private final byte[] p;
    private final byte[] s;
    private final boolean nocase;
    /** Set once a '*' exhausted the subject: no longer match of an earlier '*' can help. */
    private boolean giveUp;

    Matcher(byte[] pattern, byte[] subject, boolean nocase) {
      this.p = pattern;
      this.s = subject;
      this.nocase = nocase;
    }

    private int pat(int i) {
      return i >= 0 && i < p.length ? p[i] : 0;
    }

    private int fold(int c) {
      return nocase && c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    boolean match(int pi, int si, int nesting) {
      if (nesting > NESTING_MAX) {
        return false;
      }
      int pEnd = p.length;
      int sEnd = s.length;
      while (pi < pEnd && si < sEnd) {
        int c = p[pi];
        if (c == '*') {
          while (pi + 1 < pEnd && p[pi + 1] == '*') {
            pi++;
          }
          if (pi + 1 == pEnd) {
            return true;
          }
          for (; si < sEnd; si++) {
            if (match(pi + 1, si, nesting + 1)) {
              return true;
            }
            if (giveUp) {
              return false;
            }
          }
          giveUp = true;
          return false;
        } else if (c == '?') {
          si++;
        } else if (c == '[') {
          pi++;
          boolean negate = pat(pi) == '^';
          if (negate) {
            pi++;
          }
          boolean found = false;
          int sc = s[si];
          while (true) {
            int remaining = pEnd - pi;
            if (pat(pi) == '\\' && remaining >= 2) {
              pi++;
              if (p[pi] == sc) {
                found = true;
              }
            } else if (pat(pi) == ']') {
              break;
            } else if (remaining <= 0) {
              pi--;
              break;
            } else if (remaining >= 3 && p[pi + 1] == '-') {
              int start = p[pi];
              int end = p[pi + 2];
              if (start > end) {
                int t = start;
                start = end;
                end = t;
              }
              int x = fold(sc);
              if (x >= fold(start) && x <= fold(end)) {
                found = true;
              }
              pi += 2;
            } else if (fold(p[pi]) == fold(sc)) {
              found = true;
            }
            pi++;
          }
          if (negate) {
            found = !found;
          }
          if (!found) {
            return false;
          }
          si++;
        } else {
          if (c == '\\' && pEnd - pi >= 2) {
            pi++;
            c = p[pi];
          }
          if (fold(c) != fold(s[si])) {
            return false;
          }
          si++;
        }
        pi++;
        if (si == sEnd) {
          while (pi < pEnd && p[pi] == '*') {
            pi++;
          }
          break;
        }
      }
      return pi == pEnd && si == sEnd;
    }
  }
}
