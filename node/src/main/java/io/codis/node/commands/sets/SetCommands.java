package io.codis.node.commands.sets;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.keyspace.SetValue;
import io.codis.protocol.resp.RespWriter;

/**
 * The plain set commands: adding, removing, membership, SMEMBERS and SMOVE. Random picks, set
 * algebra and SSCAN live in their own classes.
 */
public final class SetCommands {
  private SetCommands() {}

  public static void register(CommandRegistry r) {
    r.register("sadd", SetCommands::sadd);
    r.register("srem", SetCommands::srem);
    r.register("scard", SetCommands::scard);
    r.register("sismember", SetCommands::sismember);
    r.register("smismember", SetCommands::smismember);
    r.register("smembers", SetCommands::smembers);
    r.register("smove", SetCommands::smove);
    r.register("spop", SetRandom::spop);
    r.register("srandmember", SetRandom::srandmember);
    r.register("sinter", c -> SetAlgebra.inter(c, 1, c.argc() - 1, null));
    r.register("sinterstore", c -> SetAlgebra.inter(c, 2, c.argc() - 2, c.arg(1)));
    r.register("sintercard", SetAlgebra::sintercard);
    r.register("sunion", c -> SetAlgebra.unionOrDiff(c, 1, null, false));
    r.register("sunionstore", c -> SetAlgebra.unionOrDiff(c, 2, c.arg(1), false));
    r.register("sdiff", c -> SetAlgebra.unionOrDiff(c, 1, null, true));
    r.register("sdiffstore", c -> SetAlgebra.unionOrDiff(c, 2, c.arg(1), true));
    r.register("sscan", SetScan::sscan);
  }

  /* SADD key member [member ...] */
  static void sadd(Call c) {
    byte[] key = c.arg(1);
    SetValue set = c.typed(key, SetValue.class);
    if (set == null) {
      set = new SetValue();
      c.keyspace().put(key, set);
    }
    int added = 0;
    for (int i = 2; i < c.argc(); i++) {
      if (set.add(c.arg(i))) {
        added++;
      }
    }
    if (added > 0) {
      c.keyspace().modified(key);
    }
    c.reply().integer(added);
  }

  /* SREM key member [member ...] */
  static void srem(Call c) {
    byte[] key = c.arg(1);
    SetValue set = c.typed(key, SetValue.class);
    if (set == null) {
      c.reply().integer(0);
      return;
    }
    int removed = 0;
    for (int i = 2; i < c.argc() && !set.isEmpty(); i++) {
      if (set.remove(c.arg(i))) {
        removed++;
      }
    }
    if (removed > 0) {
      if (set.isEmpty()) {
        c.keyspace().remove(key);
      }
      c.keyspace().modified(key);
    }
    c.reply().integer(removed);
  }

  /* SCARD key */
  static void scard(Call c) {
    SetValue set = c.typed(c.arg(1), SetValue.class);
    c.reply().integer(set == null ? 0 : set.size());
  }

  /* SISMEMBER key member */
  static void sismember(Call c) {
    SetValue set = c.typed(c.arg(1), SetValue.class);
    c.reply().integer(set != null && set.contains(c.arg(2)) ? 1 : 0);
  }

  /* SMISMEMBER key member [member ...] */
  static void smismember(Call c) {
    SetValue set = c.typed(c.arg(1), SetValue.class);
    RespWriter out = c.reply();
    out.arrayHeader(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      out.integer(set != null && set.contains(c.arg(i)) ? 1 : 0);
    }
  }

  /* SMEMBERS key  (a RESP3 set) */
  static void smembers(Call c) {
    SetValue set = c.typed(c.arg(1), SetValue.class);
    RespWriter out = c.reply();
    if (set == null) {
      out.setHeader(0);
      return;
    }
    out.setHeader(set.size());
    set.members().forEach((member, present) -> out.bulk(member));
  }

  /* SMOVE source destination member */
  static void smove(Call c) {
    byte[] sourceKey = c.arg(1);
    byte[] destinationKey = c.arg(2);
    byte[] member = c.arg(3);
    Object sourceValue = c.keyspace().get(sourceKey);
    // A missing source answers 0 before any type is checked, as in Redis.
    if (sourceValue == null) {
      c.reply().integer(0);
      return;
    }
    SetValue source = c.typed(sourceKey, SetValue.class);
    SetValue destination = c.typed(destinationKey, SetValue.class);
    if (source == destination) {
      c.reply().integer(source.contains(member) ? 1 : 0);
      return;
    }
    if (!source.remove(member)) {
      c.reply().integer(0);
      return;
    }
    if (source.isEmpty()) {
      c.keyspace().remove(sourceKey);
    }
    c.keyspace().modified(sourceKey);
    if (destination == null) {
      destination = new SetValue();
      c.keyspace().put(destinationKey, destination);
    }
    if (destination.add(member)) {
      c.keyspace().modified(destinationKey);
    }
    c.reply().integer(1);
  }
}
