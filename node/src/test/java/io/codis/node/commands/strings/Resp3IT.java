package io.codis.node.commands.strings;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The string commands' replies in RESP3: nulls, the LCS IDX map, floats still as bulk strings. */
class Resp3IT extends StringsTestBase {

  @BeforeAll
  void switchToResp3() throws Exception {
    resp3();
  }

  @Test
  void nullsAndMaps() throws Exception {
    d.same("GET", "missing");
    d.same("SET", "k", "v");
    d.same("SET", "k", "w", "NX");
    d.same("SET", "missing", "w", "XX");
    d.same("SET", "new", "w", "GET");
    d.same("SET", "k", "x", "NX", "GET");
    d.same("GETDEL", "missing");
    d.same("GETEX", "missing");
    d.same("GETSET", "missing2", "v");
    d.same("MGET", "k", "missing", "new");
    d.same("MSETNX", "k", "v");
    d.same("INCRBYFLOAT", "f", "1.5");
    d.same("INCR", "n");
    d.same("BITFIELD", "b", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "7", "GET", "u2", "0");
    d.same("BITFIELD_RO", "b", "GET", "i3", "0");
    d.same("MSET", "a", "ohmytext", "c", "mynewtext");
    d.same("LCS", "a", "c");
    d.same("LCS", "a", "c", "LEN");
    d.same("LCS", "a", "c", "IDX");
    d.same("LCS", "a", "c", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN");
    d.same("LCS", "a", "missing", "IDX");
    d.same("GETRANGE", "missing", "0", "-1");
    d.same("BITPOS", "a", "1");
    d.same("SET", "k", "v", "FOO");
  }
}
