package io.codis.node.commands.lists;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.node.keyspace.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ring buffer against a plain ArrayList model, through growth, wrap-around and shrinking. */
class ListValueTest {
  private static final long SEED = 42;

  @Test
  void randomOperationsMatchAnArrayListModel() {
    Random random = new Random(SEED);
    ListValue list = new ListValue();
    List<byte[]> model = new ArrayList<>();
    for (int step = 0; step < 200_000; step++) {
      byte[] value = ("v" + random.nextInt(6)).getBytes(StandardCharsets.US_ASCII);
      // Bias towards growth early and towards removal later so capacity goes up and down.
      boolean growPhase = (step / 20_000) % 2 == 0;
      int op = random.nextInt(10);
      if (model.isEmpty() || (growPhase ? op < 5 : op < 2)) {
        if (random.nextBoolean()) {
          list.addFirst(value);
          model.add(0, value);
        } else {
          list.addLast(value);
          model.add(value);
        }
        continue;
      }
      switch (op) {
        case 5 -> assertArrayEquals(model.remove(0), list.removeFirst());
        case 6 -> assertArrayEquals(model.remove(model.size() - 1), list.removeLast());
        case 7 -> {
          int index = random.nextInt(model.size() + 1);
          list.insert(index, value);
          model.add(index, value);
        }
        case 8 -> {
          if (random.nextInt(50) == 0) {
            long limit = random.nextInt(4);
            boolean fromTail = random.nextBoolean();
            long removed = list.removeEqual(value, limit, fromTail);
            assertEquals(removeModel(model, value, limit, fromTail), removed);
          } else {
            int index = random.nextInt(model.size());
            list.set(index, value);
            model.set(index, value);
          }
        }
        default -> {
          if (random.nextInt(200) == 0) {
            int start = random.nextInt(model.size());
            int end = start - 1 + random.nextInt(model.size() - start + 1);
            list.trim(start, end);
            List<byte[]> kept = new ArrayList<>(model.subList(start, end + 1));
            model.clear();
            model.addAll(kept);
          } else if (!model.isEmpty()) {
            int index = random.nextInt(model.size());
            assertArrayEquals(model.get(index), list.get(index));
          }
        }
      }
      assertEquals(model.size(), list.size());
      if (step % 997 == 0) {
        assertSame(model, list);
      }
    }
    assertSame(model, list);
  }

  @Test
  void trimToNothingAndRefill() {
    ListValue list = new ListValue();
    for (int i = 0; i < 100; i++) {
      list.addLast(new byte[] {(byte) i});
    }
    list.trim(0, -1);
    assertEquals(0, list.size());
    list.addFirst(new byte[] {1});
    list.addLast(new byte[] {2});
    assertArrayEquals(new byte[] {1}, list.get(0));
    assertArrayEquals(new byte[] {2}, list.get(1));
  }

  private static long removeModel(List<byte[]> model, byte[] value, long limit, boolean fromTail) {
    long removed = 0;
    if (!fromTail) {
      for (int i = 0; i < model.size(); ) {
        if ((limit <= 0 || removed < limit) && Arrays.equals(model.get(i), value)) {
          model.remove(i);
          removed++;
        } else {
          i++;
        }
      }
    } else {
      for (int i = model.size() - 1; i >= 0; i--) {
        if ((limit <= 0 || removed < limit) && Arrays.equals(model.get(i), value)) {
          model.remove(i);
          removed++;
        }
      }
    }
    return removed;
  }

  private static void assertSame(List<byte[]> model, ListValue list) {
    assertEquals(model.size(), list.size());
    for (int i = 0; i < model.size(); i++) {
      assertArrayEquals(model.get(i), list.get(i), "element " + i);
    }
  }
}
