package io.codis.node.commands.sets;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;
import io.codis.node.exec.Numbers;
import io.codis.node.keyspace.SetValue;
import io.codis.protocol.resp.RespWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Intersection, union and difference, returned (a RESP3 set), counted (SINTERCARD) or stored.
 *
 * <p>Every source key is type-checked before anything is computed, even after a missing key has
 * already decided an intersection is empty: {@code SINTER missing string-key} is WRONGTYPE, as in
 * Redis. A store whose result is empty deletes the destination (and replies 0); otherwise the
 * destination is replaced, whatever its type, and loses any time to live.
 */
final class SetAlgebra {
  private SetAlgebra() {}

  /**
   * Looks up {@code count} keys from argument {@code first}: null entries for missing keys,
   * WRONGTYPE if any holds another type.
   */
  private static SetValue[] lookup(Call c, int first, int count) {
    SetValue[] sets = new SetValue[count];
    for (int j = 0; j < count; j++) {
      sets[j] = c.typed(c.arg(first + j), SetValue.class);
    }
    return sets;
  }

  /* SINTER key [key ...]; SINTERSTORE destination key [key ...] */
  static void inter(Call c, int first, int count, byte[] destination) {
    SetValue[] sets = lookup(c, first, count);
    List<byte[]> result = intersect(sets, 0);
    if (destination != null) {
      store(c, destination, result);
    } else {
      writeSet(c.reply(), result);
    }
  }

  /* SINTERCARD numkeys key [key ...] [LIMIT limit] */
  static void sintercard(Call c) {
    Long numkeys = Numbers.tryParseLong(c.arg(1));
    if (numkeys == null || numkeys < 1) {
      throw new CommandException("ERR numkeys should be greater than 0");
    }
    if (numkeys > c.argc() - 2) {
      throw new CommandException("ERR Number of keys can't be greater than number of args");
    }
    long limit = 0;
    for (int j = 2 + numkeys.intValue(); j < c.argc(); j++) {
      boolean moreArgs = c.argc() - 1 - j > 0;
      if (c.argIs(j, "limit") && moreArgs) {
        j++;
        Long parsed = Numbers.tryParseLong(c.arg(j));
        if (parsed == null || parsed < 0) {
          throw new CommandException("ERR LIMIT can't be negative");
        }
        limit = parsed;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    SetValue[] sets = lookup(c, 2, numkeys.intValue());
    c.reply().integer(intersect(sets, limit).size());
  }

  /**
   * The members common to all {@code sets} (empty if one is missing), walking the smallest and
   * probing the others; stops after {@code limit} members when {@code limit > 0}.
   */
  private static List<byte[]> intersect(SetValue[] sets, long limit) {
    for (SetValue s : sets) {
      if (s == null) {
        return List.of();
      }
    }
    SetValue[] bySize = sets.clone();
    Arrays.sort(bySize, Comparator.comparingInt(SetValue::size));
    List<byte[]> result = new ArrayList<>();
    SetValue smallest = bySize[0];
    for (byte[] member : io.codis.node.commands.common.RandomSampling.keys(smallest.members())) {
      if (limit > 0 && result.size() >= limit) {
        break;
      }
      boolean everywhere = true;
      for (int j = 1; j < bySize.length && everywhere; j++) {
        everywhere = bySize[j] == smallest || bySize[j].contains(member);
      }
      if (everywhere) {
        result.add(member);
      }
    }
    return result;
  }

  /* SUNION key [key ...]; SUNIONSTORE destination key [key ...]; SDIFF ...; SDIFFSTORE ... */
  static void unionOrDiff(Call c, int first, byte[] destination, boolean difference) {
    SetValue[] sets = lookup(c, first, c.argc() - first);
    SetValue result = new SetValue();
    if (difference) {
      SetValue head = sets[0];
      if (head != null) {
        head.members().forEach((member, present) -> {
          for (int j = 1; j < sets.length; j++) {
            if (sets[j] != null && sets[j].contains(member)) {
              return;
            }
          }
          result.add(member);
        });
      }
    } else {
      for (SetValue s : sets) {
        if (s != null) {
          s.members().forEach((member, present) -> result.add(member));
        }
      }
    }
    if (destination != null) {
      storeValue(c, destination, result);
    } else {
      RespWriter out = c.reply();
      out.setHeader(result.size());
      result.members().forEach((member, present) -> out.bulk(member));
    }
  }

  private static void store(Call c, byte[] destination, List<byte[]> members) {
    SetValue value = new SetValue();
    for (byte[] m : members) {
      value.add(m);
    }
    storeValue(c, destination, value);
  }

  /** Replaces (or, for an empty result, deletes) the destination and replies its cardinality. */
  private static void storeValue(Call c, byte[] destination, SetValue value) {
    if (value.isEmpty()) {
      if (c.keyspace().remove(destination)) {
        c.keyspace().modified(destination);
      }
      c.reply().integer(0);
      return;
    }
    c.keyspace().put(destination, value);
    c.keyspace().modified(destination);
    c.reply().integer(value.size());
  }

  private static void writeSet(RespWriter out, List<byte[]> members) {
    out.setHeader(members.size());
    for (byte[] m : members) {
      out.bulk(m);
    }
  }
}
