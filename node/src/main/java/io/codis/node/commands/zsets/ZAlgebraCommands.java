package io.codis.node.commands.zsets;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.exec.Numbers;
import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;
import io.codis.node.keyspace.ZSkipList.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD. Inputs may be sorted sets or plain sets
 * (every member scoring 1). The floating-point results depend on the order scores are combined in,
 * so the order follows Redis's: inputs sorted by size (stably) for union and intersection, the
 * smallest input driving the intersection.
 */
final class ZAlgebraCommands {
  private ZAlgebraCommands() {}

  enum Op { UNION, INTER, DIFF }

  enum Aggregate { SUM, MIN, MAX }

  static void register(CommandRegistry r) {
    r.register("zunion", c -> algebra(c, Op.UNION, false, false));
    r.register("zinter", c -> algebra(c, Op.INTER, false, false));
    r.register("zdiff", c -> algebra(c, Op.DIFF, false, false));
    r.register("zunionstore", c -> algebra(c, Op.UNION, true, false));
    r.register("zinterstore", c -> algebra(c, Op.INTER, true, false));
    r.register("zdiffstore", c -> algebra(c, Op.DIFF, true, false));
    r.register("zintercard", c -> algebra(c, Op.INTER, false, true));
  }

  /** One input: a sorted set, a set, or nothing (a missing key), with its weight. */
  private static final class Source {
    final Object value;
    double weight = 1.0;

    Source(Object value) {
      this.value = value;
    }

    int size() {
      if (value instanceof ZSetValue z) {
        return z.size();
      }
      return value instanceof SetValue s ? s.size() : 0;
    }

    /** The member's score in this input (1 in a set), or null. */
    Double find(byte[] member) {
      if (value instanceof ZSetValue z) {
        return z.score(member);
      }
      return value instanceof SetValue s && s.contains(member) ? 1.0 : null;
    }

    void forEach(Dict.EntryVisitor<Double> visitor) {
      if (value instanceof ZSetValue z) {
        for (Node n = z.order().first(); n != null; n = n.next()) {
          visitor.visit(n.member(), n.score());
        }
      } else if (value instanceof SetValue s) {
        s.members().forEach((member, present) -> visitor.visit(member, 1.0));
      }
    }
  }

  /*
   * ZUNION|ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
   * ZDIFF numkeys key [key ...] [WITHSCORES]
   * ZUNIONSTORE|ZINTERSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]
   * ZDIFFSTORE destination numkeys key [key ...]
   * ZINTERCARD numkeys key [key ...] [LIMIT limit]
   */
  static void algebra(Call c, Op op, boolean store, boolean cardinalityOnly) {
    int numkeysIndex = store ? 2 : 1;
    long numkeys = c.argLong(numkeysIndex);
    if (numkeys < 1) {
      throw new CommandException(
          "ERR at least 1 input key is needed for '" + c.spec().name() + "' command");
    }
    if (numkeys > c.argc() - (numkeysIndex + 1)) {
      throw new CommandException(Errors.SYNTAX);
    }
    int count = (int) numkeys;
    // Types are checked before the options, as Redis does.
    Source[] sources = new Source[count];
    for (int i = 0; i < count; i++) {
      Object value = c.keyspace().get(c.arg(numkeysIndex + 1 + i));
      if (value != null && !(value instanceof ZSetValue) && !(value instanceof SetValue)) {
        throw new CommandException(Errors.WRONGTYPE);
      }
      sources[i] = new Source(value);
    }
    Aggregate aggregate = Aggregate.SUM;
    boolean withScores = false;
    long limit = 0;
    int j = numkeysIndex + 1 + count;
    while (j < c.argc()) {
      int remaining = c.argc() - j;
      if (op != Op.DIFF && !cardinalityOnly && remaining >= count + 1 && c.argIs(j, "weights")) {
        j++;
        for (int i = 0; i < count; i++, j++) {
          sources[i].weight = Numbers.parseDouble(c.arg(j), "ERR weight value is not a float");
        }
      } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && c.argIs(j, "aggregate")) {
        j++;
        if (c.argIs(j, "sum")) {
          aggregate = Aggregate.SUM;
        } else if (c.argIs(j, "min")) {
          aggregate = Aggregate.MIN;
        } else if (c.argIs(j, "max")) {
          aggregate = Aggregate.MAX;
        } else {
          throw new CommandException(Errors.SYNTAX);
        }
        j++;
      } else if (!store && !cardinalityOnly && c.argIs(j, "withscores")) {
        j++;
        withScores = true;
      } else if (cardinalityOnly && remaining >= 2 && c.argIs(j, "limit")) {
        Long value = io.codis.node.exec.Numbers.tryParseLong(c.arg(j + 1));
        if (value == null || value < 0) {
          throw new CommandException("ERR LIMIT can't be negative");
        }
        limit = value;
        j += 2;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }

    if (cardinalityOnly) {
      c.reply().integer(intersectionSize(sources, limit));
      return;
    }
    // Built as a skip list, as Redis builds it; a stored result is compacted afterwards if small.
    ZSetValue result = new ZSetValue(Long.MAX_VALUE, 0);
    switch (op) {
      case INTER -> intersect(sources, aggregate, result);
      case UNION -> union(sources, aggregate, result);
      default -> difference(sources, result);
    }
    if (store) {
      byte[] destination = c.arg(1);
      if (result.isEmpty()) {
        if (c.keyspace().remove(destination)) {
          c.keyspace().modified(destination);
        }
        c.reply().integer(0);
        return;
      }
      result.compactIfSmall();
      c.keyspace().put(destination, result);
      c.keyspace().modified(destination);
      c.reply().integer(result.size());
      return;
    }
    ZReply.header(c, result.size(), withScores);
    for (Node n = result.order().first(); n != null; n = n.next()) {
      ZReply.element(c, n.member(), n.score(), withScores);
    }
  }

  private static Source[] bySize(Source[] sources) {
    Source[] sorted = sources.clone();
    Arrays.sort(sorted, Comparator.comparingInt(Source::size)); // stable, as glibc's qsort here
    return sorted;
  }

  /** Redis's zunionInterAggregate: a NaN sum (inf + -inf) counts as 0. */
  private static double combine(double target, double value, Aggregate aggregate) {
    return switch (aggregate) {
      case SUM -> {
        double sum = target + value;
        yield Double.isNaN(sum) ? 0.0 : sum;
      }
      case MIN -> value < target ? value : target;
      case MAX -> value > target ? value : target;
    };
  }

  /** A weighted score; a NaN product (inf * 0) counts as 0. */
  private static double weighted(double score, double weight) {
    double product = score * weight;
    return Double.isNaN(product) ? 0.0 : product;
  }

  private static void intersect(Source[] sources, Aggregate aggregate, ZSetValue result) {
    Source[] sorted = bySize(sources);
    if (sorted[0].size() == 0) {
      return;
    }
    List<byte[]> members = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    sorted[0].forEach((member, score0) -> {
      Double combined = combineAcross(sorted, member, score0, aggregate);
      if (combined != null) {
        members.add(member);
        scores.add(combined);
      }
    });
    for (int i = 0; i < members.size(); i++) {
      result.put(members.get(i), scores.get(i));
    }
  }

  /** The aggregated score of a member of the first (smallest) input across all, or null if absent from one. */
  private static Double combineAcross(Source[] sorted, byte[] member, double score0, Aggregate aggregate) {
    double score = weighted(score0, sorted[0].weight);
    for (int j = 1; j < sorted.length; j++) {
      double value;
      if (sorted[j].value == sorted[0].value) {
        value = score0 * sorted[j].weight;
      } else {
        Double found = sorted[j].find(member);
        if (found == null) {
          return null;
        }
        value = found * sorted[j].weight;
      }
      score = combine(score, value, aggregate);
    }
    return score;
  }

  private static long intersectionSize(Source[] sources, long limit) {
    Source[] sorted = bySize(sources);
    if (sorted[0].size() == 0) {
      return 0;
    }
    long[] count = {0};
    // A plain loop over the smallest input would be the same; forEach keeps one iteration path.
    sorted[0].forEach((member, score0) -> {
      if (limit > 0 && count[0] >= limit) {
        return;
      }
      if (combineAcross(sorted, member, score0, Aggregate.SUM) != null) {
        count[0]++;
      }
    });
    return count[0];
  }

  private static void union(Source[] sources, Aggregate aggregate, ZSetValue result) {
    Source[] sorted = bySize(sources);
    Dict<double[]> accumulator = new Dict<>();
    for (Source source : sorted) {
      if (source.size() == 0) {
        continue;
      }
      source.forEach((member, score) -> {
        double value = weighted(score, source.weight);
        double[] slot = accumulator.get(member);
        if (slot == null) {
          accumulator.put(member, new double[] {value});
        } else {
          slot[0] = combine(slot[0], value, aggregate);
        }
      });
    }
    accumulator.forEach((member, slot) -> result.put(member, slot[0]));
  }

  private static void difference(Source[] sources, ZSetValue result) {
    Source first = sources[0];
    if (first.size() == 0) {
      return;
    }
    first.forEach((member, score) -> {
      for (int i = 1; i < sources.length; i++) {
        if (sources[i].find(member) != null) {
          return;
        }
      }
      result.put(member, score);
    });
  }
}
