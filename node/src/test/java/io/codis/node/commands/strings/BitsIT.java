package io.codis.node.commands.strings;

import org.junit.jupiter.api.Test;

/** SETBIT GETBIT BITCOUNT BITPOS BITOP against redis-server. */
class BitsIT extends StringsTestBase {

  @Test
  void setbitGetbit() throws Exception {
    d.same("SETBIT", "k", "7", "1");
    d.same("GET", "k");
    d.same("SETBIT", "k", "7", "1");
    d.same("SETBIT", "k", "7", "0");
    d.same("SETBIT", "k", "0", "1");
    d.same("SETBIT", "k", "100", "1");
    d.same("GET", "k");
    d.same("STRLEN", "k");
    d.same("SETBIT", "z", "0", "0");
    d.same("GET", "z");
    d.same("SETBIT", "z", "15", "0");
    d.same("STRLEN", "z");
    for (String offset : new String[] {"0", "1", "7", "8", "99", "100", "101", "1000", "4294967295"}) {
      d.same("GETBIT", "k", offset);
      d.same("GETBIT", "missing", offset);
    }
    String[] badOffsets = {"-1", "x", "1.5", "4294967296", "9223372036854775807", "9223372036854775808", "", "#1"};
    for (String offset : badOffsets) {
      d.same("SETBIT", "k", offset, "1");
      d.same("GETBIT", "k", offset);
    }
    for (String bit : new String[] {"2", "-1", "x", "", "01", "1.0", "9223372036854775808"}) {
      d.same("SETBIT", "k", "1", bit);
    }
    d.same("SETBIT", "k", "x", "2");
    wrongType("list");
    d.same("SETBIT", "list", "0", "1");
    d.same("SETBIT", "list", "0", "2");
    d.same("SETBIT", "list", "-1", "1");
    d.same("GETBIT", "list", "0");
    d.same("GETBIT", "list", "-1");
    d.same("SET", "t", "a", "EX", "100");
    d.same("SETBIT", "t", "2", "1");
    d.same("SETBIT", "t", "20", "1");
    sameExpiry("t", 1000);
    d.same("GET", "t");
  }

  @Test
  void bitcount() throws Exception {
    d.same("SET", "k", "foobar");
    d.same("BITCOUNT", "k");
    String[][] ranges = {
      {"0", "0"}, {"1", "1"}, {"0", "-1"}, {"-2", "-1"}, {"-1", "-2"}, {"2", "1"}, {"-100", "100"},
      {"5", "30"}, {"0", "47"}, {"1", "46"}, {"7", "8"}, {"-9", "-3"}, {"100", "200"},
      {"-9223372036854775808", "9223372036854775807"}, {"3", "3"}, {"0", "-100"},
    };
    for (String[] range : ranges) {
      d.same("BITCOUNT", "k", range[0], range[1]);
      d.same("BITCOUNT", "k", range[0], range[1], "BYTE");
      d.same("BITCOUNT", "k", range[0], range[1], "BIT");
      d.same("BITCOUNT", "k", range[0], range[1], "bit");
    }
    d.same("BITCOUNT", "k", "0");
    d.same("BITCOUNT", "k", "0", "1", "BITS");
    d.same("BITCOUNT", "k", "-1", "-2", "BITS");
    d.same("BITCOUNT", "k", "0", "1", "BIT", "extra");
    d.same("BITCOUNT", "k", "a", "1");
    d.same("BITCOUNT", "k", "0", "b", "BIT");
    d.same("BITCOUNT", "missing");
    d.same("BITCOUNT", "missing", "0");
    d.same("BITCOUNT", "missing", "0", "1", "FOO");
    d.same("SET", "e", "");
    d.same("BITCOUNT", "e");
    d.same("BITCOUNT", "e", "0", "-1");
    d.same("BITCOUNT", "e", "0", "-1", "BIT");
    d.same(bytes("SET"), bytes("b"), bytes("\u00ff\u0000\u00ff\u00ff\u0001\u0080\u00aa\u0055\u00ff\u00ff\u00ff"));
    for (int start = -12; start < 12; start += 3) {
      for (int end = -90; end < 90; end += 7) {
        d.same("BITCOUNT", "b", Integer.toString(start), Integer.toString(end));
        d.same("BITCOUNT", "b", Integer.toString(start * 7), Integer.toString(end), "BIT");
      }
    }
    wrongType("list");
    d.same("BITCOUNT", "list");
    d.same("BITCOUNT", "list", "0");
    d.same("BITCOUNT");
  }

  @Test
  void bitpos() throws Exception {
    d.same(bytes("SET"), bytes("k"), bytes("\u00ff\u00f0\u0000"));
    d.same(bytes("SET"), bytes("ones"), bytes("\u00ff\u00ff\u00ff"));
    d.same(bytes("SET"), bytes("zeros"), bytes("\u0000\u0000\u0000"));
    d.same("SET", "e", "");
    for (String key : new String[] {"k", "ones", "zeros", "e", "missing"}) {
      for (String bit : new String[] {"0", "1"}) {
        d.same("BITPOS", key, bit);
        d.same("BITPOS", key, bit, "1");
        d.same("BITPOS", key, bit, "-1");
        d.same("BITPOS", key, bit, "5");
        d.same("BITPOS", key, bit, "0", "-1");
        d.same("BITPOS", key, bit, "1", "1");
        d.same("BITPOS", key, bit, "2", "1");
        d.same("BITPOS", key, bit, "-2", "-1");
        d.same("BITPOS", key, bit, "0", "100");
        d.same("BITPOS", key, bit, "0", "-1", "BYTE");
        d.same("BITPOS", key, bit, "0", "-1", "BIT");
        d.same("BITPOS", key, bit, "3", "5", "BIT");
        d.same("BITPOS", key, bit, "5", "3", "BIT");
        d.same("BITPOS", key, bit, "7", "8", "BIT");
        d.same("BITPOS", key, bit, "12", "13", "BIT");
        d.same("BITPOS", key, bit, "9", "22", "BIT");
        d.same("BITPOS", key, bit, "-5", "-1", "BIT");
        d.same("BITPOS", key, bit, "-100", "100", "BIT");
        d.same("BITPOS", key, bit, "0", "-1", "bytes");
        d.same("BITPOS", key, bit, "0", "1", "BIT", "x");
        d.same("BITPOS", key, bit, "x");
        d.same("BITPOS", key, bit, "0", "x");
        d.same("BITPOS", key, bit, "x", "0", "FOO");
      }
      d.same("BITPOS", key, "2");
      d.same("BITPOS", key, "-1");
      d.same("BITPOS", key, "x");
    }
    d.same(bytes("SET"), bytes("b"), bytes("\u00ff\u00ff\u00fe\u00ff\u0000\u0001\u00ff"));
    for (int start = -60; start < 60; start += 5) {
      for (int end = -60; end < 60; end += 6) {
        d.same("BITPOS", "b", "0", Integer.toString(start), Integer.toString(end), "BIT");
        d.same("BITPOS", "b", "1", Integer.toString(start), Integer.toString(end), "BIT");
      }
      d.same("BITPOS", "b", "0", Integer.toString(start / 8));
      d.same("BITPOS", "b", "1", Integer.toString(start / 8), Integer.toString(start / 5));
    }
    wrongType("list");
    d.same("BITPOS", "list", "1");
    d.same("BITPOS", "list", "2");
    d.same("BITPOS", "list", "1", "x");
    d.same("BITPOS", "k");
  }

  @Test
  void bitop() throws Exception {
    d.same(bytes("SET"), bytes("a"), bytes("\u00ff\u00f0\u000f"));
    d.same(bytes("SET"), bytes("b"), bytes("\u00aa\u0055"));
    d.same("SET", "c", "hello world");
    for (String op : new String[] {"AND", "OR", "XOR", "and", "Or"}) {
      d.same("BITOP", op, "dest", "a", "b", "c");
      d.same("GET", "dest");
      d.same("BITOP", op, "dest", "a");
      d.same("GET", "dest");
      d.same("BITOP", op, "dest", "missing", "a");
      d.same("GET", "dest");
      d.same("BITOP", op, "dest", "a", "missing");
      d.same("GET", "dest");
      d.same("BITOP", op, "dest", "b", "a", "b");
      d.same("GET", "dest");
    }
    d.same("BITOP", "NOT", "dest", "a");
    d.same("GET", "dest");
    d.same("BITOP", "NOT", "dest", "a", "b");
    d.same("BITOP", "not", "dest");
    d.same("BITOP", "NOT", "dest", "missing");
    d.same("GET", "dest");
    d.same("BITOP", "NOT", "a", "a");
    d.same("GET", "a");
    d.same("BITOP", "NAND", "dest", "a");
    d.same("BITOP", "AND", "dest");
    d.same("SET", "dest", "x");
    d.same("BITOP", "OR", "dest", "missing1", "missing2");
    d.same("GET", "dest");
    d.same("SET", "e", "");
    d.same("SET", "dest", "x");
    d.same("BITOP", "XOR", "dest", "e", "e");
    d.same("GET", "dest");
    d.same("SET", "t", "v", "EX", "100");
    d.same("BITOP", "OR", "t", "a");
    sameExpiry("t", 1000);
    wrongType("list");
    d.same("BITOP", "AND", "dest", "a", "list");
    d.same("BITOP", "FOO", "dest", "list");
    d.same("BITOP", "OR", "list", "a");
    d.same("GET", "list");
    wrongType("list2");
    d.same("BITOP", "OR", "list2", "missing");
    d.same("GET", "list2");
  }
}
