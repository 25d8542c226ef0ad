package io.codis.node.commands.zsets;

/**
 * Redis's glob matcher ({@code stringmatchlen}) for ZSCAN MATCH: {@code *}, {@code ?},
 * {@code [abc]}, {@code [^a-z]}, {@code \x}. Bytes compare as C's signed {@code char}, which decides
 * ranges over bytes above 0x7f just as Redis does. A failed {@code *} stops longer tries of earlier
 * stars, which keeps patterns like {@code a*a*a*a*b} linear-ish rather than exponential.
 */
final class Glob {
  private Glob() {}

  static boolean matches(byte[] pattern, byte[] string) {
    return match(pattern, 0, string, 0, new boolean[1]);
  }

  /** The byte at {@code i}, or 0 past the end (C strings are NUL-terminated). */
  private static int at(byte[] bytes, int i) {
    return i < bytes.length ? bytes[i] : 0;
  }

  private static boolean match(byte[] p, int pi, byte[] s, int si, boolean[] skipLonger) {
    while (pi < p.length && si < s.length) {
      switch (p[pi]) {
        case '*' -> {
          while (pi < p.length && at(p, pi + 1) == '*') {
            pi++;
          }
          if (pi == p.length - 1) {
            return true;
          }
          while (si < s.length) {
            if (match(p, pi + 1, s, si, skipLonger)) {
              return true;
            }
            if (skipLonger[0]) {
              return false;
            }
            si++;
          }
          skipLonger[0] = true;
          return false;
        }
        case '?' -> si++;
        case '[' -> {
          pi++;
          boolean not = at(p, pi) == '^';
          if (not) {
            pi++;
          }
          boolean matched = false;
          while (true) {
            if (at(p, pi) == '\\' && p.length - pi >= 2) {
              pi++;
              if (p[pi] == s[si]) {
                matched = true;
              }
            } else if (at(p, pi) == ']') {
              break;
            } else if (pi >= p.length) {
              pi--;
              break;
            } else if (p.length - pi >= 3 && p[pi + 1] == '-') {
              int start = p[pi];
              int end = p[pi + 2];
              if (start > end) {
                int t = start;
                start = end;
                end = t;
              }
              pi += 2;
              if (s[si] >= start && s[si] <= end) {
                matched = true;
              }
            } else if (p[pi] == s[si]) {
              matched = true;
            }
            pi++;
          }
          if (not) {
            matched = !matched;
          }
          if (!matched) {
            return false;
          }
          si++;
        }
        default -> {
          if (p[pi] == '\\' && p.length - pi >= 2) {
            pi++;
          }
          if (p[pi] != s[si]) {
            return false;
          }
          si++;
        }
      }
      pi++;
      if (si == s.length) {
        while (at(p, pi) == '*' && pi < p.length) {
          pi++;
        }
        break;
      }
    }
    return pi >= p.length && si == s.length;
  }
}
