package io.codis.node.commands.strings;

import org.junit.jupiter.api.Test;

/** INCR DECR INCRBY DECRBY INCRBYFLOAT against redis-server. */
class CountersIT extends StringsTestBase {

  @Test
  void incrDecr() throws Exception {
    d.same("INCR", "k");
    d.same("INCR", "k");
    d.same("DECR", "k");
    d.same("DECR", "k");
    d.same("DECR", "k");
    d.same("GET", "k");
    d.same("DECR", "fresh");
    for (int i = 0; i < 12; i++) {
      d.same("INCR", "grow"); // 9 -> 10 changes the length of the digits
    }
    d.same("SET", "down", "10");
    d.same("DECR", "down");
    d.same("DECR", "down");
    d.same("SET", "neg", "-10");
    d.same("INCR", "neg");
    d.same("GET", "neg");
    d.same("SET", "neg", "-1");
    d.same("INCR", "neg");
    d.same("INCR", "neg");
    d.same("GET", "neg");
  }

  @Test
  void integerRulesOfTheStoredValue() throws Exception {
    String[] values = {
      "", " 1", "1 ", "+1", "01", "-0", "0", "-", "1.0", "1e3", "abc", "0x10",
      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
      "99999999999999999999", "00", "\u00001", "1\u0000",
    };
    for (String value : values) {
      d.same(bytes("SET"), bytes("v"), bytes(value));
      d.same("INCR", "v");
      d.same(bytes("SET"), bytes("v"), bytes(value));
      d.same("DECR", "v");
      d.same("GET", "v");
    }
  }

  @Test
  void overflowAtTheLimits() throws Exception {
    d.same("SET", "max", "9223372036854775807");
    d.same("INCR", "max");
    d.same("INCRBY", "max", "1");
    d.same("INCRBY", "max", "0");
    d.same("DECRBY", "max", "-1");
    d.same("INCRBY", "max", "-9223372036854775808");
    d.same("GET", "max");
    d.same("SET", "min", "-9223372036854775808");
    d.same("DECR", "min");
    d.same("DECRBY", "min", "1");
    d.same("INCRBY", "min", "-1");
    d.same("INCRBY", "min", "9223372036854775807");
    d.same("GET", "min");
    d.same("SET", "m", "-9223372036854775807");
    d.same("DECR", "m");
    d.same("GET", "m");
    d.same("DECR", "m");
    d.same("DECRBY", "z", "-9223372036854775808");
    d.same("DECRBY", "z", "9223372036854775807");
    d.same("DECRBY", "z", "1");
    d.same("INCRBY", "y", "-9223372036854775808");
    d.same("INCRBY", "y", "9223372036854775807");
    d.same("INCRBY", "y", "9223372036854775807");
  }

  @Test
  void incrbyDecrbyArguments() throws Exception {
    d.same("INCRBY", "k", "10");
    d.same("INCRBY", "k", "-25");
    d.same("DECRBY", "k", "-5");
    d.same("DECRBY", "k", "100");
    d.same("INCRBY", "k", "1.5");
    d.same("INCRBY", "k", "");
    d.same("INCRBY", "k", "+1");
    d.same("INCRBY", "k", "9223372036854775808");
    d.same("DECRBY", "k", "x");
    d.same("INCRBY", "k");
    d.same("INCR", "k", "1");
    d.same("DECR");
    wrongType("list");
    d.same("INCR", "list");
    d.same("DECR", "list");
    d.same("INCRBY", "list", "1");
    d.same("INCRBY", "list", "x");
    d.same("DECRBY", "list", "-9223372036854775808");
    d.same("DECRBY", "list", "1");
    d.same("SET", "t", "5", "EX", "100");
    d.same("INCR", "t");
    sameExpiry("t", 1000);
    d.same("INCRBY", "t", "100");
    sameExpiry("t", 1000);
    d.same("GET", "t");
  }

  @Test
  void incrbyfloat() throws Exception {
    d.same("SET", "f", "10.5");
    d.same("INCRBYFLOAT", "f", "0.1");
    d.same("INCRBYFLOAT", "f", "-5");
    d.same("INCRBYFLOAT", "f", "1e20");
    d.same("INCRBYFLOAT", "f", "-1e20");
    d.same("GET", "f");
    d.same("INCRBYFLOAT", "new", "3.0");
    d.same("INCRBYFLOAT", "new", "1.5e3");
    d.same("INCRBYFLOAT", "new", "-1500.5");
    d.same("INCRBYFLOAT", "new", "-3");
    d.same("GET", "new");
    String[] increments = {
      "0.1", "0.2", "0.3", "1e-17", "1e-18", "5e-18", "0.000003814697265625", "0.000011444091796875",
      "1.7976931348623157e308", "1e400", "-1e400", "1e4932", "1e-4950", "3.3", "-0", "+2", "2.",
      ".5", "0x10", "0X1P-2", "0x.8", "0x1.8p1", "1E5", "1e+5", "1e-5", "123456789012345678901234567890",
      "0.1e1", "00012", "-.5", "9007199254740993", "18446744073709551615", "1.0000000000000000001",
    };
    for (String increment : increments) {
      d.same("SET", "x", "1.1");
      d.same("INCRBYFLOAT", "x", increment);
      d.same("INCRBYFLOAT", "x", increment);
      d.same("INCRBYFLOAT", "acc", increment);
    }
    d.same("GET", "acc");
  }

  @Test
  void incrbyfloatRefusals() throws Exception {
    String[] bad = {
      "", " 1", "1 ", "abc", "1e", "1e+", "e5", ".", "-", "+", "0x", "0xg", "0x1p", "nan", "-nan",
      "NaN", "1e5000", "-1e5000", "1e-5000", "1.2.3", "1d", "1f", "infin", "1_000", "\u00001", "1\u00002",
      "0x1p99999", "1e99999999999999999999",
    };
    d.same("SET", "x", "1");
    for (String increment : bad) {
      d.same(bytes("INCRBYFLOAT"), bytes("x"), bytes(increment));
      d.same(bytes("SET"), bytes("y"), bytes(increment));
      d.same("INCRBYFLOAT", "y", "1");
    }
    String[] infinite = {"inf", "-inf", "+inf", "infinity", "-Infinity", "INF"};
    for (String increment : infinite) {
      d.same("INCRBYFLOAT", "x", increment);
      d.same(bytes("SET"), bytes("y"), bytes(increment));
      d.same("INCRBYFLOAT", "y", "1");
      d.same("INCRBYFLOAT", "y", "-inf");
    }
    d.same("SET", "big", "1e4932");
    d.same("INCRBYFLOAT", "big", "1e4932");
    d.same("INCRBYFLOAT", "big", "-1e4932");
    d.same("GET", "x");
    wrongType("list");
    d.same("INCRBYFLOAT", "list", "1");
    d.same("INCRBYFLOAT", "list", "x");
    d.same("INCRBYFLOAT", "x");
    d.same("SET", "t", "1.5", "PX", "100000");
    d.same("INCRBYFLOAT", "t", "1");
    sameExpiry("t", 1000);
  }
}
