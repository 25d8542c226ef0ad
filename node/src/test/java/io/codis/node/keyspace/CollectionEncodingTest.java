package io.codis.node.keyspace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one-way encoding records of hashes and sets, at their limits and one past them. */
class CollectionEncodingTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void hashLeavesListpackForGoodPastEitherLimit() {
    HashValue h = new HashValue();
    for (int i = 0; i < HashValue.LISTPACK_ENTRIES_MAX; i++) {
      h.put(b("f" + i), b("v"));
    }
    assertTrue(h.isListpack());
    h.put(b("one-more"), b("v"));
    assertFalse(h.isListpack());
    h.remove(b("one-more"));
    assertFalse(h.isListpack(), "no way back");

    HashValue g = new HashValue();
    g.put(b("f"), b("x".repeat(HashValue.LISTPACK_VALUE_BYTES_MAX)));
    g.put(b("y".repeat(HashValue.LISTPACK_VALUE_BYTES_MAX)), b("v"));
    assertTrue(g.isListpack());
    g.put(b("f"), b("x".repeat(HashValue.LISTPACK_VALUE_BYTES_MAX + 1)));
    assertFalse(g.isListpack());
    g.put(b("f"), b("short"));
    assertFalse(g.isListpack());
  }

  @Test
  void hashFilledBehindItsBackIsRecheckedAtScanTime() {
    HashValue h = new HashValue();
    h.fields().put(b("f"), b("x".repeat(100)));
    assertFalse(h.isListpack());
  }

  @Test
  void setEncodings() {
    SetValue s = new SetValue();
    for (int i = 0; i < SetValue.INTSET_ENTRIES_MAX; i++) {
      s.add(b(Integer.toString(i - 100)));
    }
    assertTrue(s.isIntset());
    assertFalse(s.isListpack());
    s.add(b("100000"));
    assertFalse(s.isIntset(), "513 integers");
    assertFalse(s.isListpack(), "too many for a listpack too");

    SetValue t = new SetValue();
    t.add(b("1"));
    t.add(b("007"));
    assertFalse(t.isIntset(), "007 is not how Redis prints 7");
    assertTrue(t.isListpack());
    t.remove(b("007"));
    assertFalse(t.isIntset(), "no way back");
    t.add(b("z".repeat(SetValue.LISTPACK_VALUE_BYTES_MAX + 1)));
    assertFalse(t.isListpack());
  }

  @Test
  void canonicalLongs() {
    for (String yes : new String[] {"0", "-1", "9223372036854775807", "-9223372036854775808", "42"}) {
      assertTrue(SetValue.isCanonicalLong(b(yes)), yes);
    }
    for (String no : new String[] {"", "-", "-0", "007", "+1", " 1", "1 ", "9223372036854775808",
        "-9223372036854775809", "1.0", "99999999999999999999", "a"}) {
      assertFalse(SetValue.isCanonicalLong(b(no)), no);
    }
  }
}
