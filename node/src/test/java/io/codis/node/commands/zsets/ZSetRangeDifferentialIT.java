package io.codis.node.commands.zsets;

import io.codis.node.testing.DifferentialTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ZRANGE in all its forms, ZRANGESTORE and ZREMRANGEBY* against redis-server. */
class ZSetRangeDifferentialIT extends DifferentialTestBase {
  private void fill() throws Exception {
    d.same("ZADD", "z", "1", "a", "2", "b", "2", "c", "3", "d", "-inf", "lo", "inf", "hi", "2", "bb",
        "0.5", "x");
  }

  @Test
  void byRank() throws Exception {
    fill();
    String[][] ranks = {
        {"0", "-1"}, {"0", "0"}, {"-1", "-1"}, {"-3", "-2"}, {"2", "1"}, {"5", "100"}, {"100", "200"},
        {"-100", "2"}, {"-100", "-50"}, {"0", "9223372036854775807"}, {"-9223372036854775808", "0"},
        {"1.5", "2"}, {"a", "2"}, {"", "1"},
    };
    for (String[] r : ranks) {
      d.same("ZRANGE", "z", r[0], r[1]);
      d.same("ZRANGE", "z", r[0], r[1], "WITHSCORES");
      d.same("ZRANGE", "z", r[0], r[1], "REV", "withscores");
      d.same("ZREVRANGE", "z", r[0], r[1]);
      d.same("ZREVRANGE", "z", r[0], r[1], "WITHSCORES");
    }
    d.same("ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1");
    d.same("ZRANGE", "z", "0", "-1", "LIMIT", "0", "2");
    d.same("ZRANGE", "z", "0", "-1", "LIMIT", "0");
    d.same("ZRANGE", "z", "0", "-1", "BOGUS");
    d.same("ZREVRANGE", "z", "0", "-1", "REV");
    d.same("ZREVRANGE", "z", "0", "-1", "BYSCORE");
    d.same("ZRANGE", "z", "0", "-1", "WITHSCORES", "WITHSCORES", "REV", "REV");
  }

  @Test
  void byScore() throws Exception {
    fill();
    String[][] ranges = {
        {"-inf", "+inf"}, {"1", "2"}, {"(1", "2"}, {"(1", "(2"}, {"2", "1"}, {"(2", "2"}, {"2", "2"},
        {"-inf", "(-inf"}, {"inf", "inf"}, {"(0.5", "inf"}, {"", "3"}, {" 2", "3"}, {"x", "1"},
        {"1", "(x"}, {"nan", "1"},
    };
    String[][] limits = {{}, {"LIMIT", "0", "2"}, {"LIMIT", "1", "-1"}, {"LIMIT", "2", "0"},
        {"LIMIT", "-1", "2"}, {"LIMIT", "0", "-5"}, {"LIMIT", "100", "1"}, {"LIMIT", "3", "2"},
        {"LIMIT", "1", "x"}, {"LIMIT", "1"}};
    for (String[] r : ranges) {
      for (String[] limit : limits) {
        d.same(cat(new String[] {"ZRANGEBYSCORE", "z", r[0], r[1]}, limit));
        d.same(cat(new String[] {"ZRANGEBYSCORE", "z", r[0], r[1], "WITHSCORES"}, limit));
        d.same(cat(new String[] {"ZREVRANGEBYSCORE", "z", r[1], r[0], "WITHSCORES"}, limit));
        d.same(cat(new String[] {"ZRANGE", "z", r[0], r[1], "BYSCORE"}, limit));
        d.same(cat(new String[] {"ZRANGE", "z", r[1], r[0], "BYSCORE", "REV", "WITHSCORES"}, limit));
      }
    }
    d.same("ZRANGEBYSCORE", "z", "0", "1", "BYSCORE");
    d.same("ZRANGEBYSCORE", "z", "0", "1", "REV");
    d.same("ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX");
    d.same("ZRANGE", "z", "0", "1", "BYLEX", "BYSCORE");
  }

  @Test
  void byLex() throws Exception {
    d.same("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "ee", "0", "", "0", "\u00ff");
    String[][] ranges = {
        {"-", "+"}, {"[a", "[c"}, {"(a", "(c"}, {"[b", "+"}, {"-", "(b"}, {"+", "-"}, {"-", "-"},
        {"[c", "[a"}, {"a", "c"}, {"[", "[a"}, {"(", "+"}, {"[\u00ff", "+"},
    };
    String[][] limits = {{}, {"LIMIT", "0", "2"}, {"LIMIT", "1", "-1"}, {"LIMIT", "-1", "1"},
        {"LIMIT", "2", "0"}, {"LIMIT", "10", "10"}};
    for (String[] r : ranges) {
      for (String[] limit : limits) {
        d.same(cat(new String[] {"ZRANGEBYLEX", "l", r[0], r[1]}, limit));
        d.same(cat(new String[] {"ZREVRANGEBYLEX", "l", r[1], r[0]}, limit));
        d.same(cat(new String[] {"ZRANGE", "l", r[0], r[1], "BYLEX"}, limit));
        d.same(cat(new String[] {"ZRANGE", "l", r[1], r[0], "BYLEX", "REV"}, limit));
      }
    }
    d.same("ZRANGEBYLEX", "l", "-", "+", "WITHSCORES");
    d.same("ZRANGE", "l", "-", "+", "BYLEX", "WITHSCORES");
    d.same("ZRANGE", "l", "-", "+", "BYLEX", "LIMIT", "0", "1", "WITHSCORES");
    d.same("ZRANGEBYLEX", "l", "-", "+", "BYLEX");
  }

  @Test
  void largeSetsUseTheSkipListPaths() throws Exception {
    List<String> args = new ArrayList<>(List.of("ZADD", "big"));
    for (int i = 0; i < 300; i++) {
      args.add(Integer.toString(i % 37));
      args.add("m" + i);
    }
    d.same(args.toArray(new String[0]));
    d.same("ZRANGE", "big", "100", "120", "WITHSCORES");
    d.same("ZRANGE", "big", "-120", "-100", "REV");
    d.same("ZRANGEBYSCORE", "big", "(5", "7", "LIMIT", "3", "10");
    d.same("ZREVRANGEBYSCORE", "big", "20", "(5", "WITHSCORES", "LIMIT", "50", "10");
    d.same("ZCOUNT", "big", "(5", "30");
    d.same("ZRANK", "big", "m150");
    d.same("ZREVRANK", "big", "m150");
    d.same("ZREMRANGEBYRANK", "big", "10", "20");
    d.same("ZREMRANGEBYSCORE", "big", "(30", "+inf");
    d.same("ZRANGE", "big", "0", "-1", "WITHSCORES");
    List<String> lex = new ArrayList<>(List.of("ZADD", "biglex"));
    for (int i = 0; i < 200; i++) {
      lex.add("0");
      lex.add(String.format("k%03d", i));
    }
    d.same(lex.toArray(new String[0]));
    d.same("ZRANGEBYLEX", "biglex", "[k050", "(k060");
    d.same("ZREVRANGEBYLEX", "biglex", "(k060", "[k050", "LIMIT", "2", "3");
    d.same("ZLEXCOUNT", "biglex", "(k050", "+");
    d.same("ZREMRANGEBYLEX", "biglex", "[k100", "[k150");
    d.same("ZREMRANGEBYLEX", "biglex", "[k190", "[k180");
    d.same("ZRANGE", "biglex", "0", "-1");
  }

  @Test
  void zrangestore() throws Exception {
    fill();
    d.same("ZRANGESTORE", "dst", "z", "0", "2");
    d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    d.same("ZRANGESTORE", "dst", "z", "(1", "+inf", "BYSCORE", "LIMIT", "1", "2");
    d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    d.same("ZRANGESTORE", "dst", "z", "+inf", "(1", "BYSCORE", "REV", "LIMIT", "0", "3");
    d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    d.same("ZRANGESTORE", "dst", "z", "0", "-1", "WITHSCORES");
    d.same("ZRANGESTORE", "dst", "z", "-", "+", "BYLEX", "REV");
    d.same("ZRANGESTORE", "dst", "z", "[a", "[c", "BYLEX");
    d.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    d.same("ZRANGESTORE", "z", "z", "0", "1");
    d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    // An empty result deletes the destination, whatever its type.
    d.same("SET", "str", "v");
    d.same("ZRANGESTORE", "str", "z", "5", "10");
    d.same("GET", "str");
    d.same("ZRANGESTORE", "dst", "missing", "0", "-1");
    d.same("ZCARD", "dst");
    d.same("SET", "str", "v");
    d.same("ZRANGESTORE", "str", "z", "0", "-1");
    d.same("ZRANGE", "str", "0", "-1");
    d.same("ZRANGESTORE", "dst", "z", "0");
    d.same("ZRANGESTORE", "dst", "z", "x", "1");
  }

  @Test
  void removeRanges() throws Exception {
    fill();
    d.same("ZREMRANGEBYRANK", "z", "-2", "-1");
    d.same("ZREMRANGEBYRANK", "z", "5", "1");
    d.same("ZREMRANGEBYRANK", "z", "x", "1");
    d.same("ZREMRANGEBYSCORE", "z", "(1", "2");
    d.same("ZREMRANGEBYSCORE", "z", "x", "2");
    d.same("ZREMRANGEBYSCORE", "z", "3", "2");
    d.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    d.same("ZREMRANGEBYRANK", "z", "0", "-1");
    d.same("ZCARD", "z");
    d.same("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d");
    d.same("ZREMRANGEBYLEX", "l", "(a", "[c");
    d.same("ZREMRANGEBYLEX", "l", "a", "[c");
    d.same("ZREMRANGEBYLEX", "l", "+", "-");
    d.same("ZRANGE", "l", "0", "-1");
    d.same("ZREMRANGEBYLEX", "l", "-", "+");
    d.same("ZCARD", "l");
    d.same("ZREMRANGEBYSCORE", "missing", "-inf", "+inf");
    d.same("ZREMRANGEBYLEX", "missing", "-", "+");
  }

  private static String[] cat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
