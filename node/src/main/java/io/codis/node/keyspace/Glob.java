package io.codis.node.keyspace;

/**
 * Redis's glob-style matching ({@code stringmatchlen}), as KEYS, SCAN MATCH, PSUBSCRIBE and the
 * collection scans use it: {@code *} any run of bytes, {@code ?} one byte, {@code [abc]}, {@code
 * [^abc]}, {@code [a-z]} (reversed ranges allowed, bytes compared as C's signed {@code char}), and
 * {@code \x} a literal. An unclosed {@code [} takes the rest of the pattern as its class.
 *
 * <h2>Why iterative</h2>
 * Redis recurses at every {@code *}; in Java a client-supplied pattern with tens of thousands of
 * stars would overflow the execution thread's stack. Every other token consumes exactly one byte of
 * the subject and its extent in the pattern does not depend on the subject, so when a token fails
 * after a star it is enough to retry from the most recent star, one byte further into the subject.
 * Earlier stars never need to be revisited (a longer match for them only moves the rest further
 * right, which the latest star already covers), which is also what Redis's {@code
 * skipLongerMatches} shortcut relies on. Worst case O(pattern x subject), no allocation.
 */
public final class Glob {
  private Glob() {}

  /** True when {@code subject} matches the glob {@code pattern} (case-sensitive). */
  public static boolean matches(byte[] pattern, byte[] subject) {
    int p = 0;
    int s = 0;
    int starP = -1; // pattern index just after the latest run of stars
    int starS = 0; // subject index that run is currently assumed to end at
    int plen = pattern.length;
    int slen = subject.length;
    if (slen == 0) {
      // Redis's loop never starts on an empty subject, so only the empty pattern matches it
      // ("*" matches it in KEYS and SCAN only through their match-everything shortcut).
      return plen == 0;
    }
    while (s < slen) {
      if (p < plen && pattern[p] == '*') {
        while (p < plen && pattern[p] == '*') {
          p++;
        }
        if (p == plen) {
          return true;
        }
        starP = p;
        starS = s;
        continue;
      }
      int next = p < plen ? matchToken(pattern, p, subject[s]) : -1;
      if (next >= 0) {
        p = next;
        s++;
        continue;
      }
      if (starP < 0) {
        return false;
      }
      starS++;
      p = starP;
      s = starS;
    }
    while (p < plen && pattern[p] == '*') {
      p++;
    }
    return p == plen;
  }

  /**
   * Matches one non-star token starting at {@code pattern[p]} against byte {@code c}; returns the
   * index after the token, or -1 when it does not match.
   */
  private static int matchToken(byte[] pattern, int p, byte c) {
    int plen = pattern.length;
    switch (pattern[p]) {
      case '?':
        return p + 1;
      case '[':
        return matchClass(pattern, p + 1, c);
      case '\\':
        if (plen - p >= 2) {
          p++;
        }
        return pattern[p] == c ? p + 1 : -1;
      default:
        return pattern[p] == c ? p + 1 : -1;
    }
  }

  /** A class after its {@code [}: returns the index after the closing {@code ]} (or the end). */
  private static int matchClass(byte[] pattern, int p, byte c) {
    int plen = pattern.length;
    boolean not = p < plen && pattern[p] == '^';
    if (not) {
      p++;
    }
    boolean match = false;
    while (true) {
      if (p < plen && pattern[p] == '\\' && plen - p >= 2) {
        p++;
        if (pattern[p] == c) {
          match = true;
        }
      } else if (p < plen && pattern[p] == ']') {
        break;
      } else if (p >= plen) {
        // Unclosed class: Redis steps back so its loop's final increment lands on the end.
        p = plen - 1;
        break;
      } else if (plen - p >= 3 && pattern[p + 1] == '-') {
        int start = pattern[p];
        int end = pattern[p + 2];
        if (start > end) {
          int swap = start;
          start = end;
          end = swap;
        }
        p += 2;
        if (c >= start && c <= end) {
          match = true;
        }
      } else if (pattern[p] == c) {
        match = true;
      }
      p++;
    }
    if (not) {
      match = !match;
    }
    return match ? p + 1 : -1;
  }
}
