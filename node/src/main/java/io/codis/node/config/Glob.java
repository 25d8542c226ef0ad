package io.codis.node.config;

/**
 * Redis's glob-style matcher ({@code stringmatchlen}): {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]} and {@code \} escapes. Used by CONFIG GET and COMMAND LIST FILTERBY PATTERN, both
 * case-insensitive in Redis. Iterative on {@code *} with backtracking to the last star, so a pattern
 * like {@code *a*a*a*b} costs O(pattern x text), not exponential time.
 */
public final class Glob {
  private Glob() {}

  public static boolean matches(String pattern, String text, boolean ignoreCase) {
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = -1;
    while (t < text.length()) {
      if (p < pattern.length()) {
        char pc = pattern.charAt(p);
        if (pc == '*') {
          starP = p++;
          starT = t;
          continue;
        }
        int consumed = matchOne(pattern, p, text.charAt(t), ignoreCase);
        if (consumed > 0) {
          p += consumed;
          t++;
          continue;
        }
      }
      if (starP < 0) {
        return false;
      }
      p = starP + 1;
      t = ++starT;
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /** Returns how many pattern characters matched {@code c} at {@code p}, or 0 when they do not. */
  private static int matchOne(String pattern, int p, char c, boolean ignoreCase) {
    char pc = pattern.charAt(p);
    switch (pc) {
      case '?':
        return 1;
      case '\\':
        if (p + 1 < pattern.length()) {
          return same(pattern.charAt(p + 1), c, ignoreCase) ? 2 : 0;
        }
        return same('\\', c, ignoreCase) ? 1 : 0;
      case '[':
        return matchClass(pattern, p, c, ignoreCase);
      default:
        return same(pc, c, ignoreCase) ? 1 : 0;
    }
  }

  private static int matchClass(String pattern, int start, char c, boolean ignoreCase) {
    int p = start + 1;
    boolean not = p < pattern.length() && pattern.charAt(p) == '^';
    if (not) {
      p++;
    }
    boolean match = false;
    while (p < pattern.length() && pattern.charAt(p) != ']') {
      char pc = pattern.charAt(p);
      if (pc == '\\' && p + 1 < pattern.length()) {
        p++;
        match |= same(pattern.charAt(p), c, ignoreCase);
      } else if (p + 2 < pattern.length() && pattern.charAt(p + 1) == '-' && pattern.charAt(p + 2) != ']') {
        char lo = pattern.charAt(p);
        char hi = pattern.charAt(p + 2);
        if (lo > hi) {
          char tmp = lo;
          lo = hi;
          hi = tmp;
        }
        char x = c;
        if (ignoreCase) {
          lo = Character.toLowerCase(lo);
          hi = Character.toLowerCase(hi);
          x = Character.toLowerCase(x);
        }
        match |= x >= lo && x <= hi;
        p += 2;
      } else {
        match |= same(pc, c, ignoreCase);
      }
      p++;
    }
    // An unterminated class ends at the pattern's end, as in Redis.
    int consumed = Math.min(p + 1, pattern.length()) - start;
    return (not != match) ? consumed : 0;
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
  }
}
