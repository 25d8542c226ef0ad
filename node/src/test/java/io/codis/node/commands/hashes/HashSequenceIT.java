package io.codis.node.commands.hashes;

import static io.codis.node.commands.hashes.CollectionReplies.bytes;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A seeded random sequence of hash commands over a handful of keys, sent to our node and to
 * redis-server, compared reply by reply (as sets where Redis's order is unspecified, by shape and
 * membership where the result is random).
 */
class HashSequenceIT extends DifferentialTestBase {
  private static final int COMMANDS = 3000;
  private static final String[] KEYS = {"h0", "h1", "h2", "{h}3", "str"};
  private static final String[] FIELDS = {"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "n", "x",
      "", "\u0000bin", "\u00ff\r\n", "long-field-" + "z".repeat(60)};

  @Test
  void randomSequenceMatchesRedis() throws Exception {
    run(new Random(20240607L));
  }

  /** The same kind of sequence with RESP3 replies (skipped while the node has no HELLO). */
  @Test
  void randomSequenceMatchesRedisInResp3() throws Exception {
    Reply hello = d.ours().call("HELLO", "3");
    assumeFalse(hello instanceof Reply.Error, "the node does not speak RESP3 yet: " + hello);
    d.reference().call("HELLO", "3");
    try {
      run(new Random(20240607L + 1));
    } finally {
      d.ours().call("HELLO", "2");
      d.reference().call("HELLO", "2");
    }
  }

  private void run(Random random) throws Exception {
    d.same("SET", "str", "a string");
    for (int i = 0; i < COMMANDS; i++) {
      step(random);
    }
  }

  private void step(Random r) throws Exception {
    String key = pick(r, KEYS);
    switch (r.nextInt(20)) {
      case 0, 1, 2 -> {
        List<String> cmd = new ArrayList<>(List.of(r.nextInt(4) == 0 ? "HMSET" : "HSET", key));
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
          cmd.add(pick(r, FIELDS));
          cmd.add(value(r));
        }
        if (r.nextInt(30) == 0) {
          cmd.remove(cmd.size() - 1); // odd argument count
        }
        d.same(bytes(cmd.toArray(new String[0])));
      }
      case 3 -> d.same(bytes("HSETNX", key, pick(r, FIELDS), value(r)));
      case 4 -> d.same(bytes("HGET", key, pick(r, FIELDS)));
      case 5 -> d.same(bytes("HMGET", key, pick(r, FIELDS), pick(r, FIELDS), pick(r, FIELDS)));
      case 6, 7 -> {
        List<String> cmd = new ArrayList<>(List.of("HDEL", key));
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
          cmd.add(pick(r, FIELDS));
        }
        d.same(bytes(cmd.toArray(new String[0])));
      }
      case 8 -> d.same(bytes(pick(r, new String[] {"HLEN", "GET"}), key));
      case 9 -> d.same(bytes(pick(r, new String[] {"HSTRLEN", "HEXISTS"}), key, pick(r, FIELDS)));
      case 10 -> d.compare(Reply::unordered, bytes(pick(r, new String[] {"HKEYS", "HVALS"}), key));
      case 11 -> d.compare(Reply::unorderedPairs, bytes("HGETALL", key));
      case 12, 13 -> d.same(bytes("HINCRBY", key, pick(r, FIELDS), pick(r, new String[] {"1", "-1", "7",
          "-100", "0", "9223372036854775807", "-9223372036854775808", "x", "1.5"})));
      case 14, 15 -> d.same(bytes("HINCRBYFLOAT", key, pick(r, FIELDS), pick(r, new String[] {"0.1",
          "-2.5", "1e3", "3", "-0.0001", "1e20", "abc", "inf"})));
      case 16 -> {
        Reply all = d.reference().call(bytes("HGETALL", key));
        HashSet<String> allowed = new HashSet<>(
            all instanceof Reply.Arr ? CollectionReplies.allTexts(all) : List.of());
        switch (r.nextInt(3)) {
          case 0 -> CollectionReplies.sameRandom(d, allowed, "HRANDFIELD", key);
          case 1 -> CollectionReplies.sameRandom(d, allowed, "HRANDFIELD", key,
              Integer.toString(r.nextInt(21) - 10));
          default -> CollectionReplies.sameRandom(d, allowed, "HRANDFIELD", key,
              Integer.toString(r.nextInt(21) - 10), "WITHVALUES");
        }
      }
      case 17 -> {
        String[] cmd = r.nextBoolean()
            ? new String[] {"HSCAN", key, "0", "COUNT", "1000"}
            : new String[] {"HSCAN", key, "0", "MATCH", pick(r, new String[] {"f*", "*", "?", "[fn]*",
                "*\\*", "\u0000*"}), "COUNT", "1000"};
        d.compare(reply -> CollectionReplies.scanUnordered(reply, true), bytes(cmd));
      }
      case 18 -> {
        if (r.nextInt(10) == 0) {
          d.same("SET", key, "now a string");
        } else {
          d.same(bytes("HDEL", key, pick(r, FIELDS)));
        }
      }
      default -> d.same(bytes("HLEN", key));
    }
  }

  private static String value(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> Integer.toString(r.nextInt(200) - 100);
      case 1 -> (r.nextInt(100) - 50) + "." + r.nextInt(100);
      case 2 -> "word" + r.nextInt(10);
      case 3 -> r.nextInt(20) == 0 ? "v".repeat(65) : "";
      case 4 -> "9223372036854775807";
      default -> "\u0000\u00ff" + r.nextInt(5);
    };
  }

  private static String pick(Random r, String[] choices) {
    return choices[r.nextInt(choices.length)];
  }
}
