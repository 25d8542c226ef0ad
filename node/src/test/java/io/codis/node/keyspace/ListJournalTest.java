package io.codis.node.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The journal's invariant (see {@link ListJournal}) checked against a model list after random
 * pushes and pops at both ends, pops crossing from pushed into stored elements and past them into
 * the other end's pushes. Under a second.
 */
class ListJournalTest {
  private static final long NEW = -1;

  @Test
  void countersDescribeTheListAfterRandomPushesAndPops() {
    Random random = new Random(11);
    for (int round = 0; round < 2_000; round++) {
      int storedSize = random.nextInt(6);
      ListJournal journal = new ListJournal(new byte[] {'k'}, storedSize);
      Deque<Long> list = new ArrayDeque<>();
      for (long p = 0; p < storedSize; p++) {
        list.addLast(p);
      }
      for (int step = 0; step < 12; step++) {
        boolean head = random.nextBoolean();
        if (random.nextBoolean()) {
          journal.pushed(head);
          if (head) {
            list.addFirst(NEW);
          } else {
            list.addLast(NEW);
          }
        } else {
          int n = random.nextInt(list.size() + 1);
          journal.popped(head, n);
          for (int i = 0; i < n; i++) {
            if (head) {
              list.removeFirst();
            } else {
              list.removeLast();
            }
          }
        }
        assertDescribes(journal, new ArrayList<>(list));
      }
    }
  }

  private static void assertDescribes(ListJournal j, List<Long> list) {
    assertEquals(list.size(), j.pushedHead() + j.storedRemaining() + j.pushedTail(), "size");
    assertTrue(j.pushedHead() >= 0 && j.pushedTail() >= 0 && j.storedRemaining() >= 0, "counters");
    for (int i = 0; i < list.size(); i++) {
      boolean isNew = i < j.pushedHead() || i >= j.pushedHead() + j.storedRemaining();
      long expected = isNew ? NEW : j.poppedHead() + i - j.pushedHead();
      assertEquals(expected, list.get(i), "element " + i + " of " + list);
    }
  }
}
