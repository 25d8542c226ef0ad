package io.codis.node.commands.strings;

import org.junit.jupiter.api.Test;

/** MGET MSET MSETNX APPEND STRLEN GETRANGE SUBSTR SETRANGE against redis-server. */
class MultiKeyAndRangesIT extends StringsTestBase {

  @Test
  void mgetMsetMsetnx() throws Exception {
    d.same("MSET", "a", "1", "b", "2", "c", "");
    d.same("MGET", "a", "b", "c", "missing");
    d.same("MGET", "a");
    d.same("MGET");
    d.same("MSET", "a");
    d.same("MSET", "a", "1", "b");
    d.same("MSET", "a", "x", "a", "y");
    d.same("GET", "a");
    wrongType("list");
    d.same("MGET", "list", "a", "list");
    d.same("MSETNX", "list", "x");
    d.same("MSETNX", "n1", "1", "n2", "2");
    d.same("MSETNX", "n2", "x", "n3", "3");
    d.same("MGET", "n1", "n2", "n3");
    d.same("MSETNX", "n4", "1", "n4", "2");
    d.same("GET", "n4");
    d.same("MSETNX", "n5", "1", "n6");
    d.same("MSETNX", "n5");
    d.same("SET", "t", "v", "EX", "100");
    d.same("MSET", "t", "w");
    sameExpiry("t", 1000);
    d.same("MSET", "list", "now string");
    d.same("MGET", "list");
    d.same(bytes("MSET"), bytes("\u0000"), bytes("\r\n"), bytes("\u00ff"), bytes(""));
    d.same(bytes("MGET"), bytes("\u0000"), bytes("\u00ff"));
  }

  @Test
  void appendStrlen() throws Exception {
    d.same("APPEND", "k", "hello");
    d.same("APPEND", "k", " world");
    d.same("APPEND", "k", "");
    d.same("GET", "k");
    d.same("STRLEN", "k");
    d.same("STRLEN", "missing");
    d.same("APPEND", "e", "");
    d.same("GET", "e");
    d.same("STRLEN", "e");
    d.same("SET", "n", "12");
    d.same("APPEND", "n", "34");
    d.same("INCR", "n");
    d.same("SET", "t", "v", "EX", "100");
    d.same("APPEND", "t", "w");
    sameExpiry("t", 1000);
    wrongType("list");
    d.same("APPEND", "list", "x");
    d.same("STRLEN", "list");
    d.same(bytes("APPEND"), bytes("b"), bytes("\u0000\r\n"));
    d.same(bytes("APPEND"), bytes("b"), bytes("\u00ff"));
    d.same("GET", "b");
    d.same("STRLEN", "b");
    d.same("APPEND", "k");
    d.same("STRLEN");
  }

  @Test
  void getrangeAndSubstr() throws Exception {
    d.same("SET", "k", "Hello World");
    String[][] ranges = {
      {"0", "4"}, {"0", "-1"}, {"-5", "-1"}, {"-1", "-5"}, {"5", "3"}, {"-100", "100"},
      {"0", "0"}, {"10", "10"}, {"11", "11"}, {"11", "20"}, {"-1", "-1"}, {"-11", "-11"},
      {"-12", "-12"}, {"3", "-3"}, {"-3", "3"}, {"9223372036854775807", "9223372036854775807"},
      {"-9223372036854775808", "-9223372036854775808"}, {"-9223372036854775808", "9223372036854775807"},
      {"0", "-100"}, {"-100", "-50"}, {"-50", "-100"},
    };
    for (String[] range : ranges) {
      d.same("GETRANGE", "k", range[0], range[1]);
      d.same("SUBSTR", "k", range[0], range[1]);
      d.same("GETRANGE", "missing", range[0], range[1]);
    }
    d.same("SET", "e", "");
    d.same("GETRANGE", "e", "0", "-1");
    d.same("GETRANGE", "e", "0", "0");
    d.same("GETRANGE", "e", "-1", "0");
    d.same("GETRANGE", "k", "a", "1");
    d.same("GETRANGE", "k", "1", "b");
    d.same("GETRANGE", "k", "1");
    d.same("GETRANGE", "k", "9223372036854775808", "1");
    d.same("SET", "n", "-12345");
    d.same("GETRANGE", "n", "1", "2");
    wrongType("list");
    d.same("GETRANGE", "list", "0", "1");
    d.same("GETRANGE", "list", "x", "1");
    d.same(bytes("SET"), bytes("b"), bytes("a\u0000b\r\nc"));
    d.same("GETRANGE", "b", "1", "4");
  }

  @Test
  void setrange() throws Exception {
    d.same("SETRANGE", "k", "0", "Hello");
    d.same("SETRANGE", "k", "6", "World");
    d.same("GET", "k");
    d.same("SETRANGE", "k", "1", "EL");
    d.same("GET", "k");
    d.same("SETRANGE", "k", "20", "!");
    d.same("GET", "k");
    d.same("SETRANGE", "k", "0", "");
    d.same("SETRANGE", "k", "100", "");
    d.same("STRLEN", "k");
    d.same("SETRANGE", "missing", "10", "");
    d.same("GET", "missing");
    d.same("SETRANGE", "missing", "0", "");
    d.same("SETRANGE", "new", "3", "x");
    d.same("GET", "new");
    d.same("SETRANGE", "k", "-1", "x");
    d.same("SETRANGE", "k", "-1", "");
    d.same("SETRANGE", "k", "x", "x");
    d.same("SETRANGE", "k", "536870911", "");
    d.same("SETRANGE", "k", "536870912", "x");
    d.same("SETRANGE", "k", "536870911", "xy");
    d.same("SETRANGE", "missing2", "536870912", "x");
    d.same("SETRANGE", "k", "9223372036854775807", "x");
    d.same("SETRANGE", "k", "9223372036854775808", "x");
    d.same("SET", "t", "abc", "EX", "100");
    d.same("SETRANGE", "t", "1", "X");
    sameExpiry("t", 1000);
    d.same("SETRANGE", "t", "5", "Y");
    sameExpiry("t", 1000);
    d.same("GET", "t");
    d.same("SET", "n", "100");
    d.same("SETRANGE", "n", "1", "9");
    d.same("INCR", "n");
    wrongType("list");
    d.same("SETRANGE", "list", "0", "x");
    d.same("SETRANGE", "list", "0", "");
    d.same("SETRANGE", "list", "-1", "x");
    d.same(bytes("SETRANGE"), bytes("b"), bytes("2"), bytes("\u0000\r\n\u00ff"));
    d.same("GET", "b");
  }
}
