package io.codis.node.config;

import io.codis.node.keyspace.Glob;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfigNameGlobTest {
  @Test
  void starsQuestionMarksAndClasses() {
    assertFalse(Glob.matches("*", "", false)); // as Redis: stringmatchlen never matches an empty string
    assertTrue(Glob.matches("max*", "maxmemory-policy", false));
    assertTrue(Glob.matches("*policy", "maxmemory-policy", false));
    assertTrue(Glob.matches("h?llo", "hello", false));
    assertFalse(Glob.matches("h?llo", "hllo", false));
    assertTrue(Glob.matches("h[ae]llo", "hallo", false));
    assertFalse(Glob.matches("h[^e]llo", "hello", false));
    assertTrue(Glob.matches("h[a-c]llo", "hbllo", false));
    assertTrue(Glob.matches("h\\*llo", "h*llo", false));
    assertFalse(Glob.matches("h\\*llo", "hello", false));
    assertTrue(Glob.matches("MAXMEMORY", "maxmemory", true));
    assertFalse(Glob.matches("MAXMEMORY", "maxmemory", false));
    assertFalse(Glob.matches("a*b", "aaac", false));
  }

  @Test
  void manyStarsStayLinear() {
    String text = "a".repeat(5000);
    long start = System.nanoTime();
    assertFalse(Glob.matches("*a*a*a*a*a*a*a*a*b", text, false));
    assertTrue(System.nanoTime() - start < 2_000_000_000L);
  }
}
