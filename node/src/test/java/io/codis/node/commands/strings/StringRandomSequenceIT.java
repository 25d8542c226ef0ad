package io.codis.node.commands.strings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded random sequence of string commands over a handful of keys (one of them starts as a list),
 * sent to our node and to redis-server and compared reply by reply. Values mix counters, floats,
 * text, empty strings and binary bytes, so one command's output is often the next one's odd input.
 * Expiries are either far in the future or already past, so the sequence is deterministic.
 */
class StringRandomSequenceIT extends StringsTestBase {
  private static final int COMMANDS = 4000;
  private static final String[] KEYS = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "list"};
  private static final String[] VALUES = {
    "", "0", "1", "-1", "10", "99", "-100", "9223372036854775807", "-9223372036854775808", "3.5", "-0.25",
    "abc", "hello world", "\u0000\r\n", "\u00ff\u0000\u0001", "1e3", " 1", "007", "ohmytext", "mynewtext",
  };
  private static final String[] INTEGERS = {
    "0", "1", "-1", "2", "5", "-7", "100", "-100", "9223372036854775807", "-9223372036854775808", "x", "1.5",
  };
  private static final String[] FLOATS = {"0.1", "-2.5", "1e10", "3", "-1e10", "abc", "1e-3", "0.3", "inf", ""};
  private static final String[] INDEXES = {"0", "1", "2", "-1", "-2", "-5", "3", "10", "100", "-100", "x"};

  private Random random;

  @Test
  void randomStringCommands() throws Exception {
    random = new Random(0xC0D15L);
    wrongType("list");
    java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
    for (int i = 0; i < COMMANDS; i++) {
      Reply reply = d.same(next());
      kinds.merge(reply.getClass().getSimpleName(), 1, Integer::sum);
    }
    // The sequence must exercise the commands, not mostly bounce off errors.
    assertTrue(kinds.getOrDefault("Error", 0) < COMMANDS / 4, kinds::toString);
    assertTrue(kinds.getOrDefault("Bulk", 0) > COMMANDS / 10, kinds::toString);
    assertTrue(kinds.getOrDefault("Int", 0) > COMMANDS / 10, kinds::toString);
    assertTrue(kinds.getOrDefault("Arr", 0) > COMMANDS / 20, kinds::toString);
    List<byte[]> mget = new ArrayList<>();
    mget.add(bytes("MGET"));
    for (String key : KEYS) {
      mget.add(bytes(key));
    }
    d.same(mget.toArray(new byte[0][]));
  }

  private byte[][] next() {
    List<String> a = new ArrayList<>();
    String key = pick(KEYS);
    switch (random.nextInt(30)) {
      case 0, 1 -> a.addAll(List.of("GET", key));
      case 2, 3 -> {
        a.addAll(List.of("SET", key, pick(VALUES)));
        setOptions(a);
      }
      case 4 -> a.addAll(List.of("SETNX", key, pick(VALUES)));
      case 5 -> a.addAll(List.of(random.nextBoolean() ? "SETEX" : "PSETEX", key,
          pick(new String[] {"100000", "0", "-1", "x"}), pick(VALUES)));
      case 6 -> a.addAll(List.of("GETSET", key, pick(VALUES)));
      case 7 -> a.addAll(List.of("GETDEL", key));
      case 8 -> {
        a.addAll(List.of("GETEX", key));
        getexOptions(a);
      }
      case 9 -> {
        a.add("MGET");
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          a.add(pick(KEYS));
        }
      }
      case 10 -> {
        a.add(random.nextInt(3) == 0 ? "MSETNX" : "MSET");
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
          a.add(pick(KEYS));
          a.add(pick(VALUES));
        }
      }
      case 11 -> a.addAll(List.of("APPEND", key, pick(VALUES)));
      case 12 -> a.addAll(List.of("STRLEN", key));
      case 13, 14 -> a.addAll(List.of(pick(new String[] {"INCR", "DECR"}), key));
      case 15 -> a.addAll(List.of(pick(new String[] {"INCRBY", "DECRBY"}), key, pick(INTEGERS)));
      case 16 -> a.addAll(List.of("INCRBYFLOAT", key, pick(FLOATS)));
      case 17 -> a.addAll(List.of(random.nextBoolean() ? "GETRANGE" : "SUBSTR", key, pick(INDEXES), pick(INDEXES)));
      case 18 -> a.addAll(List.of("SETRANGE", key, pick(new String[] {"0", "1", "3", "10", "40", "-1"}), pick(VALUES)));
      case 19 -> {
        a.addAll(List.of("LCS", key, pick(KEYS)));
        if (random.nextBoolean()) {
          a.add(pick(new String[] {"LEN", "IDX", "WITHMATCHLEN"}));
        }
        if (random.nextBoolean()) {
          a.addAll(List.of("IDX", "MINMATCHLEN", pick(new String[] {"0", "1", "2", "3"})));
        }
      }
      case 20, 21 -> a.addAll(List.of("SETBIT", key, Integer.toString(random.nextInt(200)),
          pick(new String[] {"0", "1", "1", "2"})));
      case 22 -> a.addAll(List.of("GETBIT", key, Integer.toString(random.nextInt(220))));
      case 23 -> {
        a.addAll(List.of("BITCOUNT", key));
        if (random.nextBoolean()) {
          a.addAll(List.of(pick(INDEXES), pick(INDEXES)));
          if (random.nextBoolean()) {
            a.add(pick(new String[] {"BIT", "BYTE"}));
          }
        }
      }
      case 24 -> {
        a.addAll(List.of("BITPOS", key, pick(new String[] {"0", "1", "1", "0", "2"})));
        int extra = random.nextInt(4);
        if (extra >= 1) {
          a.add(pick(INDEXES));
        }
        if (extra >= 2) {
          a.add(pick(INDEXES));
        }
        if (extra >= 3) {
          a.add(pick(new String[] {"BIT", "BYTE"}));
        }
      }
      case 25 -> {
        String op = pick(new String[] {"AND", "OR", "XOR", "NOT"});
        a.addAll(List.of("BITOP", op, key, pick(KEYS)));
        if (!op.equals("NOT") || random.nextInt(5) == 0) {
          for (int n = random.nextInt(3); n > 0; n--) {
            a.add(pick(KEYS));
          }
        }
      }
      case 26, 27 -> {
        a.addAll(List.of(random.nextInt(4) == 0 ? "BITFIELD_RO" : "BITFIELD", key));
        for (int n = random.nextInt(4); n > 0; n--) {
          bitfieldOp(a);
        }
      }
      default -> a.addAll(List.of("SET", key, pick(VALUES), "KEEPTTL"));
    }
    byte[][] argv = new byte[a.size()][];
    for (int i = 0; i < argv.length; i++) {
      argv[i] = bytes(a.get(i));
    }
    return argv;
  }

  private void setOptions(List<String> a) {
    int n = random.nextInt(3);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(9)) {
        case 0 -> a.add("NX");
        case 1 -> a.add("XX");
        case 2, 3 -> a.add("GET");
        case 4 -> a.add("KEEPTTL");
        case 5 -> a.addAll(List.of("EX", pick(new String[] {"1000", "0", "x"})));
        case 6 -> a.addAll(List.of("PX", "1000000"));
        case 7 -> a.addAll(List.of("PXAT", pick(new String[] {"1", "99999999999999"})));
        default -> a.addAll(List.of("EXAT", pick(new String[] {"1", "99999999999"})));
      }
    }
  }

  private void getexOptions(List<String> a) {
    switch (random.nextInt(6)) {
      case 0 -> a.addAll(List.of("EX", pick(new String[] {"1000", "0"})));
      case 1 -> a.addAll(List.of("PXAT", pick(new String[] {"1", "99999999999999"})));
      case 2 -> a.add("PERSIST");
      case 3 -> a.addAll(List.of("PERSIST", "EX", "10"));
      default -> { }
    }
  }

  private void bitfieldOp(List<String> a) {
    boolean signed = random.nextBoolean();
    String type = (signed ? "i" : "u") + (1 + random.nextInt(signed ? 64 : 63));
    String offset = random.nextInt(4) == 0 ? "#" + random.nextInt(4) : Integer.toString(random.nextInt(70));
    String value = random.nextBoolean() ? pick(INTEGERS) : Long.toString(random.nextLong() >> random.nextInt(64));
    switch (random.nextInt(4)) {
      case 0 -> a.addAll(List.of("GET", type, offset));
      case 1 -> a.addAll(List.of("SET", type, offset, value));
      case 2 -> a.addAll(List.of("INCRBY", type, offset, value));
      default -> a.addAll(List.of("OVERFLOW", pick(new String[] {"WRAP", "SAT", "FAIL"})));
    }
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
