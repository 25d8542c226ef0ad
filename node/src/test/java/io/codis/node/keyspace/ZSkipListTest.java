package io.codis.node.keyspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.ZSkipList.LexRange;
import io.codis.node.keyspace.ZSkipList.Node;
import io.codis.node.keyspace.ZSkipList.ScoreRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The skip list against a brute-force model: a sorted list of (score, member), seeded. */
class ZSkipListTest {
  private record Pair(double score, byte[] member) {}

  private static final Comparator<Pair> ORDER =
      (a, b) -> ZSkipList.compare(a.score, a.member, b.score, b.member);

  private static byte[] member(Random random) {
    // Few distinct members so updates and deletes hit often; bytes above 0x7f test unsigned order.
    byte[] m = new byte[1 + random.nextInt(3)];
    for (int i = 0; i < m.length; i++) {
      m[i] = (byte) (random.nextBoolean() ? 'a' + random.nextInt(4) : 0x7e + random.nextInt(4));
    }
    return m;
  }

  private static double score(Random random, boolean equalScores) {
    if (equalScores) {
      return 0;
    }
    return switch (random.nextInt(6)) {
      case 0 -> Double.NEGATIVE_INFINITY;
      case 1 -> Double.POSITIVE_INFINITY;
      default -> random.nextInt(20) - 10 + (random.nextBoolean() ? 0.5 : 0);
    };
  }

  @Test
  void matchesSortedListModel() {
    for (long seed = 1; seed <= 20; seed++) {
      run(seed, seed % 4 == 0);
    }
  }

  private void run(long seed, boolean equalScores) {
    Random random = new Random(seed);
    ZSkipList list = new ZSkipList(new SplittableRandom(seed));
    Map<String, Double> scores = new HashMap<>();
    List<Pair> model = new ArrayList<>();
    for (int step = 0; step < 3000; step++) {
      byte[] m = member(random);
      String k = Arrays.toString(m);
      Double old = scores.get(k);
      int op = random.nextInt(10);
      if (op < 5) {
        double s = score(random, equalScores);
        if (old == null) {
          list.insert(s, m);
          model.add(new Pair(s, m));
        } else {
          list.updateScore(old, m, s);
          model.removeIf(p -> Arrays.equals(p.member, m));
          model.add(new Pair(s, m));
        }
        scores.put(k, s);
      } else if (op < 7) {
        boolean removed = old != null && list.delete(old, m);
        assertEquals(old != null, removed, "seed " + seed + " step " + step);
        if (old != null) {
          model.removeIf(p -> Arrays.equals(p.member, m));
          scores.remove(k);
        } else {
          assertFalse(list.delete(0, m));
        }
      }
      model.sort(ORDER);
      check(list, model, random, seed, step);
    }
  }

  private void check(ZSkipList list, List<Pair> model, Random random, long seed, int step) {
    String where = "seed " + seed + " step " + step;
    assertEquals(model.size(), list.length(), where);
    if (step % 50 == 0) {
      list.verify();
      int i = 0;
      for (Node n = list.first(); n != null; n = n.next(), i++) {
        assertArrayEquals(model.get(i).member, n.member(), where);
      }
    }
    if (model.isEmpty()) {
      assertNull(list.first());
      assertNull(list.byRank(1));
      return;
    }
    int r = random.nextInt(model.size());
    Pair p = model.get(r);
    assertEquals(r + 1, list.rank(p.score, p.member), where);
    Node byRank = list.byRank(r + 1);
    assertArrayEquals(p.member, byRank.member(), where);
    assertEquals(r + 1, list.rankOf(byRank), where);
    assertNull(list.byRank(model.size() + 1));
    if (!Double.isInfinite(p.score)) {
      assertEquals(0, list.rank(p.score + 0.25, p.member), where);
    }

    ScoreRange range = new ScoreRange(random.nextInt(24) - 12, random.nextBoolean(),
        random.nextInt(24) - 12, random.nextBoolean());
    List<Pair> inRange = model.stream()
        .filter(x -> range.aboveMin(x.score) && range.belowMax(x.score)).toList();
    Node first = list.firstInRange(range);
    Node last = list.lastInRange(range);
    if (inRange.isEmpty()) {
      assertNull(first, where + " " + range);
      assertNull(last, where + " " + range);
    } else {
      assertArrayEquals(inRange.get(0).member, first.member(), where + " " + range);
      assertArrayEquals(inRange.get(inRange.size() - 1).member, last.member(), where + " " + range);
      assertEquals(inRange.size(), list.rankOf(last) - list.rankOf(first) + 1, where);
    }

    boolean allEqual = model.stream().allMatch(x -> x.score == model.get(0).score);
    if (allEqual) {
      LexRange lex = randomLex(random);
      List<Pair> inLex = model.stream()
          .filter(x -> lex.aboveMin(x.member) && lex.belowMax(x.member)).toList();
      Node lf = list.firstInLexRange(lex);
      Node ll = list.lastInLexRange(lex);
      if (inLex.isEmpty() || !lex.possible()) {
        assertNull(lf, where);
        assertNull(ll, where);
      } else {
        assertArrayEquals(inLex.get(0).member, lf.member(), where);
        assertArrayEquals(inLex.get(inLex.size() - 1).member, ll.member(), where);
      }
    }
  }

  private static LexRange randomLex(Random random) {
    int kind = random.nextInt(8);
    byte[] min = member(random);
    byte[] max = member(random);
    return switch (kind) {
      case 0 -> new LexRange(null, true, true, max, random.nextBoolean(), false);
      case 1 -> new LexRange(min, random.nextBoolean(), false, null, true, true);
      case 2 -> new LexRange(null, true, true, null, true, true);
      default -> new LexRange(min, random.nextBoolean(), false, max, random.nextBoolean(), false);
    };
  }

  @Test
  void updateInPlaceKeepsOrder() {
    ZSkipList list = new ZSkipList(new SplittableRandom(7));
    list.insert(1, "a".getBytes());
    list.insert(2, "b".getBytes());
    list.insert(3, "c".getBytes());
    list.updateScore(2, "b".getBytes(), 2.5);
    list.updateScore(1, "a".getBytes(), 4);
    list.verify();
    assertArrayEquals("b".getBytes(), list.first().member());
    assertArrayEquals("a".getBytes(), list.last().member());
    assertEquals(3, list.rank(4, "a".getBytes()));
    assertTrue(list.delete(4, "a".getBytes()));
    assertArrayEquals("c".getBytes(), list.last().member());
  }

  @Test
  void equalScoresOrderByUnsignedBytes() {
    ZSkipList list = new ZSkipList(new SplittableRandom(3));
    list.insert(0, new byte[] {(byte) 0xff});
    list.insert(0, new byte[] {'a'});
    list.insert(0, new byte[] {'a', 0});
    list.insert(0, new byte[] {});
    List<byte[]> order = new ArrayList<>();
    for (Node n = list.first(); n != null; n = n.next()) {
      order.add(n.member());
    }
    assertArrayEquals(new byte[] {}, order.get(0));
    assertArrayEquals(new byte[] {'a'}, order.get(1));
    assertArrayEquals(new byte[] {'a', 0}, order.get(2));
    assertArrayEquals(new byte[] {(byte) 0xff}, order.get(3));
  }
}
