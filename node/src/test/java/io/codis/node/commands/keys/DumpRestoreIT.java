package io.codis.node.commands.keys;

import static io.codis.node.commands.keys.Fixtures.bytes;
import static io.codis.node.commands.keys.Fixtures.sameValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import io.codis.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DUMP and RESTORE. The payloads differ from Redis's by design, so each server restores its own
 * DUMP and the replies and resulting values are compared; argument errors that come before the
 * payload is read are compared with the same (invalid) payload on both.
 */
class DumpRestoreIT extends DifferentialTestBase {

  private static byte[] dump(RespClient client, String key) throws Exception {
    Reply r = client.call("DUMP", key);
    assertTrue(r instanceof Reply.Bulk, () -> "DUMP " + key + ": " + r);
    return ((Reply.Bulk) r).bytes();
  }

  /** RESTORE key ... with each server's own payload of {@code source}; compares the replies. */
  private Reply restoreOwn(String source, String key, String... args) throws Exception {
    byte[] theirs = dump(d.reference(), source);
    byte[] ours = dump(d.ours(), source);
    Reply expected = d.reference().call(restore(key, theirs, args));
    Reply actual = d.ours().call(restore(key, ours, args));
    assertEquals(expected.toString(), actual.toString(), () -> "RESTORE " + key + " " + String.join(" ", args));
    return actual;
  }

  private static byte[][] restore(String key, byte[] payload, String... args) {
    List<byte[]> argv = new ArrayList<>(List.of(bytes("RESTORE"), bytes(key), bytes(args[0]), payload));
    for (int i = 1; i < args.length; i++) {
      argv.add(bytes(args[i]));
    }
    return argv.toArray(new byte[0][]);
  }

  private void seedAll() throws Exception {
    d.same("SET", "str", "hello");
    d.same("SET", "int", "12345");
    d.same(new byte[][] {bytes("SET"), bytes("bin"), {0, 1, 2, (byte) 0xff, '\r', '\n'}});
    d.same("SET", "empty", "");
    Fixtures.seedList(d, "list", "a", "", "c", "a");
    Fixtures.seedHash(d, "hash", "f1", "v1", "f2", "", "", "v3");
    Fixtures.seedSet(d, "set", "1", "2", "x", "");
    Fixtures.seedSet(d, "intset", "1", "-5", "100");
    Fixtures.seedZSet(d, "zset", "1", "a", "-2.5", "b", "inf", "c", "-inf", "d", "0", "e");
  }

  private static final String[] ALL = {"str", "int", "bin", "empty", "list", "hash", "set", "intset", "zset"};

  @Test
  void roundTripsEveryType() throws Exception {
    seedAll();
    for (String key : ALL) {
      restoreOwn(key, key + ".copy", "0");
      sameValue(d, key + ".copy");
      d.same("TYPE", key + ".copy");
      d.same("TTL", key + ".copy");
      restoreOwn(key, key, "0"); // exists, no REPLACE
      restoreOwn(key, key, "0", "REPLACE");
      sameValue(d, key);
    }
    d.same("DUMP", "nokey");
  }

  @Test
  void replaceAcrossTypes() throws Exception {
    seedAll();
    restoreOwn("zset", "str", "0", "REPLACE");
    sameValue(d, "str");
    restoreOwn("list", "hash", "0", "replace", "REPLACE");
    sameValue(d, "hash");
  }

  @Test
  void ttlAndAbsTtl() throws Exception {
    seedAll();
    restoreOwn("str", "t1", "100000");
    long pttl = ((Reply.Int) d.ours().call("PTTL", "t1")).value();
    assertTrue(pttl > 90_000 && pttl <= 100_000, "pttl " + pttl);
    d.same("TTL", "t1");
    String at = Long.toString(System.currentTimeMillis() + 500_000);
    restoreOwn("list", "t2", at, "ABSTTL");
    d.same("TTL", "t2");
    restoreOwn("hash", "t3", "1", "ABSTTL"); // long past: OK, and no key
    d.same("EXISTS", "t3");
    restoreOwn("set", "str", "1", "ABSTTL", "REPLACE"); // replaced by an expired value: gone
    d.same("EXISTS", "str");
    restoreOwn("zset", "t4", "9223372036854775807"); // relative TTL overflows: already expired
    d.same("EXISTS", "t4");
    restoreOwn("zset", "t5", "9223372036854775807", "ABSTTL");
    d.same("PEXPIRETIME", "t5");
  }

  @Test
  void idletimeAndFreq() throws Exception {
    seedAll();
    restoreOwn("str", "a", "0", "IDLETIME", "1000");
    sameValue(d, "a");
    restoreOwn("str", "b", "0", "FREQ", "100");
    restoreOwn("str", "c", "0", "IDLETIME", "1", "IDLETIME", "2");
    restoreOwn("str", "d1", "0", "IDLETIME", "1", "FREQ", "2");
    restoreOwn("str", "d2", "0", "FREQ", "1", "IDLETIME", "2");
    restoreOwn("str", "e", "0", "IDLETIME", "-1");
    restoreOwn("str", "e", "0", "IDLETIME", "x");
    restoreOwn("str", "e", "0", "FREQ", "256");
    restoreOwn("str", "e", "0", "FREQ", "-1");
    restoreOwn("str", "e", "0", "FREQ", "255");
    restoreOwn("str", "f", "0", "FREQ");
    restoreOwn("str", "f", "0", "IDLETIME");
    d.same("EXISTS", "f");
  }

  @Test
  void errorsBeforeThePayloadIsRead() throws Exception {
    d.same("SET", "exists", "v");
    String junk = "not a payload";
    d.same("RESTORE", "k", "0", junk, "BOGUS");
    d.same("RESTORE", "exists", "0", junk);
    d.same("RESTORE", "exists", "-1", junk); // BUSYKEY before the TTL
    d.same("RESTORE", "k", "-1", junk);
    d.same("RESTORE", "k", "abc", junk);
    d.same("RESTORE", "k", "0", junk);
    d.same("RESTORE", "exists", "0", junk, "REPLACE");
    d.same("RESTORE", "k", "0", "");
    d.same("RESTORE", "k", "0");
    d.same("RESTORE", "k");
    d.same("GET", "exists");
  }

  @Test
  void corruptedPayloadsAreRefused() throws Exception {
    seedAll();
    for (String key : ALL) {
      byte[] payload = dump(d.ours(), key);
      for (int i = 0; i < payload.length; i += Math.max(1, payload.length / 16)) {
        byte[] damaged = payload.clone();
        damaged[i] ^= 0x20;
        assertEquals("-ERR DUMP payload version or checksum are wrong",
            d.ours().call(restore("target", damaged, "0")).toString(), key + " byte " + i);
      }
      byte[] truncated = java.util.Arrays.copyOf(payload, payload.length - 1);
      assertEquals("-ERR DUMP payload version or checksum are wrong",
          d.ours().call(restore("target", truncated, "0")).toString());
    }
    // A well-sealed payload whose body is wrong.
    byte[] badBody = DumpPayloadTest.seal(new byte[] {DumpPayload.TYPE_LIST, 0});
    assertEquals("-ERR Bad data format", d.ours().call(restore("target", badBody, "0")).toString());
    // Redis's own payloads are not ours.
    byte[] redisPayload = dump(d.reference(), "str");
    assertEquals("-ERR DUMP payload version or checksum are wrong",
        d.ours().call(restore("target", redisPayload, "0")).toString());
    d.same("EXISTS", "target");
  }
}
