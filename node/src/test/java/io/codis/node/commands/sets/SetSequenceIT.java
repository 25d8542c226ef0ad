package io.codis.node.commands.sets;

import static io.codis.node.commands.hashes.CollectionReplies.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.node.commands.hashes.CollectionReplies;
import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A seeded random sequence of set commands over a handful of keys, sent to our node and to
 * redis-server, compared reply by reply (as sets where Redis's order is unspecified, by shape and
 * membership where the result is random). After a random SPOP our set is brought back in line
 * with Redis's survivors so the sequence can go on comparing.
 */
class SetSequenceIT extends DifferentialTestBase {
  private static final int COMMANDS = 3000;
  private static final String[] KEYS = {"s0", "s1", "s2", "s3", "str"};
  private static final String[] MEMBERS = {"0", "1", "2", "3", "5", "8", "13", "-1", "100", "a", "b",
      "c", "d", "007", "", "\u0000", "\u00ff\r\n", "9223372036854775807", "-9223372036854775808"};

  @Test
  void randomSequenceMatchesRedis() throws Exception {
    run(new Random(424242L));
  }

  /** The same kind of sequence with RESP3 replies (skipped while the node has no HELLO). */
  @Test
  void randomSequenceMatchesRedisInResp3() throws Exception {
    Reply hello = d.ours().call("HELLO", "3");
    assumeFalse(hello instanceof Reply.Error, "the node does not speak RESP3 yet: " + hello);
    d.reference().call("HELLO", "3");
    try {
      run(new Random(424242L + 1));
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
      case 0, 1, 2, 3 -> d.same(bytes(withMembers(r, "SADD", key)));
      case 4, 5 -> d.same(bytes(withMembers(r, "SREM", key)));
      case 6 -> d.same(bytes(pick(r, new String[] {"SCARD", "GET"}), key));
      case 7 -> d.same(bytes("SISMEMBER", key, pick(r, MEMBERS)));
      case 8 -> d.same(bytes(withMembers(r, "SMISMEMBER", key)));
      case 9 -> d.compare(Reply::unordered, bytes("SMEMBERS", key));
      case 10 -> spop(r, key);
      case 11 -> {
        Set<String> allowed = members(key);
        if (r.nextBoolean()) {
          CollectionReplies.sameRandom(d, allowed, "SRANDMEMBER", key);
        } else {
          CollectionReplies.sameRandom(d, allowed, "SRANDMEMBER", key, Integer.toString(r.nextInt(25) - 12));
        }
      }
      case 12 -> d.same(bytes("SMOVE", key, pick(r, KEYS), pick(r, MEMBERS)));
      case 13, 14 -> d.compare(Reply::unordered,
          bytes(pick(r, new String[] {"SINTER", "SUNION", "SDIFF"}), key, pick(r, KEYS), pick(r, KEYS)));
      case 15 -> {
        List<String> cmd = new ArrayList<>(List.of("SINTERCARD", "2", key, pick(r, KEYS)));
        if (r.nextBoolean()) {
          cmd.addAll(List.of("LIMIT", Integer.toString(r.nextInt(5))));
        }
        d.same(bytes(cmd.toArray(new String[0])));
      }
      case 16, 17 -> d.same(bytes(pick(r, new String[] {"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"}),
          pick(r, KEYS), key, pick(r, KEYS)));
      case 18 -> {
        String[] cmd = r.nextBoolean()
            ? new String[] {"SSCAN", key, "0", "COUNT", "1000"}
            : new String[] {"SSCAN", key, "0", "MATCH", pick(r, new String[] {"1*", "*", "?", "[a-c]",
                "-*", "\u0000"}), "COUNT", "1000"};
        d.compare(reply -> CollectionReplies.scanUnordered(reply, false), bytes(cmd));
      }
      default -> {
        if (r.nextInt(15) == 0) {
          d.same("SET", key, "now a string");
        } else {
          d.same(bytes("SCARD", key));
        }
      }
    }
  }

  private void spop(Random r, String key) throws Exception {
    Set<String> before = members(key);
    Reply ours = r.nextBoolean()
        ? CollectionReplies.sameRandom(d, before, "SPOP", key)
        : CollectionReplies.sameRandom(d, before, "SPOP", key, Integer.toString(r.nextInt(8)));
    List<String> popped = CollectionReplies.allTexts(ours);
    assertEquals(popped.size(), new HashSet<>(popped).size(), "SPOP popped a member twice: " + ours);
    // Bring ours in line with the reference's survivors.
    Set<String> reference = members(key);
    if (!popped.isEmpty()) {
      d.ours().call(bytes(withAll("SADD", key, popped)));
    }
    Set<String> extra = new HashSet<>(before);
    extra.removeAll(reference);
    if (!extra.isEmpty()) {
      d.ours().call(bytes(withAll("SREM", key, extra)));
    }
    d.compare(Reply::unordered, bytes("SMEMBERS", key));
  }

  private Set<String> members(String key) throws Exception {
    Reply r = d.reference().call(bytes("SMEMBERS", key));
    return r instanceof Reply.Arr ? new HashSet<>(CollectionReplies.allTexts(r)) : Set.of();
  }

  private static String[] withMembers(Random r, String command, String key) {
    List<String> cmd = new ArrayList<>(List.of(command, key));
    for (int n = 1 + r.nextInt(4); n > 0; n--) {
      cmd.add(pick(r, MEMBERS));
    }
    return cmd.toArray(new String[0]);
  }

  private static String[] withAll(String command, String key, java.util.Collection<String> members) {
    List<String> cmd = new ArrayList<>(List.of(command, key));
    cmd.addAll(members);
    return cmd.toArray(new String[0]);
  }

  private static String pick(Random r, String[] choices) {
    return choices[r.nextInt(choices.length)];
  }
}
