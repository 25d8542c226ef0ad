package io.codis.node.persistence;

import io.codis.node.keyspace.ChangeJournal;
import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListJournal;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.storage.StoreBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a dirty hash, set, sorted set or list as deltas when its change journal says the store
 * holds it as this very key: each journaled field is compared with the current contents (present
 * now: put, with "existed" taken from the journal; gone now but stored: delete). Puts go before
 * deletes so the stored size never passes through zero for a value that is not empty.
 */
final class Deltas {
  private Deltas() {}

  /** After a whole write (or a load) of {@code value} as {@code key}: start journaling. */
  static void markStored(byte[] key, Object value) {
    if (value instanceof HashValue h) {
      h.markStored(key);
    } else if (value instanceof SetValue s) {
      s.markStored(key);
    } else if (value instanceof ZSetValue z) {
      z.markStored(key);
    } else if (value instanceof ListValue l) {
      l.markStored(key);
    }
  }

  /**
   * Writes {@code value}'s changes as deltas to {@code key} and resets its journal; false (nothing
   * written) when it must be written whole.
   */
  static boolean write(StoreBatch b, byte[] key, Object value, long expireAtMs) {
    if (value instanceof HashValue h) {
      if (!live(h.journal(), key)) {
        return false;
      }
      List<byte[]> deleted = new ArrayList<>();
      for (Map.Entry<ByteBuffer, Object> e : h.journal().entries().entrySet()) {
        byte[] field = e.getKey().array();
        boolean existed = e.getValue() != ChangeJournal.ABSENT;
        byte[] now = h.get(field);
        if (now != null) {
          b.hashPut(key, field, now, existed);
        } else if (existed) {
          deleted.add(field);
        }
      }
      deleted.forEach(f -> b.hashDelete(key, f));
      h.markStored(key);
    } else if (value instanceof SetValue s) {
      if (!live(s.journal(), key)) {
        return false;
      }
      List<byte[]> deleted = new ArrayList<>();
      for (Map.Entry<ByteBuffer, Object> e : s.journal().entries().entrySet()) {
        byte[] member = e.getKey().array();
        boolean existed = e.getValue() != ChangeJournal.ABSENT;
        boolean present = s.contains(member);
        if (present && !existed) {
          b.setAdd(key, member);
        } else if (!present && existed) {
          deleted.add(member);
        }
      }
      deleted.forEach(m -> b.setRemove(key, m));
      s.markStored(key);
    } else if (value instanceof ZSetValue z) {
      if (!live(z.journal(), key)) {
        return false;
      }
      List<Map.Entry<ByteBuffer, Object>> deleted = new ArrayList<>();
      for (Map.Entry<ByteBuffer, Object> e : z.journal().entries().entrySet()) {
        byte[] member = e.getKey().array();
        Double old = e.getValue() == ChangeJournal.ABSENT ? null : (Double) e.getValue();
        Double now = z.score(member);
        if (now != null) {
          b.zsetPut(key, member, old, now);
        } else if (old != null) {
          deleted.add(e);
        }
      }
      deleted.forEach(e -> b.zsetRemove(key, e.getKey().array(), (Double) e.getValue()));
      z.markStored(key);
    } else if (value instanceof ListValue l) {
      if (l.journal() == null || !l.journal().storedAs(key)) {
        return false;
      }
      writeList(b, key, l);
    } else {
      return false;
    }
    b.setExpiry(key, expireAtMs);
    return true;
  }

  /**
   * A list's deltas: the stored elements popped since the last write go first (one trim: point or
   * range deletes), then overwritten stored positions that survived, then the pushed elements, read
   * from the list now (head pushes from the inside out, so the store's head ends where the list's
   * does).
   */
  private static void writeList(StoreBatch b, byte[] key, ListValue l) {
    ListJournal j = l.journal();
    long poppedHead = j.poppedHead();
    long remaining = j.storedRemaining();
    if (poppedHead + j.poppedTail() > 0) {
      b.listTrim(key, poppedHead, j.poppedTail());
    }
    long pushedHead = j.pushedHead();
    for (long position : j.overwritten()) {
      if (position >= poppedHead && position < poppedHead + remaining) {
        long index = position - poppedHead;
        b.listSet(key, index, l.get((int) (pushedHead + index)));
      }
    }
    for (long i = pushedHead - 1; i >= 0; i--) {
      b.listPushHead(key, l.get((int) i));
    }
    for (long i = l.size() - j.pushedTail(); i < l.size(); i++) {
      b.listPushTail(key, l.get((int) i));
    }
    l.markStored(key);
  }

  private static boolean live(ChangeJournal journal, byte[] key) {
    return journal != null && journal.storedAs(key);
  }
}
