package io.codis.node.commands.keys;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.MemoryKeyspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCAN's guarantee, on {@link Dict} and on {@link MemoryKeyspace}: a key present from the first call
 * to the last is returned at least once, however the tables grow or shrink between calls. Seeded
 * runs mix inserts and deletes between scan steps, including phases that force the tables to double
 * several times and to shrink back.
 */
class ScanGuaranteeTest {
  private static final int ROUNDS = 40;

  private static byte[] key(int i) {
    return ("key:" + i).getBytes(StandardCharsets.UTF_8);
  }

  /** What a scan saw, which keys are never touched while it runs, and which may be deleted. */
  private static final class Run {
    final Set<String> seen = new HashSet<>();
    final Set<Integer> stable = new HashSet<>();
    final List<Integer> deletable = new ArrayList<>();
    int next;

    /** Adds key {@code next}; stable with probability 1/3 when {@code mayBeStable}. */
    int add(Random random, boolean mayBeStable) {
      int k = next++;
      if (mayBeStable && random.nextInt(3) == 0) {
        stable.add(k);
      } else {
        deletable.add(k);
      }
      return k;
    }
  }

  /** Inserts or deletes a burst of keys; stable keys are never deleted. */
  private static void mutate(Random random, Run run, int step, int burst, java.util.function.IntConsumer insert,
      java.util.function.IntConsumer delete) {
    // Phases: grow hard, then shrink hard, then mixed churn.
    int phase = (step / 20) % 3;
    int ops = 1 + random.nextInt(phase == 2 ? Math.max(1, burst / 10) : burst);
    for (int i = 0; i < ops; i++) {
      boolean grow = phase == 0 || (phase == 2 && random.nextBoolean());
      if (grow) {
        insert.accept(run.add(random, false)); // keys added mid-scan carry no guarantee
      } else {
        if (run.deletable.isEmpty()) {
          return;
        }
        int index = random.nextInt(run.deletable.size());
        int last = run.deletable.size() - 1;
        int k = run.deletable.get(index);
        run.deletable.set(index, run.deletable.get(last));
        run.deletable.remove(last);
        delete.accept(k);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 2024})
  void dictReturnsEveryStableKey(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      Dict<Integer> dict = new Dict<>();
      Run run = new Run();
      int initial = random.nextInt(300);
      for (int i = 0; i < initial; i++) {
        int k = run.add(random, true);
        dict.put(key(k), k);
      }
      long cursor = 0;
      int step = 0;
      do {
        cursor = dict.scan(cursor, (k, v) -> run.seen.add(new String(k, StandardCharsets.UTF_8)));
        mutate(random, run, step++, 30, k -> dict.put(key(k), k), k -> dict.remove(key(k)));
        assertTrue(step < 1_000_000, "scan does not terminate");
      } while (cursor != 0);
      for (int k : run.stable) {
        assertTrue(run.seen.contains("key:" + k), "seed " + seed + " round " + round + ": key:" + k + " missed");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9})
  void keyspaceReturnsEveryStableKey(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < ROUNDS / 2; round++) {
      // Few slots so that slots hold many keys and their tables resize.
      MemoryKeyspace ks = new MemoryKeyspace(random.nextBoolean() ? 4 : 1024);
      Run run = new Run();
      int initial = random.nextInt(1500);
      for (int i = 0; i < initial; i++) {
        ks.put(key(run.add(random, true)), "v");
      }
      long cursor = 0;
      int step = 0;
      do {
        cursor = ks.scan(cursor, 1 + random.nextInt(20),
            (k, v) -> run.seen.add(new String(k, StandardCharsets.UTF_8)));
        mutate(random, run, step++, 200, k -> ks.put(key(k), "v"), k -> ks.remove(key(k)));
        assertTrue(step < 1_000_000, "scan does not terminate");
      } while (cursor != 0);
      for (int k : run.stable) {
        assertTrue(run.seen.contains("key:" + k), "seed " + seed + " round " + round + ": key:" + k + " missed");
      }
    }
  }
}
