package io.codis.node.commands.strings;

import org.junit.jupiter.api.Test;

/** GET, SET with every option, SETNX SETEX PSETEX GETSET GETDEL GETEX, against redis-server. */
class SetGetIT extends StringsTestBase {

  @Test
  void getAndPlainSet() throws Exception {
    d.same("GET", "missing");
    d.same("SET", "k", "v");
    d.same("GET", "k");
    d.same("SET", "k", "");
    d.same("GET", "k");
    d.same("GET");
    d.same("GET", "a", "b");
    d.same("SET", "k");
    d.same(bytes("SET"), bytes("bin\u0000\r\nkey"), bytes("v\u0000\r\n\u00ff\u0001"));
    d.same(bytes("GET"), bytes("bin\u0000\r\nkey"));
    wrongType("list");
    d.same("GET", "list");
    d.same("SET", "list", "now a string");
    d.same("GET", "list");
  }

  @Test
  void setConditions() throws Exception {
    d.same("SET", "k", "1", "NX");
    d.same("SET", "k", "2", "NX");
    d.same("GET", "k");
    d.same("SET", "k", "3", "XX");
    d.same("SET", "missing", "3", "XX");
    d.same("GET", "missing");
    d.same("SET", "k", "4", "nx", "nx");
    d.same("SET", "k", "4", "xx", "XX");
    d.same("SET", "k", "4", "NX", "XX");
    d.same("SET", "k", "4", "XX", "NX");
    d.same("SET", "k", "5", "GET");
    d.same("SET", "k", "6", "GET", "GET");
    d.same("SET", "new", "6", "GET");
    d.same("SET", "k", "7", "NX", "GET");
    d.same("SET", "k2", "7", "NX", "GET");
    d.same("SET", "k2", "8", "XX", "GET");
    d.same("SET", "none", "8", "XX", "GET");
    d.same("GET", "none");
    d.same("MGET", "k", "k2", "new");
    wrongType("list");
    d.same("SET", "list", "v", "GET");
    d.same("SET", "list", "v", "NX");
    d.same("SET", "list", "v", "NX", "GET");
    d.same("SET", "list", "v", "XX", "GET");
    d.same("SET", "list", "v", "XX");
    d.same("GET", "list");
  }

  @Test
  void setSyntaxAndExpireErrors() throws Exception {
    d.same("SET", "k", "v", "EX");
    d.same("SET", "k", "v", "EX", "abc");
    d.same("SET", "k", "v", "EX", "0");
    d.same("SET", "k", "v", "EX", "-1");
    d.same("SET", "k", "v", "PX", "0");
    d.same("SET", "k", "v", "PX", "-5");
    d.same("SET", "k", "v", "EXAT", "0");
    d.same("SET", "k", "v", "PXAT", "-1");
    d.same("SET", "k", "v", "EX", "9223372036854775807");
    d.same("SET", "k", "v", "EX", "9223372036854776");
    d.same("SET", "k", "v", "PX", "9223372036854775807");
    d.same("SET", "k", "v", "EX", "1.5");
    d.same("SET", "k", "v", "EX", " 1");
    d.same("SET", "k", "v", "EX", "9223372036854775808");
    d.same("SET", "k", "v", "EX", "10", "PX", "100");
    d.same("SET", "k", "v", "EX", "10", "EXAT", "100");
    d.same("SET", "k", "v", "PXAT", "10", "PX", "100");
    d.same("SET", "k", "v", "EX", "10", "KEEPTTL");
    d.same("SET", "k", "v", "KEEPTTL", "EX", "10");
    d.same("SET", "k", "v", "KEEPTTL", "PXAT", "10");
    d.same("SET", "k", "v", "PERSIST");
    d.same("SET", "k", "v", "FOO");
    d.same("SET", "k", "v", "NX", "FOO");
    d.same("SET", "k", "v", "NXX");
    d.same("SET", "k", "v", "EX", "10", "EX", "20");
    d.same("SET", "k", "v", "KEEPTTL", "KEEPTTL");
    d.same("GET", "k");
    // An invalid expire wins over GET's WRONGTYPE (the expire is checked first).
    wrongType("list");
    d.same("SET", "list", "v", "GET", "EX", "0");
    d.same("SET", "list", "v", "GET", "EX", "10");
    // C-string options: Redis reads the option up to its first NUL.
    d.same(bytes("SET"), bytes("c"), bytes("v"), bytes("nx\u0000junk"));
    d.same(bytes("SET"), bytes("c"), bytes("w"), bytes("get\u0000junk"));
    d.same(bytes("SET"), bytes("c"), bytes("w"), bytes("ex\u0000"), bytes("100"));
  }

  @Test
  void setExpiryIsAbsoluteAndKeptOnlyWithKeepttl() throws Exception {
    long now = System.currentTimeMillis();
    d.same("SET", "ex", "v", "EX", "100");
    sameExpiry("ex", 1000);
    d.same("SET", "px", "v", "PX", "100000");
    sameExpiry("px", 1000);
    d.same("SET", "exat", "v", "EXAT", Long.toString(now / 1000 + 1000));
    sameExpiry("exat", 0);
    d.same("SET", "pxat", "v", "PXAT", Long.toString(now + 1_000_000));
    sameExpiry("pxat", 0);
    d.same("SET", "pxat", "v2", "KEEPTTL");
    sameExpiry("pxat", 0);
    d.same("SET", "pxat", "v3", "KEEPTTL", "GET");
    sameExpiry("pxat", 0);
    d.same("SET", "pxat", "v4", "XX", "KEEPTTL");
    sameExpiry("pxat", 0);
    d.same("SET", "pxat", "v5");
    sameExpiry("pxat", 0);
    d.same("SET", "exat", "v", "NX", "EX", "5");
    sameExpiry("exat", 0);
    d.same("SET", "far", "v", "PXAT", "9223372036854775807");
    sameExpiry("far", 0);
    d.same("SET", "far", "v", "EXAT", "9223372036854775");
    sameExpiry("far", 0);
    d.same("GET", "far");
    d.same("SET", "keep-missing", "v", "KEEPTTL");
    sameExpiry("keep-missing", 0);
  }

  @Test
  void expiryInThePastAndShortExpiries() throws Exception {
    d.same("SET", "k", "old");
    d.same("SET", "k", "v", "PXAT", "1");
    d.same("GET", "k");
    d.same("SET", "k", "v", "EXAT", "1", "GET");
    d.same("GET", "k");
    d.same("SET", "short", "v", "PX", "150");
    d.same("SET", "short2", "v", "PX", "150");
    d.same("SET", "short2", "w", "KEEPTTL");
    d.same("SET", "short3", "v", "PX", "150");
    d.same("SET", "short3", "w");
    d.same("PSETEX", "short4", "150", "v");
    d.same("SET", "short5", "v", "PX", "150");
    d.same("GETEX", "short5", "PERSIST");
    d.same("MGET", "short", "short2", "short3", "short4", "short5");
    Thread.sleep(400);
    d.same("MGET", "short", "short2", "short3", "short4", "short5");
    d.same("SET", "short", "again", "NX");
    d.same("GET", "short");
  }

  @Test
  void setnxSetexPsetex() throws Exception {
    d.same("SETNX", "k", "1");
    d.same("SETNX", "k", "2");
    d.same("GET", "k");
    d.same("SETNX", "k");
    wrongType("list");
    d.same("SETNX", "list", "x");
    d.same("SETEX", "k", "100", "v");
    sameExpiry("k", 1000);
    d.same("GET", "k");
    d.same("SETEX", "k", "0", "v");
    d.same("SETEX", "k", "-10", "v");
    d.same("SETEX", "k", "x", "v");
    d.same("SETEX", "k", "9223372036854775807", "v");
    d.same("SETEX", "k", "10");
    d.same("SETEX", "list", "10", "v");
    d.same("GET", "list");
    d.same("PSETEX", "p", "100000", "v");
    sameExpiry("p", 1000);
    d.same("PSETEX", "p", "0", "v");
    d.same("PSETEX", "p", "-1", "v");
    d.same("PSETEX", "p", "1e3", "v");
    d.same("PSETEX", "p", "9223372036854775807", "v");
    d.same("GET", "p");
  }

  @Test
  void getsetGetdel() throws Exception {
    d.same("GETSET", "k", "1");
    d.same("GETSET", "k", "2");
    d.same("GET", "k");
    d.same("SET", "t", "v", "EX", "100");
    d.same("GETSET", "t", "w");
    sameExpiry("t", 1000);
    wrongType("list");
    d.same("GETSET", "list", "x");
    d.same("GETDEL", "list");
    d.same("GETDEL", "k");
    d.same("GETDEL", "k");
    d.same("GET", "k");
    d.same("GETDEL", "missing");
    d.same("GETDEL");
    d.same("GETSET", "k");
    d.same(bytes("GETSET"), bytes("b"), bytes("\u0000\u0001\r\n"));
    d.same(bytes("GETDEL"), bytes("b"));
  }

  @Test
  void getex() throws Exception {
    d.same("GETEX", "missing");
    d.same("GETEX", "missing", "EX", "0");
    d.same("GETEX", "missing", "EX", "abc");
    d.same("GETEX", "missing", "FOO");
    d.same("GETEX", "missing", "EX");
    d.same("SET", "k", "v");
    d.same("GETEX", "k");
    d.same("GETEX", "k", "EX", "100");
    sameExpiry("k", 1000);
    d.same("GETEX", "k", "PX", "200000");
    sameExpiry("k", 1000);
    long now = System.currentTimeMillis();
    d.same("GETEX", "k", "EXAT", Long.toString(now / 1000 + 500));
    sameExpiry("k", 0);
    d.same("GETEX", "k", "PXAT", Long.toString(now + 600_000));
    sameExpiry("k", 0);
    d.same("GETEX", "k");
    sameExpiry("k", 0);
    d.same("GETEX", "k", "PERSIST");
    sameExpiry("k", 0);
    d.same("GETEX", "k", "PERSIST");
    d.same("GETEX", "k", "EX", "0");
    d.same("GETEX", "k", "PX", "-1");
    d.same("GETEX", "k", "EX", "9223372036854775807");
    d.same("GETEX", "k", "EX", "1", "PX", "1");
    d.same("GETEX", "k", "PERSIST", "EX", "1");
    d.same("GETEX", "k", "EX", "1", "PERSIST");
    d.same("GETEX", "k", "KEEPTTL");
    d.same("GETEX", "k", "NX");
    d.same("GETEX", "k", "GET");
    d.same("GETEX", "k", "EX", "10", "EX", "20");
    sameExpiry("k", 1000);
    d.same("GETEX", "k", "PXAT", "1");
    d.same("GET", "k");
    d.same("SET", "k", "v");
    d.same("GETEX", "k", "EXAT", "1");
    d.same("GET", "k");
    wrongType("list");
    d.same("GETEX", "list");
    d.same("GETEX", "list", "EX", "0");
    d.same("GETEX", "list", "BAD");
    d.same("GETEX");
  }
}
