package io.codis.node.commands.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded random sequence of keyspace commands over a handful of keys of every type, compared with
 * redis-server reply by reply. Expiry times are either long (no key expires during the run) or in
 * the past (the key goes at once), so both servers see the same keys; remaining times are compared
 * by sign only, since the two clocks are read a little apart.
 */
class KeysRandomizedIT extends DifferentialTestBase {
  private static final String[] KEYS = {"k0", "k1", "k2", "{t}3", "k4", "k5"};
  private static final int COMMANDS = 4000;

  private String key(Random r) {
    return KEYS[r.nextInt(KEYS.length)];
  }

  private static String sign(Reply reply) {
    if (reply instanceof Reply.Int i) {
      return i.value() < 0 ? Long.toString(i.value()) : "positive";
    }
    return reply.toString();
  }

  private void seed(Random r) throws Exception {
    for (String k : KEYS) {
      d.same("DEL", k);
      switch (r.nextInt(5)) {
        case 0 -> d.same("SET", k, Integer.toString(r.nextInt(100)));
        case 1 -> Fixtures.seedList(d, k, "3", "1", "2", Integer.toString(r.nextInt(10)));
        case 2 -> Fixtures.seedHash(d, k, "f", "v", "g", Integer.toString(r.nextInt(10)));
        case 3 -> Fixtures.seedSet(d, k, "5", "7", Integer.toString(r.nextInt(10)));
        default -> Fixtures.seedZSet(d, k, "1", "a", "2", "b", Integer.toString(r.nextInt(10)), "c");
      }
    }
  }

  @Test
  void randomSequence() throws Exception {
    Random r = new Random(7_2024);
    seed(r);
    for (int i = 0; i < COMMANDS; i++) {
      if (r.nextInt(400) == 0) {
        seed(r);
      }
      String a = key(r);
      String b = key(r);
      String seconds = Integer.toString(1000 + r.nextInt(1000));
      String mode = new String[] {"NX", "XX", "GT", "LT"}[r.nextInt(4)];
      switch (r.nextInt(22)) {
        case 0 -> d.same("SET", a, Integer.toString(r.nextInt(1000)));
        case 1 -> d.same("DEL", a, b);
        case 2 -> d.same("EXISTS", a, b, a);
        case 3 -> d.same("TYPE", a);
        case 4 -> d.same("RENAME", a, b);
        case 5 -> d.same("RENAMENX", a, b);
        case 6 -> d.same("COPY", a, b);
        case 7 -> d.same("COPY", a, b, "REPLACE");
        case 8 -> d.same("EXPIRE", a, seconds);
        case 9 -> d.same("PEXPIRE", a, seconds + "000", mode);
        case 10 -> d.same("EXPIRE", a, "-" + seconds);
        case 11 -> d.same("PERSIST", a);
        case 12 -> assertEquals(sign(d.reference().call("TTL", a)), sign(d.ours().call("TTL", a)));
        case 13 -> assertEquals(sign(d.reference().call("PEXPIRETIME", a)),
            sign(d.ours().call("PEXPIRETIME", a)));
        case 14 -> d.sameUnordered("KEYS", "k*");
        case 15 -> d.same("SORT", a, "ALPHA", "LIMIT", "0", Integer.toString(r.nextInt(4)));
        case 16 -> d.same("SORT", a, "ALPHA", "DESC", "STORE", b);
        case 17 -> d.same("TOUCH", a, b);
        case 18 -> d.same("OBJECT", "ENCODING", a);
        case 19 -> d.same("UNLINK", a);
        case 20 -> dumpRestore(a, b, r.nextBoolean());
        default -> assertEquals(fullScan(d.reference()), fullScan(d.ours()), "SCAN at command " + i);
      }
      if (r.nextInt(50) == 0) {
        Fixtures.sameValue(d, a);
      }
    }
    for (String k : KEYS) {
      Fixtures.sameValue(d, k);
    }
  }

  /** DUMP a, RESTORE it as b on each server with its own payload. */
  private void dumpRestore(String a, String b, boolean replace) throws Exception {
    Reply theirs = d.reference().call("DUMP", a);
    Reply ours = d.ours().call("DUMP", a);
    assertEquals(theirs.getClass(), ours.getClass(), "DUMP " + a);
    if (!(theirs instanceof Reply.Bulk t)) {
      return;
    }
    byte[][] redisCall = restore(b, t.bytes(), replace);
    byte[][] ourCall = restore(b, ((Reply.Bulk) ours).bytes(), replace);
    assertEquals(d.reference().call(redisCall).toString(), d.ours().call(ourCall).toString(), "RESTORE " + b);
  }

  private static byte[][] restore(String key, byte[] payload, boolean replace) {
    List<byte[]> argv = new ArrayList<>(List.of(Fixtures.bytes("RESTORE"), Fixtures.bytes(key),
        Fixtures.bytes("0"), payload));
    if (replace) {
      argv.add(Fixtures.bytes("REPLACE"));
    }
    return argv.toArray(new byte[0][]);
  }

  private static java.util.TreeSet<String> fullScan(io.codis.node.testing.RespClient client) throws Exception {
    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
    String cursor = "0";
    do {
      List<Reply> parts = ((Reply.Arr) client.call("SCAN", cursor, "COUNT", "2")).items();
      cursor = ((Reply.Bulk) parts.get(0)).text();
      for (Reply k : ((Reply.Arr) parts.get(1)).items()) {
        keys.add(k.toString());
      }
    } while (!cursor.equals("0"));
    return keys;
  }
}
