package io.codis.node.commands.lists;

import io.codis.node.testing.DifferentialTestBase;
import org.junit.jupiter.api.Test;

/** Every non-blocking list command, with its edge cases, against a real redis-server. */
class ListDifferentialIT extends DifferentialTestBase {
  private static final String LONG_MAX = "9223372036854775807";
  private static final String LONG_MIN = "-9223372036854775808";
  private static final String TOO_BIG = "9223372036854775808";

  private void list(String key, String... elements) throws Exception {
    String[] args = new String[elements.length + 2];
    args[0] = "RPUSH";
    args[1] = key;
    System.arraycopy(elements, 0, args, 2, elements.length);
    d.same(args);
  }

  @Test
  void pushes() throws Exception {
    d.same("LPUSH", "l", "a", "b", "c");
    d.same("RPUSH", "l", "d", "e");
    d.same("LRANGE", "l", "0", "-1");
    d.same("LPUSHX", "missing", "a");
    d.same("RPUSHX", "missing", "a", "b");
    exists("missing");
    d.same("LPUSHX", "l", "x", "y");
    d.same("RPUSHX", "l", "z");
    d.same("LRANGE", "l", "0", "-1");
    d.same("LPUSH", "l", "");
    d.same("LINDEX", "l", "0");
    d.same("SET", "s", "v");
    d.same("LPUSH", "s", "a");
    d.same("RPUSH", "s", "a");
    d.same("LPUSHX", "s", "a");
    d.same("RPUSHX", "s", "a");
    d.same("LPUSH", "l");
    d.same("RPUSHX", "l");
    d.same("lPuSh", "l", "case");
  }

  @Test
  void binaryElementsAndKeys() throws Exception {
    byte[] key = {0, (byte) 0xff, '\r', '\n', 'k'};
    byte[] a = {0, 1, 2, (byte) 0x80, (byte) 0xfe, '\r', '\n'};
    byte[] b = new byte[5000];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31);
    }
    d.same(bytes("RPUSH"), key, a, b, new byte[0]);
    d.same(bytes("LRANGE"), key, bytes("0"), bytes("-1"));
    d.same(bytes("LPOS"), key, b);
    d.same(bytes("LINSERT"), key, bytes("BEFORE"), b, a);
    d.same(bytes("LREM"), key, bytes("0"), a);
    d.same(bytes("LSET"), key, bytes("-1"), b);
    d.same(bytes("LMOVE"), key, key, bytes("LEFT"), bytes("RIGHT"));
    d.same(bytes("LPOP"), key, bytes("10"));
    d.same(bytes("GET"), key);
  }

  @Test
  void pops() throws Exception {
    d.same("LPOP", "missing");
    d.same("RPOP", "missing");
    d.same("LPOP", "missing", "3");
    d.same("RPOP", "missing", "0");
    d.same("LPOP", "missing", "-1");
    d.same("LPOP", "missing", "abc");
    list("l", "a", "b", "c", "d", "e", "f");
    d.same("LPOP", "l");
    d.same("RPOP", "l");
    d.same("LPOP", "l", "0");
    d.same("LPOP", "l", "2");
    d.same("RPOP", "l", "1");
    d.same("LPOP", "l", "-1");
    d.same("LPOP", "l", "1.5");
    d.same("LPOP", "l", TOO_BIG);
    d.same("LPOP", "l", "1", "2");
    d.same("RPOP", "l", "1", "2", "3");
    d.same("LPOP");
    d.same("LLEN", "l");
    d.same("RPOP", "l", LONG_MAX);
    exists("l");
    list("l", "x");
    d.same("RPOP", "l");
    exists("l");
    list("m", "1", "2", "3");
    d.same("RPOP", "m", "10");
    d.same("SET", "s", "v");
    d.same("LPOP", "s");
    d.same("RPOP", "s", "2");
    d.same("LPOP", "s", "0");
    d.same("LPOP", "s", "-5");
  }

  @Test
  void llenAndLindex() throws Exception {
    d.same("LLEN", "missing");
    d.same("LINDEX", "missing", "0");
    d.same("LINDEX", "missing", "notanumber");
    list("l", "a", "b", "c");
    d.same("LLEN", "l");
    for (String index : new String[] {"0", "1", "2", "3", "-1", "-3", "-4", "100", LONG_MAX, LONG_MIN,
        TOO_BIG, "1.0", "", " 1", "01", "+1", "-0"}) {
      d.same("LINDEX", "l", index);
    }
    d.same("SET", "s", "v");
    d.same("LLEN", "s");
    d.same("LINDEX", "s", "0");
    d.same("LINDEX", "s", "x");
    d.same("LLEN", "l", "extra");
  }

  @Test
  void lset() throws Exception {
    d.same("LSET", "missing", "0", "x");
    d.same("LSET", "missing", "x", "x");
    list("l", "a", "b", "c");
    d.same("LSET", "l", "0", "A");
    d.same("LSET", "l", "-1", "C");
    d.same("LSET", "l", "1", "");
    d.same("LSET", "l", "3", "x");
    d.same("LSET", "l", "-4", "x");
    d.same("LSET", "l", LONG_MAX, "x");
    d.same("LSET", "l", LONG_MIN, "x");
    d.same("LSET", "l", "one", "x");
    d.same("LRANGE", "l", "0", "-1");
    d.same("SET", "s", "v");
    d.same("LSET", "s", "0", "x");
    d.same("LSET", "s", "zz", "x");
  }

  @Test
  void lrange() throws Exception {
    d.same("LRANGE", "missing", "0", "-1");
    d.same("LRANGE", "missing", "a", "-1");
    list("l", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    String[] indexes = {"0", "1", "5", "9", "10", "11", "-1", "-2", "-10", "-11", "-100", LONG_MAX,
        LONG_MIN};
    for (String start : indexes) {
      for (String stop : indexes) {
        d.same("LRANGE", "l", start, stop);
      }
    }
    d.same("LRANGE", "l", "0", TOO_BIG);
    d.same("LRANGE", "l", "x", "1");
    d.same("LRANGE", "l", "0", "1.5");
    d.same("SET", "s", "v");
    d.same("LRANGE", "s", "0", "-1");
    d.same("LRANGE", "s", "x", "-1");
  }

  @Test
  void ltrim() throws Exception {
    d.same("LTRIM", "missing", "0", "1");
    d.same("LTRIM", "missing", "x", "1");
    String[] indexes = {"0", "1", "3", "5", "6", "-1", "-2", "-6", "-7", LONG_MAX, LONG_MIN};
    for (String start : indexes) {
      for (String stop : indexes) {
        delete("l");
        list("l", "a", "b", "c", "d", "e", "f");
        d.same("LTRIM", "l", start, stop);
        d.same("LRANGE", "l", "0", "-1");
        exists("l");
      }
    }
    d.same("LTRIM", "l", "0", "y");
    d.same("SET", "s", "v");
    d.same("LTRIM", "s", "0", "1");
    d.same("LTRIM", "s", "x", "1");
  }

  @Test
  void linsert() throws Exception {
    d.same("LINSERT", "missing", "BEFORE", "a", "x");
    d.same("LINSERT", "missing", "INSIDE", "a", "x");
    list("l", "a", "b", "a", "c");
    d.same("LINSERT", "l", "BEFORE", "a", "x");
    d.same("LINSERT", "l", "after", "a", "y");
    d.same("LINSERT", "l", "AFTER", "c", "z");
    d.same("LINSERT", "l", "before", "c", "w");
    d.same("LINSERT", "l", "BEFORE", "nope", "q");
    d.same("LINSERT", "l", "MIDDLE", "a", "q");
    d.same("LRANGE", "l", "0", "-1");
    for (int i = 0; i < 40; i++) {
      d.same("LINSERT", "l", i % 2 == 0 ? "BEFORE" : "AFTER", i % 3 == 0 ? "c" : "b", "n" + i);
    }
    d.same("LRANGE", "l", "0", "-1");
    d.same("SET", "s", "v");
    d.same("LINSERT", "s", "BEFORE", "a", "x");
    d.same("LINSERT", "s", "FOO", "a", "x");
    d.same("LINSERT", "l", "BEFORE", "a");
  }

  @Test
  void lrem() throws Exception {
    d.same("LREM", "missing", "0", "a");
    d.same("LREM", "missing", "x", "a");
    String[] counts = {"0", "1", "2", "-1", "-2", "100", "-100", LONG_MAX, LONG_MIN};
    for (String count : counts) {
      delete("l");
      list("l", "a", "b", "a", "c", "a", "b", "a");
      d.same("LREM", "l", count, "a");
      d.same("LRANGE", "l", "0", "-1");
      d.same("LREM", "l", count, "b");
      d.same("LRANGE", "l", "0", "-1");
    }
    delete("l");
    list("l", "a", "a");
    d.same("LREM", "l", "0", "a");
    exists("l");
    list("l", "a");
    d.same("LREM", "l", "1", "zz");
    d.same("LREM", "l", "1.0", "a");
    d.same("SET", "s", "v");
    d.same("LREM", "s", "0", "a");
    d.same("LREM", "s", "x", "a");
  }

  @Test
  void lpos() throws Exception {
    d.same("LPOS", "missing", "a");
    d.same("LPOS", "missing", "a", "COUNT", "0");
    d.same("LPOS", "missing", "a", "RANK", "0");
    list("l", "a", "b", "c", "1", "2", "3", "c", "c", "a");
    d.same("LPOS", "l", "a");
    d.same("LPOS", "l", "c");
    d.same("LPOS", "l", "zz");
    d.same("LPOS", "l", "zz", "COUNT", "0");
    String[] ranks = {"1", "2", "3", "4", "-1", "-2", "-3", "-4", LONG_MAX, LONG_MIN, "-9223372036854775807"};
    String[] countOptions = {null, "0", "1", "2", "10"};
    String[] maxlens = {null, "0", "1", "3", "7", "100"};
    for (String rank : ranks) {
      for (String count : countOptions) {
        for (String maxlen : maxlens) {
          java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("LPOS", "l", "c"));
          args.add("RANK");
          args.add(rank);
          if (count != null) {
            args.add("COUNT");
            args.add(count);
          }
          if (maxlen != null) {
            args.add("MAXLEN");
            args.add(maxlen);
          }
          d.same(args.toArray(new String[0]));
        }
      }
    }
    d.same("LPOS", "l", "c", "RANK", "0");
    d.same("LPOS", "l", "c", "COUNT", LONG_MAX, "MAXLEN", LONG_MAX);
    d.same("LPOS", "l", "c", "RANK", "-1", "COUNT", LONG_MAX, "MAXLEN", LONG_MAX);
    d.same("LPOS", "l", "c", "COUNT", TOO_BIG);
    d.same("LPOS", "l", "c", "RANK", TOO_BIG);
    d.same("LPOS", "l", "c", "RANK", "x");
    d.same("LPOS", "l", "c", "COUNT", "-1");
    d.same("LPOS", "l", "c", "COUNT", "x");
    d.same("LPOS", "l", "c", "MAXLEN", "-1");
    d.same("LPOS", "l", "c", "MAXLEN", "y");
    d.same("LPOS", "l", "c", "RANK");
    d.same("LPOS", "l", "c", "COUNT");
    d.same("LPOS", "l", "c", "BOGUS", "1");
    d.same("LPOS", "l", "c", "rank", "2", "count", "1", "rank", "1");
    d.same("LPOS", "l", "c", "COUNT", "1", "COUNT", "0");
    d.same("LPOS", "missing", "c", "RANK", "0");
    d.same("LPOS", "missing", "c", "FOO");
    d.same("SET", "s", "v");
    d.same("LPOS", "s", "c");
    d.same("LPOS", "s", "c", "COUNT", "0");
    d.same("LPOS", "s", "c", "RANK", "0");
  }

  @Test
  void lmoveAndRpoplpush() throws Exception {
    d.same("LMOVE", "missing", "dst", "LEFT", "RIGHT");
    d.same("LMOVE", "missing", "dst", "UP", "RIGHT");
    d.same("LMOVE", "missing", "dst", "LEFT", "DOWN");
    d.same("RPOPLPUSH", "missing", "dst");
    exists("dst");
    list("src", "a", "b", "c", "d");
    for (String from : new String[] {"LEFT", "RIGHT", "left", "right"}) {
      for (String to : new String[] {"LEFT", "RIGHT"}) {
        d.same("LMOVE", "src", "dst", from, to);
        d.same("LRANGE", "dst", "0", "-1");
      }
    }
    exists("src");
    list("one", "x");
    d.same("LMOVE", "one", "one", "LEFT", "RIGHT");
    d.same("LRANGE", "one", "0", "-1");
    list("rot", "1", "2", "3");
    d.same("RPOPLPUSH", "rot", "rot");
    d.same("LMOVE", "rot", "rot", "LEFT", "RIGHT");
    d.same("LMOVE", "rot", "rot", "RIGHT", "RIGHT");
    d.same("LRANGE", "rot", "0", "-1");
    d.same("RPOPLPUSH", "rot", "other");
    d.same("LRANGE", "other", "0", "-1");
    d.same("SET", "s", "v");
    d.same("LMOVE", "s", "dst", "LEFT", "LEFT");
    d.same("LMOVE", "rot", "s", "LEFT", "LEFT");
    d.same("RPOPLPUSH", "rot", "s");
    d.same("RPOPLPUSH", "s", "rot");
    d.same("RPOPLPUSH", "missing", "s");
    d.same("LMOVE", "missing", "s", "LEFT", "LEFT");
    d.same("LRANGE", "rot", "0", "-1");
  }

  @Test
  void lmpop() throws Exception {
    d.same("LMPOP", "1", "missing", "LEFT");
    d.same("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "3");
    list("b", "1", "2", "3", "4", "5");
    d.same("LMPOP", "2", "a", "b", "LEFT");
    d.same("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "2");
    d.same("LMPOP", "2", "a", "b", "left", "count", LONG_MAX);
    exists("b");
    list("a", "x", "y");
    list("b", "z");
    d.same("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "1");
    d.same("LMPOP", "3", "c", "b", "a", "LEFT", "COUNT", "5");
    d.same("LMPOP", "0", "a", "LEFT");
    d.same("LMPOP", "-1", "a", "LEFT");
    d.same("LMPOP", "x", "a", "LEFT");
    d.same("LMPOP", "1", "a", "MIDDLE");
    d.same("LMPOP", "2", "a", "LEFT");
    d.same("LMPOP", "5", "a", "b", "LEFT");
    d.same("LMPOP", "1000000", "a", "b", "LEFT");
    d.same("LMPOP", "1", "a", "LEFT", "COUNT");
    d.same("LMPOP", "1", "a", "LEFT", "COUNT", "0");
    d.same("LMPOP", "1", "a", "LEFT", "COUNT", "-1");
    d.same("LMPOP", "1", "a", "LEFT", "COUNT", "x");
    d.same("LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "2");
    d.same("LMPOP", "1", "a", "LEFT", "EXTRA");
    d.same("LMPOP", "1", "a");
    d.same("SET", "s", "v");
    list("z", "1");
    d.same("LMPOP", "2", "s", "z", "LEFT");
    d.same("LMPOP", "2", "z", "s", "LEFT");
    d.same("LMPOP", "2", "missing", "s", "LEFT");
  }

  @Test
  void largeListsAtBothEnds() throws Exception {
    // Enough elements to grow and shrink the ring several times, wrapping around its end.
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 300; i++) {
        d.same(i % 3 == 0 ? "LPUSH" : "RPUSH", "big", "e" + round + "-" + i);
      }
      d.same("LINDEX", "big", "150");
      d.same("LRANGE", "big", "-20", "-1");
      d.same("LTRIM", "big", "7", "-9");
      d.same("LREM", "big", "-3", "e" + round + "-5");
      d.same("LINSERT", "big", "AFTER", "e" + round + "-200", "mid");
      d.same("LPOP", "big", "100");
      d.same("RPOP", "big", "50");
      d.same("LRANGE", "big", "0", "-1");
    }
  }

  /** Whether the key exists, without EXISTS: GET answers nil for a missing key, WRONGTYPE for a list. */
  private void exists(String key) throws Exception {
    d.same("GET", key);
  }

  /** Deletes a list, without DEL (an empty range trims it away). */
  private void delete(String key) throws Exception {
    d.same("LTRIM", key, "1", "0");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
