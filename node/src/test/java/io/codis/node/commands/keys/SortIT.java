package io.codis.node.commands.keys;

import static io.codis.node.commands.keys.Fixtures.sameValue;
import static io.codis.node.commands.keys.Fixtures.seedHash;
import static io.codis.node.commands.keys.Fixtures.seedList;
import static io.codis.node.commands.keys.Fixtures.seedSet;
import static io.codis.node.commands.keys.Fixtures.seedZSet;

import io.codis.node.testing.DifferentialTestBase;
import org.junit.jupiter.api.Test;

/** SORT and SORT_RO against redis-server. */
class SortIT extends DifferentialTestBase {

  private void seedNumbers() throws Exception {
    seedList(d, "list", "3", "1", "2", "10", "-1.5", "1e2", "0x10", "  7", "2");
    seedSet(d, "set", "5", "3", "-2", "4.5", "100");
    seedZSet(d, "zset", "3", "a", "1", "b", "2", "c", "2", "d", "-inf", "e");
  }

  @Test
  void numericAndAlpha() throws Exception {
    seedNumbers();
    for (String key : new String[] {"list", "set"}) {
      d.same("SORT", key);
      d.same("SORT", key, "DESC");
      d.same("SORT", key, "ASC", "DESC", "ASC");
      d.same("SORT", key, "ALPHA");
      d.same("SORT", key, "ALPHA", "DESC");
      d.same("SORT_RO", key);
      d.same("SORT_RO", key, "alpha", "desc");
    }
    d.same("SORT", "zset", "ALPHA");
    d.same("SORT", "zset", "ALPHA", "DESC");
    d.same("SORT", "zset"); // members are not numbers
    d.same("SORT", "nokey");
    d.same("SORT", "nokey", "ALPHA", "LIMIT", "0", "1");
  }

  @Test
  void limit() throws Exception {
    seedNumbers();
    String[][] limits = {{"0", "3"}, {"2", "2"}, {"-5", "2"}, {"1", "-1"}, {"8", "5"}, {"100", "1"},
        {"0", "0"}, {"3", "9223372036854775807"}, {"-9223372036854775808", "1"}};
    for (String[] l : limits) {
      d.same("SORT", "list", "LIMIT", l[0], l[1]);
      d.same("SORT", "list", "LIMIT", l[0], l[1], "DESC");
      d.same("SORT", "set", "LIMIT", l[0], l[1], "ALPHA");
      d.same("SORT", "zset", "BY", "nosort", "LIMIT", l[0], l[1]);
      d.same("SORT", "zset", "BY", "nosort", "LIMIT", l[0], l[1], "DESC");
      d.same("SORT", "list", "BY", "nosort", "LIMIT", l[0], l[1]);
      d.same("SORT", "list", "BY", "nosort", "LIMIT", l[0], l[1], "DESC");
    }
    d.same("SORT", "list", "LIMIT", "a", "1");
    d.same("SORT", "list", "LIMIT", "1");
    d.same("SORT", "list", "LIMIT", "1", "1.5");
  }

  @Test
  void byAndGetPatterns() throws Exception {
    seedList(d, "ids", "1", "2", "3", "4");
    d.same("SET", "w_1", "40");
    d.same("SET", "w_2", "10");
    d.same("SET", "w_3", "30");
    // w_4 missing: weight 0
    d.same("SET", "name_1", "one");
    d.same("SET", "name_2", "two");
    d.same("SET", "name_4", "four");
    seedHash(d, "h_1", "f", "hf1", "w", "3");
    seedHash(d, "h_2", "f", "hf2", "w", "1");
    seedHash(d, "h_3", "w", "2");
    seedList(d, "name_3", "wrong-type");
    d.same("SORT", "ids", "BY", "w_*");
    d.same("SORT", "ids", "BY", "w_*", "DESC");
    d.same("SORT", "ids", "BY", "w_*", "GET", "name_*");
    d.same("SORT", "ids", "BY", "w_*", "GET", "#", "GET", "name_*", "GET", "h_*->f");
    d.same("SORT", "ids", "BY", "h_*->w");
    d.same("SORT", "ids", "BY", "h_*->w", "GET", "h_*->f", "GET", "h_*->missing");
    d.same("SORT", "ids", "BY", "nosort", "GET", "#");
    d.same("SORT", "ids", "BY", "nosort", "DESC");
    d.same("SORT", "ids", "GET", "nostar");
    d.same("SORT", "ids", "GET", "name_*->");
    d.same("SORT", "ids", "GET", "h_*->f", "LIMIT", "1", "2");
    d.same("SORT", "ids", "BY", "name_*", "ALPHA");
    d.same("SORT", "ids", "BY", "w_*", "ALPHA", "DESC");
    d.same("SORT", "ids", "BY", "name_*"); // weights that are not numbers
    d.same("SORT", "ids", "BY", "w_*->x"); // w_ strings are not hashes: weight 0 for all
    d.same("SORT_RO", "ids", "BY", "w_*", "GET", "name_*", "GET", "#");
    d.same("SORT", "ids", "GET");
    d.same("SORT", "ids", "BY");
  }

  @Test
  void store() throws Exception {
    seedNumbers();
    d.same("SET", "w_3", "1");
    d.same("SORT", "list", "STORE", "out");
    sameValue(d, "out");
    d.same("SORT", "set", "DESC", "STORE", "out");
    sameValue(d, "out");
    d.same("SORT", "set", "BY", "nosort", "STORE", "out2"); // a set is sorted when stored
    sameValue(d, "out2");
    d.same("SORT", "list", "GET", "#", "GET", "w_*", "STORE", "out3");
    sameValue(d, "out3");
    d.same("EXPIRE", "out3", "100");
    d.same("SORT", "zset", "BY", "nosort", "STORE", "out3");
    d.same("TTL", "out3");
    sameValue(d, "out3");
    d.same("SORT", "nokey", "STORE", "out3"); // empty result deletes the destination
    d.same("EXISTS", "out3");
    d.same("SORT", "list", "STORE", "a", "STORE", "b");
    d.same("EXISTS", "a", "b");
    d.same("SORT", "list", "STORE", "list");
    sameValue(d, "list");
    d.same("SORT_RO", "set", "STORE", "x");
    d.same("SORT", "list", "STORE");
    d.same("SORT", "zset", "STORE", "y"); // conversion error: nothing stored
    d.same("EXISTS", "y");
  }

  /**
   * Redis's SORT tests {@code errno == ERANGE} after strtod without clearing errno first, so after an
   * out-of-range weight every numeric SORT fails until some system call overwrites errno. A new
   * connection does (accept runs until EAGAIN), so the reference is reset after each case.
   */
  private void resetReferenceErrno() throws Exception {
    try (var fresh = new io.codis.node.testing.RespClient(redis.port())) {
      fresh.call("PING");
    }
  }

  @Test
  void errors() throws Exception {
    d.same("SET", "str", "x");
    seedHash(d, "hash", "f", "v");
    seedList(d, "bad", "1", "abc", "2");
    seedList(d, "special", "nan", "inf", "-inf", "", "1 ", " 1", "+1", "-0", "0x1p3");
    d.same("SORT", "str");
    d.same("SORT", "hash");
    d.same("SORT", "str", "BOGUS");
    d.same("SORT", "str", "LIMIT", "x", "y");
    d.same("SORT", "bad");
    d.same("SORT", "bad", "ALPHA");
    d.same("SORT", "special");
    for (String element : new String[] {"nan", "inf", "-inf", "", "1 ", " 1", "+1", "-0", "0x1p3", "0x",
        "1e", "1.", ".5", "+.5e1", "infinity", "-Infinity", "0x1.8", "1_0", "1d", "0X1P-2", "   ",
        "1e400", "-1e400", "1e-400", "1e-310"}) {
      d.same("DEL", "one");
      seedList(d, "one", element, "5");
      d.same("SORT", "one");
      resetReferenceErrno();
    }
    d.same("SORT");
    d.same("SORT_RO");
  }
}
