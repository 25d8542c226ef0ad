package io.codis.node.commands.lists;

import io.codis.node.testing.DifferentialTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded random sequence of list commands over a handful of keys (one of them a string, for
 * WRONGTYPE), compared reply by reply with redis-server. Values come from a small alphabet so that
 * LREM, LPOS and LINSERT find matches; indexes and counts include negatives, zero and huge ones.
 */
class ListRandomizedIT extends DifferentialTestBase {
  private static final long SEED = 0x1157_5EEDL;
  private static final int COMMANDS = 4000;
  private static final String[] KEYS = {"a", "b", "c", "{x}d", "str"};
  private static final String[] VALUES = {"v0", "v1", "v2", "v3", "", "\u00ff\u0000bin", "12"};

  private final Random random = new Random(SEED);
  /** A push that must precede the command {@link #next()} returned (see guardedBlocking). */
  private String[] pendingPush;

  @Test
  void randomSequenceMatchesRedis() throws Exception {
    d.same("SET", "str", "not a list");
    for (int i = 0; i < COMMANDS; i++) {
      String[] command = next();
      if (pendingPush != null) {
        d.same(pendingPush);
        pendingPush = null;
      }
      d.same(command);
    }
    for (String key : KEYS) {
      d.same("LRANGE", key, "0", "-1");
    }
  }

  private String[] next() {
    String key = pick(KEYS);
    List<String> args = new ArrayList<>();
    switch (random.nextInt(19)) {
      case 0, 1 -> push("LPUSH", key, args);
      case 2, 3 -> push("RPUSH", key, args);
      case 4 -> push(random.nextBoolean() ? "LPUSHX" : "RPUSHX", key, args);
      case 5 -> {
        args.add(random.nextBoolean() ? "LPOP" : "RPOP");
        args.add(key);
        if (random.nextBoolean()) {
          args.add(count());
        }
      }
      case 6 -> args.addAll(List.of("LLEN", key));
      case 7 -> args.addAll(List.of("LINDEX", key, index()));
      case 8 -> args.addAll(List.of("LSET", key, index(), pick(VALUES)));
      case 9 -> args.addAll(List.of("LRANGE", key, index(), index()));
      case 10 -> args.addAll(List.of("LTRIM", key, index(), index()));
      case 11 -> args.addAll(List.of("LINSERT", key, random.nextBoolean() ? "BEFORE" : "AFTER",
          pick(VALUES), pick(VALUES)));
      case 12 -> args.addAll(List.of("LREM", key, index(), pick(VALUES)));
      case 13 -> {
        args.addAll(List.of("LPOS", key, pick(VALUES)));
        if (random.nextInt(3) == 0) {
          args.addAll(List.of("RANK", random.nextInt(7) - 3 + ""));
        }
        if (random.nextInt(3) == 0) {
          args.addAll(List.of("COUNT", random.nextInt(4) + ""));
        }
        if (random.nextInt(3) == 0) {
          args.addAll(List.of("MAXLEN", random.nextInt(6) + ""));
        }
      }
      case 14 -> args.addAll(List.of("LMOVE", key, pick(KEYS), side(), side()));
      case 15 -> args.addAll(List.of("RPOPLPUSH", key, pick(KEYS)));
      case 16 -> {
        args.add("LMPOP");
        int n = 1 + random.nextInt(3);
        args.add(Integer.toString(n));
        for (int k = 0; k < n; k++) {
          args.add(pick(KEYS));
        }
        args.add(side());
        if (random.nextBoolean()) {
          args.addAll(List.of("COUNT", Integer.toString(1 + random.nextInt(5))));
        }
      }
      case 17 -> {
        // A blocking command that never blocks: some key has data, or it errors out.
        args.addAll(List.of(random.nextBoolean() ? "BLPOP" : "BRPOP", key, pick(KEYS), "0"));
        return guardedBlocking(args);
      }
      default -> {
        args.addAll(List.of("BLMOVE", key, pick(KEYS), side(), side(), "0"));
        return guardedBlocking(args);
      }
    }
    return args.toArray(new String[0]);
  }

  /**
   * Blocking commands are sent only when they cannot block: their first key gets an element pushed
   * right before (or is the string key, which fails at once).
   */
  private String[] guardedBlocking(List<String> args) {
    pendingPush = new String[] {"RPUSH", args.get(1).equals("str") ? "a" : args.get(1), "guard"};
    return args.toArray(new String[0]);
  }

  private void push(String command, String key, List<String> args) {
    args.add(command);
    args.add(key);
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      args.add(pick(VALUES));
    }
  }

  private String index() {
    int r = random.nextInt(20);
    if (r == 0) {
      return "9223372036854775807";
    }
    if (r == 1) {
      return "-9223372036854775808";
    }
    return Integer.toString(random.nextInt(15) - 7);
  }

  private String count() {
    int r = random.nextInt(12);
    if (r == 0) {
      return "9223372036854775807";
    }
    if (r == 1) {
      return "-1";
    }
    return Integer.toString(random.nextInt(6));
  }

  private String side() {
    return random.nextBoolean() ? "LEFT" : "RIGHT";
  }

  private String pick(String[] from) {
    return from[random.nextInt(from.length)];
  }
}
