package io.codis.node.commands.strings;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** BITFIELD BITFIELD_RO LCS against redis-server. */
class BitFieldAndLcsIT extends StringsTestBase {

  @Test
  void bitfieldGetSetIncrby() throws Exception {
    d.same("BITFIELD", "k", "SET", "i8", "0", "100", "GET", "i8", "0", "GET", "u4", "0", "GET", "u4", "4");
    d.same("GET", "k");
    d.same("BITFIELD", "k", "INCRBY", "i8", "0", "27", "INCRBY", "i8", "0", "1", "GET", "i8", "0");
    d.same("BITFIELD", "k", "SET", "u8", "#1", "255", "GET", "u8", "8", "GET", "i8", "#1");
    d.same("BITFIELD", "k", "SET", "i64", "64", "-9223372036854775808", "GET", "i64", "64");
    d.same("BITFIELD", "k", "INCRBY", "i64", "64", "-1", "INCRBY", "i64", "64", "1");
    d.same("BITFIELD", "k", "SET", "u63", "3", "9223372036854775807", "GET", "u63", "3");
    d.same("BITFIELD", "k", "SET", "i1", "200", "-1", "GET", "i1", "200", "GET", "u1", "200");
    d.same("BITFIELD", "k", "SET", "u3", "13", "-1", "GET", "u3", "13");
    d.same("BITFIELD", "k", "GET", "u16", "1000", "GET", "i64", "1000");
    d.same("GET", "k");
    d.same("BITFIELD", "k");
    d.same("BITFIELD", "missing");
    d.same("BITFIELD", "missing", "GET", "u8", "0");
    d.same("BITFIELD_RO", "missing", "GET", "u8", "0");
    d.same("BITFIELD_RO", "k", "GET", "i5", "3", "GET", "u2", "#3");
  }

  @Test
  void bitfieldOverflow() throws Exception {
    String[] modes = {"WRAP", "SAT", "FAIL"};
    long[] increments = {1, -1, 100, -100, 127, -128, 255, 256, -257, Long.MAX_VALUE, Long.MIN_VALUE};
    String[] types = {"i8", "u8", "i1", "u1", "i63", "u63", "i64", "i3", "u5"};
    for (String mode : modes) {
      for (String type : types) {
        String key = "k" + mode + type;
        for (long increment : increments) {
          d.same("BITFIELD", key, "OVERFLOW", mode, "INCRBY", type, "5", Long.toString(increment));
          d.same("BITFIELD", key, "OVERFLOW", mode, "SET", type, "7", Long.toString(increment),
              "GET", type, "7");
        }
        d.same("GET", key);
      }
    }
    d.same("BITFIELD", "f", "OVERFLOW", "FAIL", "SET", "u2", "100", "5");
    d.same("GET", "f");
    d.same("BITFIELD", "k", "OVERFLOW", "SAT", "OVERFLOW", "WRAP", "INCRBY", "u2", "0", "5",
        "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5", "INCRBY", "u2", "0", "1");
    d.same("BITFIELD", "k", "OVERFLOW", "sat");
    d.same("BITFIELD", "k", "OVERFLOW", "BAD", "GET", "u8", "0");
    d.same("BITFIELD", "k", "OVERFLOW");
  }

  @Test
  void bitfieldErrors() throws Exception {
    d.same("SET", "k", "abc");
    String[] types = {"i0", "u0", "i65", "u64", "x8", "", "i", "I8", "U8", "i-1", "i08", "u 8", "i64", "u63"};
    for (String type : types) {
      d.same("BITFIELD", "k", "GET", type, "0");
    }
    d.same(bytes("BITFIELD"), bytes("k"), bytes("GET"), bytes("i8\u0000x"), bytes("0"));
    String[] offsets = {"-1", "#-1", "x", "#", "#x", "4294967295", "4294967296", "#536870911", "#536870912",
        "#1152921504606846976", "9223372036854775808"};
    for (String offset : offsets) {
      d.same("BITFIELD", "k", "GET", "u8", offset);
      d.same("BITFIELD_RO", "k", "GET", "u8", offset);
    }
    d.same("BITFIELD", "k", "SET", "u8", "0", "x");
    d.same("BITFIELD", "k", "SET", "u8", "0");
    d.same("BITFIELD", "k", "INCRBY", "u8", "0", "1.5");
    d.same("BITFIELD", "k", "GET", "u8");
    d.same("BITFIELD", "k", "FOO", "u8", "0");
    d.same("BITFIELD", "k", "GET", "u8", "0", "BAD");
    d.same("BITFIELD", "k", "SET", "u8", "0", "1", "GET", "u99", "0");
    d.same("GET", "k");
    d.same("BITFIELD_RO", "k", "SET", "u8", "0", "1");
    d.same("BITFIELD_RO", "k", "INCRBY", "u8", "0", "1", "GET", "x", "0");
    d.same("BITFIELD_RO", "k", "OVERFLOW", "SAT", "GET", "u8", "0");
    d.same("BITFIELD_RO", "k");
    d.same("BITFIELD_RO", "missing", "SET", "u8", "0", "1");
    d.same("GET", "k");
    wrongType("list");
    d.same("BITFIELD", "list");
    d.same("BITFIELD", "list", "GET", "u8", "0");
    d.same("BITFIELD", "list", "SET", "u8", "0", "1");
    d.same("BITFIELD_RO", "list", "GET", "u8", "0");
    d.same("BITFIELD_RO", "list", "SET", "u8", "0", "1");
    d.same("BITFIELD_RO", "list", "GET", "u8", "x", "SET", "u8", "0", "1");
    d.same("BITFIELD", "list", "GET", "u99", "0");
    d.same("SET", "t", "v", "EX", "100");
    d.same("BITFIELD", "t", "SET", "u8", "100", "1");
    sameExpiry("t", 1000);
  }

  @Test
  void bitfieldRandomized() throws Exception {
    Random random = new Random(20240611);
    String[] modes = {"WRAP", "SAT", "FAIL"};
    for (int round = 0; round < 300; round++) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("BITFIELD", "r"));
      int ops = 1 + random.nextInt(4);
      for (int op = 0; op < ops; op++) {
        boolean signed = random.nextBoolean();
        String type = (signed ? "i" : "u") + (1 + random.nextInt(signed ? 64 : 63));
        String offset = random.nextInt(4) == 0 ? "#" + random.nextInt(6) : Integer.toString(random.nextInt(90));
        switch (random.nextInt(4)) {
          case 0 -> args.addAll(java.util.List.of("GET", type, offset));
          case 1 -> args.addAll(java.util.List.of("SET", type, offset, Long.toString(random.nextLong() >> random.nextInt(64))));
          case 2 -> args.addAll(java.util.List.of("INCRBY", type, offset, Long.toString(random.nextLong() >> random.nextInt(64))));
          default -> args.addAll(java.util.List.of("OVERFLOW", modes[random.nextInt(3)]));
        }
      }
      d.same(args.toArray(new String[0]));
    }
    d.same("GET", "r");
  }

  @Test
  void lcs() throws Exception {
    d.same("MSET", "a", "ohmytext", "b", "mynewtext");
    d.same("LCS", "a", "b");
    d.same("LCS", "a", "b", "LEN");
    d.same("LCS", "a", "b", "IDX");
    d.same("LCS", "a", "b", "IDX", "MINMATCHLEN", "4");
    d.same("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN");
    d.same("LCS", "a", "b", "IDX", "WITHMATCHLEN");
    d.same("LCS", "a", "b", "idx", "minmatchlen", "-5", "withmatchlen");
    d.same("LCS", "a", "b", "WITHMATCHLEN");
    d.same("LCS", "a", "b", "MINMATCHLEN", "2");
    d.same("LCS", "a", "b", "LEN", "LEN");
    d.same("LCS", "a", "b", "LEN", "IDX");
    d.same("LCS", "a", "b", "MINMATCHLEN");
    d.same("LCS", "a", "b", "MINMATCHLEN", "x");
    d.same("LCS", "a", "b", "FOO");
    d.same("LCS", "a", "missing");
    d.same("LCS", "missing", "a", "IDX");
    d.same("LCS", "missing", "missing2", "LEN");
    d.same("LCS", "a", "a", "IDX", "WITHMATCHLEN");
    d.same("LCS", "a");
    wrongType("list");
    d.same("LCS", "a", "list");
    d.same("LCS", "list", "a", "FOO");
    d.same(bytes("MSET"), bytes("x"), bytes("a\u0000b\r\nc\u00ff"), bytes("y"), bytes("\u0000\r\u00ffzz"));
    d.same("LCS", "x", "y");
    d.same("LCS", "x", "y", "IDX", "WITHMATCHLEN");
    Random random = new Random(7);
    for (int round = 0; round < 60; round++) {
      d.same("SET", "p", randomText(random, random.nextInt(40)));
      d.same("SET", "q", randomText(random, random.nextInt(40)));
      d.same("LCS", "p", "q");
      d.same("LCS", "p", "q", "LEN");
      d.same("LCS", "p", "q", "IDX", "WITHMATCHLEN");
      d.same("LCS", "p", "q", "IDX", "MINMATCHLEN", "2");
    }
  }

  private static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + random.nextInt(4)));
    }
    return text.toString();
  }
}
