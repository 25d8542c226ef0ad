package io.codis.node.commands.keys;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.exec.Strtod;
import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.Keyspace;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO, following Redis 7.0's sortCommandGeneric step by step: parse options, check the
 * type, load the elements (in their native order when BY names a constant, so nothing is sorted),
 * compute the sort weights, sort, then answer or STORE through the GET patterns.
 *
 * <p>Patterns ({@code BY weight_*}, {@code GET obj_*->field}, {@code GET #}) name other keys, which
 * in a cluster may live in other slots: like a standalone Redis, the node looks them up locally.
 */
final class SortCommand {
  static final String NOT_DOUBLE = "ERR One or more scores can't be converted into double";

  private SortCommand() {}

  static void register(CommandRegistry r) {
    r.register("sort", c -> sort(c, false));
    r.register("sort_ro", c -> sort(c, true));
  }

  /*
   * Redis 7.0 in cluster mode refuses patterns outright: the keys they form may live in another
   * group, where this node would read them as missing and answer a silently wrong order.
   */
  static final String BY_DENIED_IN_CLUSTER = "ERR BY option of SORT denied in Cluster mode.";
  static final String GET_DENIED_IN_CLUSTER = "ERR GET option of SORT denied in Cluster mode.";

  private static boolean inCluster(Call c) {
    return c.node().ownership() != null;
  }

  /** One element being sorted with its weight (numeric) or comparison string (ALPHA with BY). */
  private static final class Item {
    final byte[] element;
    double score;
    byte[] compareWith;

    Item(byte[] element) {
      this.element = element;
    }
  }

  /*
   * SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]
   *     [STORE destination]
   * SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]
   */
  static void sort(Call c, boolean readOnly) {
    boolean desc = false;
    boolean alpha = false;
    long limitStart = 0;
    long limitCount = -1;
    byte[] by = null;
    byte[] store = null;
    boolean dontSort = false;
    List<byte[]> gets = new ArrayList<>();
    for (int j = 2; j < c.argc(); j++) {
      int left = c.argc() - j - 1;
      if (c.argIs(j, "asc")) {
        desc = false;
      } else if (c.argIs(j, "desc")) {
        desc = true;
      } else if (c.argIs(j, "alpha")) {
        alpha = true;
      } else if (c.argIs(j, "limit") && left >= 2) {
        limitStart = c.argLong(j + 1);
        limitCount = c.argLong(j + 2);
        j += 2;
      } else if (!readOnly && c.argIs(j, "store") && left >= 1) {
        store = c.arg(j + 1);
        j++;
      } else if (c.argIs(j, "by") && left >= 1) {
        by = c.arg(j + 1);
        dontSort = indexOf(by, (byte) '*', 0, cLength(by)) < 0;
        if (!dontSort && inCluster(c)) {
          throw new CommandException(BY_DENIED_IN_CLUSTER);
        }
        j++;
      } else if (c.argIs(j, "get") && left >= 1) {
        if (inCluster(c)) {
          throw new CommandException(GET_DENIED_IN_CLUSTER);
        }
        gets.add(c.arg(j + 1));
        j++;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }

    Keyspace ks = c.keyspace();
    Object source = ks.get(c.arg(1));
    if (source != null
        && !(source instanceof ListValue || source instanceof SetValue || source instanceof ZSetValue)) {
      throw new CommandException(Errors.WRONGTYPE);
    }
    // A set has no order of its own: when the result is stored, sort it so it is reproducible.
    if (dontSort && source instanceof SetValue && store != null) {
      dontSort = false;
      alpha = true;
      by = null;
    }

    int length = source == null ? 0 : sizeOf(source);
    long start = Math.min(Math.max(limitStart, 0), length);
    long count = Math.min(Math.max(limitCount, -1), length);
    long end = count < 0 ? length : Math.min(start + count, length);

    List<Item> items;
    if (dontSort && (source instanceof ListValue || source instanceof ZSetValue)) {
      // Native order (reversed by DESC), LIMIT applied while loading.
      items = nativeRange(source, (int) start, (int) end, desc);
      end -= start;
      start = 0;
    } else {
      items = load(source);
    }

    if (!dontSort) {
      boolean conversionError = false;
      for (Item item : items) {
        byte[] weight = by == null ? item.element : lookup(ks, by, item.element);
        if (weight == null) {
          continue; // a missing weight key: score 0, or first in ALPHA order
        }
        if (alpha) {
          if (by != null) {
            item.compareWith = weight;
          }
        } else {
          Double score = Strtod.sortWeight(weight);
          if (score == null) {
            conversionError = true;
          } else {
            item.score = score;
          }
        }
      }
      if (conversionError) {
        throw new CommandException(NOT_DOUBLE);
      }
      items.sort(comparator(alpha, by != null, store != null, desc));
    }

    int from = (int) start;
    int to = (int) end;
    if (store == null) {
      int outputs = gets.isEmpty() ? to - from : gets.size() * (to - from);
      c.reply().arrayHeader(outputs);
      for (int j = from; j < to; j++) {
        byte[] element = items.get(j).element;
        if (gets.isEmpty()) {
          c.reply().bulk(element);
        }
        for (byte[] get : gets) {
          c.reply().bulk(lookup(ks, get, element));
        }
      }
      return;
    }
    ListValue result = new ListValue();
    for (int j = from; j < to; j++) {
      byte[] element = items.get(j).element;
      if (gets.isEmpty()) {
        result.addLast(element);
      }
      for (byte[] get : gets) {
        byte[] found = lookup(ks, get, element);
        result.addLast(found == null ? new byte[0] : found);
      }
    }
    if (!result.isEmpty()) {
      ks.put(store, result);
      ks.modified(store);
    } else if (ks.remove(store)) {
      ks.modified(store);
    }
    c.reply().integer(result.size());
  }

  private static int sizeOf(Object value) {
    if (value instanceof ListValue list) {
      return list.size();
    }
    if (value instanceof SetValue set) {
      return set.size();
    }
    return ((ZSetValue) value).size();
  }

  /** Every element, in the container's own order (hash order for sets and sorted sets). */
  private static List<Item> load(Object source) {
    List<Item> items = new ArrayList<>();
    if (source instanceof ListValue list) {
      for (int i = 0; i < list.size(); i++) {
        items.add(new Item(list.get(i)));
      }
    } else if (source instanceof SetValue set) {
      set.members().forEach((member, unused) -> items.add(new Item(member)));
    } else if (source instanceof ZSetValue zset) {
      zset.scores().forEach((member, score) -> items.add(new Item(member)));
    }
    return items;
  }

  /** Elements {@code [start, end)} of a list, or of a sorted set by rank; DESC counts from the end. */
  private static List<Item> nativeRange(Object source, int start, int end, boolean desc) {
    List<Item> items = new ArrayList<>();
    if (end <= start) {
      return items;
    }
    if (source instanceof ListValue list) {
      int n = list.size();
      for (int i = start; i < end; i++) {
        items.add(new Item(list.get(desc ? n - 1 - i : i)));
      }
      return items;
    }
    ZSetValue zset = (ZSetValue) source;
    List<byte[]> members = new ArrayList<>(zset.size());
    zset.scores().forEach((member, score) -> members.add(member));
    members.sort(byScoreThenMember(zset));
    int n = members.size();
    for (int i = start; i < end; i++) {
      items.add(new Item(members.get(desc ? n - 1 - i : i)));
    }
    return items;
  }

  private static Comparator<byte[]> byScoreThenMember(ZSetValue zset) {
    return (a, b) -> {
      int byScore = Double.compare(zset.scores().get(a), zset.scores().get(b));
      return byScore != 0 ? byScore : Arrays.compareUnsigned(a, b);
    };
  }

  /**
   * Redis's sortCompare. Numeric: by weight, ties broken by the element's bytes. ALPHA: by the
   * element, or by the BY value (missing values first); compared as C strings ({@code strcoll} in
   * the C locale, which stops at a NUL byte) unless STORE is given, which compares whole binary
   * strings.
   */
  private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
    Comparator<Item> cmp;
    if (!alpha) {
      cmp = (a, b) -> {
        if (a.score > b.score) {
          return 1;
        }
        if (a.score < b.score) {
          return -1;
        }
        return Arrays.compareUnsigned(a.element, b.element);
      };
    } else if (byPattern) {
      cmp = (a, b) -> {
        if (a.compareWith == null || b.compareWith == null) {
          return a.compareWith == b.compareWith ? 0 : a.compareWith == null ? -1 : 1;
        }
        return store
            ? Arrays.compareUnsigned(a.compareWith, b.compareWith)
            : compareCString(a.compareWith, b.compareWith);
      };
    } else {
      cmp = (a, b) -> store
          ? Arrays.compareUnsigned(a.element, b.element)
          : compareCString(a.element, b.element);
    }
    return desc ? cmp.reversed() : cmp;
  }

  /** strcmp: unsigned bytes up to the first NUL of either string. */
  static int compareCString(byte[] a, byte[] b) {
    int i = 0;
    while (true) {
      int x = i < a.length ? a[i] & 0xff : 0;
      int y = i < b.length ? b[i] & 0xff : 0;
      if (x != y) {
        return x - y;
      }
      if (x == 0) {
        return 0;
      }
      i++;
    }
  }

  /**
   * Redis's lookupKeyByPattern: {@code #} is the element itself; otherwise the first {@code *} is
   * replaced by the element and the key read as a string, or, with {@code ->field} after the star,
   * as a hash's field. No star, a missing key or the wrong type: null. The pattern is searched as a
   * C string (up to a NUL byte), as Redis's strchr and strstr do.
   */
  static byte[] lookup(Keyspace ks, byte[] pattern, byte[] element) {
    int searchable = cLength(pattern);
    if (searchable >= 1 && pattern[0] == '#' && searchable == 1) {
      return element;
    }
    int star = indexOf(pattern, (byte) '*', 0, searchable);
    if (star < 0) {
      return null;
    }
    int arrow = -1;
    for (int i = star + 1; i + 1 < searchable; i++) {
      if (pattern[i] == '-' && pattern[i + 1] == '>') {
        arrow = i;
        break;
      }
    }
    // "->" counts only when something follows it.
    boolean hashField = arrow >= 0 && arrow + 2 < searchable;
    int keyEnd = hashField ? arrow : pattern.length;
    byte[] key = new byte[star + element.length + (keyEnd - star - 1)];
    System.arraycopy(pattern, 0, key, 0, star);
    System.arraycopy(element, 0, key, star, element.length);
    System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
    Object value = ks.get(key);
    if (value == null) {
      return null;
    }
    if (hashField) {
      if (!(value instanceof HashValue hash)) {
        return null;
      }
      return hash.fields().get(Arrays.copyOfRange(pattern, arrow + 2, pattern.length));
    }
    return value instanceof byte[] bytes ? bytes : null;
  }

  /** Length of {@code bytes} as a C string: up to its first NUL byte. */
  private static int cLength(byte[] bytes) {
    int nul = indexOf(bytes, (byte) 0, 0, bytes.length);
    return nul < 0 ? bytes.length : nul;
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
