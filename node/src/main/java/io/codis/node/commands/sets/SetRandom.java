package io.codis.node.commands.sets;

import io.codis.node.commands.common.RandomSampling;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;
import io.codis.node.keyspace.Dict;
import io.codis.node.keyspace.SetValue;
import io.codis.protocol.resp.RespWriter;
import java.util.List;
import java.util.random.RandomGenerator;

/** SPOP and SRANDMEMBER, with Redis 7.0's count rules and reply types. */
final class SetRandom {
  static final String MUST_BE_POSITIVE = "ERR value is out of range, must be positive";
  /**
   * Redis's SPOP_MOVE_STRATEGY_MUL: when fewer than a fifth of the members would remain, SPOP
   * rebuilds the set from the survivors instead of removing the popped ones, and the rebuilt set
   * takes the most compact encoding again (an intset if only integers remain).
   */
  private static final int REBUILD_RATIO = 5;

  private SetRandom() {}

  /* SPOP key [count] */
  static void spop(Call c) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (c.argc() == 3) {
      spopWithCount(c);
      return;
    }
    byte[] key = c.arg(1);
    SetValue set = c.typed(key, SetValue.class);
    if (set == null) {
      c.reply().nullBulk();
      return;
    }
    byte[] member = set.members().randomEntry(RandomSampling.random()).key();
    set.remove(member);
    if (set.isEmpty()) {
      c.keyspace().remove(key);
    }
    c.keyspace().modified(key);
    c.reply().bulk(member);
  }

  private static void spopWithCount(Call c) {
    Long parsed = io.codis.node.exec.Numbers.tryParseLong(c.arg(2));
    if (parsed == null || parsed < 0) {
      throw new CommandException(MUST_BE_POSITIVE);
    }
    long count = parsed;
    byte[] key = c.arg(1);
    SetValue set = c.typed(key, SetValue.class);
    RespWriter out = c.reply();
    if (set == null || count == 0) {
      out.setHeader(0);
      return;
    }
    int size = set.size();
    if (count >= size) {
      out.setHeader(size);
      set.members().forEach((member, present) -> out.bulk(member));
      c.keyspace().remove(key);
      c.keyspace().modified(key);
      return;
    }
    RandomGenerator random = RandomSampling.random();
    int popped = (int) count;
    int remaining = size - popped;
    out.setHeader(popped);
    if ((long) remaining * REBUILD_RATIO > count) {
      for (byte[] member : RandomSampling.distinct(set.members(), popped, random)) {
        set.remove(member);
        out.bulk(member);
      }
    } else {
      List<byte[]> keep = RandomSampling.distinct(set.members(), remaining, random);
      SetValue survivors = new SetValue();
      for (byte[] member : keep) {
        set.remove(member);
        survivors.add(member);
      }
      set.members().forEach((member, present) -> out.bulk(member));
      c.keyspace().putKeepTtl(key, survivors);
    }
    c.keyspace().modified(key);
  }

  /* SRANDMEMBER key [count] */
  static void srandmember(Call c) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    byte[] key = c.arg(1);
    if (c.argc() == 2) {
      SetValue set = c.typed(key, SetValue.class);
      if (set == null) {
        c.reply().nullBulk();
        return;
      }
      c.reply().bulk(set.members().randomEntry(RandomSampling.random()).key());
      return;
    }
    long requested = RandomSampling.parseSignedCount(c, 2);
    SetValue set = c.typed(key, SetValue.class);
    RespWriter out = c.reply();
    if (set == null || requested == 0) {
      out.arrayHeader(0);
      return;
    }
    Dict<Boolean> members = set.members();
    RandomGenerator random = RandomSampling.random();
    if (requested < 0) {
      long count = -requested;
      RandomSampling.checkRepeated(count);
      out.arrayHeader((int) count);
      for (long i = 0; i < count; i++) {
        out.bulk(members.randomEntry(random).key());
      }
      return;
    }
    if (requested >= set.size()) {
      out.arrayHeader(set.size());
      members.forEach((member, present) -> out.bulk(member));
      return;
    }
    List<byte[]> picked = RandomSampling.distinct(members, (int) requested, random);
    out.arrayHeader(picked.size());
    for (byte[] member : picked) {
      out.bulk(member);
    }
  }
}
