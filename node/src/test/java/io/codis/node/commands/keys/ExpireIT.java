package io.codis.node.commands.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import org.junit.jupiter.api.Test;

/**
 * EXPIRE PEXPIRE EXPIREAT PEXPIREAT (NX XX GT LT), TTL PTTL EXPIRETIME PEXPIRETIME PERSIST against
 * redis-server. Remaining times are compared as ranges (the two servers' clocks are read a few
 * milliseconds apart).
 */
class ExpireIT extends DifferentialTestBase {

  /** Asserts both replies are integers within {@code tolerance} of each other; returns ours. */
  private long close(long tolerance, String... command) throws Exception {
    Reply expected = d.reference().call(command);
    Reply actual = d.ours().call(command);
    assertTrue(expected instanceof Reply.Int && actual instanceof Reply.Int,
        () -> String.join(" ", command) + ": redis " + expected + ", ours " + actual);
    long e = ((Reply.Int) expected).value();
    long a = ((Reply.Int) actual).value();
    assertTrue(Math.abs(e - a) <= tolerance,
        () -> String.join(" ", command) + ": redis " + e + ", ours " + a);
    return a;
  }

  private static String nowPlusMs(long ms) {
    return Long.toString(System.currentTimeMillis() + ms);
  }

  private static String nowPlusSeconds(long s) {
    return Long.toString(System.currentTimeMillis() / 1000 + s);
  }

  @Test
  void ttlOfMissingAndPersistentKeys() throws Exception {
    for (String cmd : new String[] {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST"}) {
      d.same(cmd, "nokey");
    }
    d.same("SET", "k", "v");
    for (String cmd : new String[] {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST"}) {
      d.same(cmd, "k");
      d.same(cmd);
      d.same(cmd, "k", "extra");
    }
  }

  @Test
  void relativeExpiry() throws Exception {
    d.same("SET", "k", "v");
    d.same("EXPIRE", "k", "100");
    assertEquals(100, close(1, "TTL", "k"));
    long pttl = close(50, "PTTL", "k");
    assertTrue(pttl > 99_000 && pttl <= 100_000, "pttl " + pttl);
    close(1, "EXPIRETIME", "k");
    close(50, "PEXPIRETIME", "k");
    d.same("PEXPIRE", "k", "2500");
    close(1, "TTL", "k"); // rounds to the nearest second
    d.same("PERSIST", "k");
    d.same("TTL", "k");
    d.same("PERSIST", "k");
    d.same("EXPIRE", "nokey", "10");
    d.same("PEXPIRE", "nokey", "10");
  }

  @Test
  void absoluteExpiry() throws Exception {
    d.same("SET", "k", "v");
    d.same("EXPIREAT", "k", nowPlusSeconds(1000));
    close(2, "TTL", "k");
    close(1, "EXPIRETIME", "k");
    d.same("PEXPIREAT", "k", nowPlusMs(77_777));
    close(50, "PTTL", "k");
    close(50, "PEXPIRETIME", "k");
    d.same("PEXPIREAT", "k", "9223372036854775807");
    d.same("PEXPIRETIME", "k");
    d.same("EXPIRETIME", "k");
    d.same("EXPIREAT", "k", "9223372036854775");
    d.same("PEXPIRETIME", "k");
  }

  @Test
  void timesInThePastDeleteTheKey() throws Exception {
    for (String[] cmd : new String[][] {
        {"EXPIRE", "k", "0"}, {"EXPIRE", "k", "-5"}, {"PEXPIRE", "k", "-1"}, {"EXPIREAT", "k", "1"},
        {"PEXPIREAT", "k", "0"}, {"EXPIREAT", "k", "-9223372036854775"}}) {
      d.same("SET", "k", "v");
      d.same(cmd);
      d.same("EXISTS", "k");
    }
    Fixtures.seedList(d, "l", "a");
    d.same("EXPIRE", "l", "-1");
    d.same("TYPE", "l");
  }

  @Test
  void overflow() throws Exception {
    d.same("SET", "k", "v");
    d.same("EXPIRE", "k", "9223372036854775807");
    d.same("EXPIRE", "k", "9223372036854776");
    d.same("EXPIRE", "k", "9223372036854775");
    d.same("EXPIRE", "k", "-9223372036854776");
    d.same("PEXPIRE", "k", "9223372036854775807");
    d.same("EXPIREAT", "k", "9223372036854776");
    d.same("EXPIREAT", "k", "-9223372036854776");
    d.same("PEXPIREAT", "k", "-9223372036854775808");
    d.same("SET", "k", "v");
    d.same("EXPIRE", "k", "9223372036854775808");
    d.same("EXPIRE", "k", "1.5");
    d.same("EXPIRE", "k", "abc");
    d.same("EXPIRE", "k", "");
    d.same("EXPIRE", "k", " 1");
    d.same("EXPIRE", "nokey", "9223372036854775807"); // overflow is checked before the key
    d.same("TTL", "k");
  }

  @Test
  void conditions() throws Exception {
    d.same("SET", "k", "v");
    d.same("EXPIRE", "k", "100", "XX");
    d.same("EXPIRE", "k", "100", "GT");
    d.same("TTL", "k");
    d.same("EXPIRE", "k", "100", "LT");
    close(1, "TTL", "k");
    d.same("PERSIST", "k");
    d.same("EXPIRE", "k", "100", "NX");
    d.same("EXPIRE", "k", "200", "NX");
    d.same("EXPIRE", "k", "200", "xx");
    close(1, "TTL", "k");
    d.same("EXPIRE", "k", "100", "gt");
    d.same("EXPIRE", "k", "300", "GT");
    d.same("EXPIRE", "k", "400", "LT");
    d.same("EXPIRE", "k", "50", "LT");
    d.same("EXPIRE", "k", "50", "LT", "XX");
    d.same("EXPIRE", "k", "60", "GT", "XX", "gt");
    close(1, "TTL", "k");
    d.same("EXPIRE", "k", "-1", "GT"); // not greater: nothing happens
    d.same("EXISTS", "k");
    d.same("EXPIRE", "k", "-1", "LT"); // smaller: the key goes
    d.same("EXISTS", "k");
    d.same("EXPIRE", "nokey", "10", "NX");
  }

  @Test
  void optionErrors() throws Exception {
    d.same("SET", "k", "v");
    for (String cmd : new String[] {"EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"}) {
      d.same(cmd, "k", "10", "NX", "XX");
      d.same(cmd, "k", "10", "NX", "GT");
      d.same(cmd, "k", "10", "LT", "NX");
      d.same(cmd, "k", "10", "GT", "LT");
      d.same(cmd, "k", "10", "foo");
      d.same(cmd, "k", "abc", "NX", "XX"); // options first
      d.same(cmd, "k", "abc", "bar");
      d.same(cmd, "k", "9223372036854775807", "NX", "XX");
      d.same(cmd, "nokey", "10", "GT", "LT");
      d.same(cmd, "k");
      d.same(cmd);
    }
    d.same("TTL", "k");
  }

  @Test
  void wrongTypesAreIrrelevant() throws Exception {
    Fixtures.seedHash(d, "h", "f", "v");
    Fixtures.seedZSet(d, "z", "1", "m");
    d.same("EXPIRE", "h", "100");
    d.same("PEXPIRE", "z", "100000");
    close(1, "TTL", "h");
    close(1, "TTL", "z");
    d.same("PERSIST", "h");
    d.same("TTL", "h");
  }

  @Test
  void expiredKeysVanish() throws Exception {
    d.same("SET", "k", "v");
    d.same("PEXPIRE", "k", "30");
    Thread.sleep(60);
    d.same("GET", "k");
    d.same("TTL", "k");
    d.same("EXISTS", "k");
    d.same("SET", "k2", "v");
    d.same("PEXPIRE", "k2", "30");
    Thread.sleep(60);
    d.same("PERSIST", "k2");
    d.same("EXPIRE", "k2", "100");
    d.same("TYPE", "k2");
  }

  @Test
  void activeExpiryReclaimsUntouchedKeys() throws Exception {
    try (var c = node.client()) {
      for (int i = 0; i < 1000; i++) {
        c.call("SET", "v" + i, "x");
        c.call("PEXPIRE", "v" + i, "1");
      }
      c.call("SET", "keep", "x");
      long deadline = System.currentTimeMillis() + 5000;
      // Reads the execution thread's counter from here: good enough for a test that polls.
      while (node.server().services().keyspace().size() > 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(1L, node.server().services().keyspace().size(), "expired keys reclaimed");
    }
  }
}
