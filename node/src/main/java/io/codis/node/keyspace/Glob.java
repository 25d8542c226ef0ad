package io.codis.node.keyspace;

/**
 * Redis's glob-style matcher ({@code stringmatchlen} in {@code util.c}), used by PSUBSCRIBE, PUBSUB
 * CHANNELS, KEYS and SCAN MATCH. Binary-safe; both arguments are raw bytes.
 *
 * <ul>
 *   <li>{@code *} any run of bytes (empty included), {@code ?} exactly one byte;
 *   <li>{@code [abc]} one of the listed bytes, {@code [^abc]} one byte not listed, {@code [a-z]} a
 *       range (its ends may be given in either order), {@code \x} inside brackets a literal;
 *   <li>{@code \x} outside brackets matches {@code x} literally; a trailing lone {@code \} matches
 *       a {@code \};
 *   <li>an unterminated {@code [} class runs to the end of the pattern.
 * </ul>
 *
 * <p>Details kept exactly as Redis has them, because clients can observe them: bytes compare as C's
 * signed {@code char}, so in a range {@code [a-\xff]} the byte {@code 0xff} is {@code -1} and below
 * {@code 'a'}; the pattern is read as if followed by a NUL, as an sds string is; case folding (for
 * the ignore-case variant) is ASCII only.
 *
 * <p>Cost: a pattern with several {@code *} could take exponential time by trying every split. Like
 * Redis since 7.0.9 (CVE-2022-36021), once the rest of the pattern after a {@code *} fails to match
 * at every later position, no earlier {@code *} is tried with a longer match either (it would only
 * move the same rest further right), which makes matching polynomial; and recursion deeper than
 * {@value #NESTING_MAX} levels of {@code *} fails the match rather than the stack.
 */
public final class Glob {
  /** Deepest recursion through {@code *} before a match is given up (Redis: the same 1000). */
  public static final int NESTING_MAX = 1000;

  private Glob() {}

  /** True when {@code subject} matches {@code pattern}, case-sensitively. */
  public static boolean matches(byte[] pattern, byte[] subject) {
    return matches(pattern, subject, false);
  }

  /** True when {@code subject} matches {@code pattern}; {@code ignoreCase} folds ASCII letters. */
  /** For names that are text (CONFIG GET parameters, COMMAND LIST FILTERBY PATTERN): matched as UTF-8 bytes. */
  public static boolean matches(String pattern, String subject, boolean ignoreCase) {
    return matches(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        subject.getBytes(java.nio.charset.StandardCharsets.UTF_8), ignoreCase);
  }

  public static boolean matches(byte[] pattern, byte[] subject, boolean ignoreCase) {
    Matcher m = new Matcher(pattern, subject, ignoreCase);
    return m.match(0, pattern.length, 0, subject.length, 0);
  }

  private static final class Matcher {
    private final byte[] pattern;
    private final byte[] subject;
    private final boolean ignoreCase;
    private boolean skipLongerMatches;

    Matcher(byte[] pattern, byte[] subject, boolean ignoreCase) {
      this.pattern = pattern;
      this.subject = subject;
      this.ignoreCase = ignoreCase;
    }

    /** The pattern byte at {@code i}, or the NUL that terminates an sds string past its end. */
    private int p(int i) {
      return i < pattern.length ? pattern[i] : 0;
    }

    private int fold(int c) {
      return ignoreCase && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** Matches pattern[pi, pi+plen) against subject[si, si+slen). */
    boolean match(int pi, int plen, int si, int slen, int nesting) {
      if (nesting > NESTING_MAX) {
        return false;
      }
      while (plen > 0 && slen > 0) {
        switch (p(pi)) {
          case '*' -> {
            while (plen > 0 && p(pi + 1) == '*') {
              pi++;
              plen--;
            }
            if (plen == 1) {
              return true;
            }
            while (slen > 0) {
              if (match(pi + 1, plen - 1, si, slen, nesting + 1)) {
                return true;
              }
              if (skipLongerMatches) {
                return false;
              }
              si++;
              slen--;
            }
            skipLongerMatches = true;
            return false;
          }
          case '?' -> {
            si++;
            slen--;
          }
          case '[' -> {
            pi++;
            plen--;
            boolean not = p(pi) == '^';
            if (not) {
              pi++;
              plen--;
            }
            boolean matched = false;
            int c = subject[si];
            while (true) {
              if (p(pi) == '\\' && plen >= 2) {
                pi++;
                plen--;
                if (p(pi) == c) {
                  matched = true;
                }
              } else if (p(pi) == ']') {
                break;
              } else if (plen == 0) {
                pi--;
                plen++;
                break;
              } else if (plen >= 3 && p(pi + 1) == '-') {
                int start = p(pi);
                int end = p(pi + 2);
                if (start > end) {
                  int t = start;
                  start = end;
                  end = t;
                }
                int folded = fold(c);
                if (fold(start) <= folded && folded <= fold(end)) {
                  matched = true;
                }
                pi += 2;
                plen -= 2;
              } else if (fold(p(pi)) == fold(c)) {
                matched = true;
              }
              pi++;
              plen--;
            }
            if (not) {
              matched = !matched;
            }
            if (!matched) {
              return false;
            }
            si++;
            slen--;
          }
          default -> {
            if (p(pi) == '\\' && plen >= 2) {
              pi++;
              plen--;
            }
            if (fold(p(pi)) != fold(subject[si])) {
              return false;
            }
            si++;
            slen--;
          }
        }
        pi++;
        plen--;
        if (slen == 0) {
          while (plen > 0 && p(pi) == '*') {
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
