package io.codis.node.commands.server;

import io.codis.protocol.command.CommandFlag;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.KeySpec;
import io.codis.protocol.resp.RespWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a command-table row the way Redis 7.0's COMMAND INFO and COMMAND DOCS do: name, arity,
 * flags, legacy first/last/step, ACL categories, tips, key specs, subcommands.
 *
 * <p>ACL categories are the row's declared ones plus those Redis derives from the flags; a row that
 * declares none gets its group's category (GET: {@code @string}). Key-spec flags are derived from the
 * command's flags (RW for writes, RO + access for reads), an approximation of Redis's per-key flags.
 */
final class CommandInfoReply {
  /** ACL categories in Redis's order. */
  static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset",
      "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast",
      "slow", "blocking", "dangerous", "connection", "transaction", "scripting");
  /** Flags in the order Redis prints them; the rest (sentinel, may_replicate) are hidden, as in Redis. */
  private static final CommandFlag[] FLAG_ORDER = {
      CommandFlag.WRITE, CommandFlag.READONLY, CommandFlag.DENYOOM, CommandFlag.ADMIN,
      CommandFlag.PUBSUB, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING, CommandFlag.LOADING,
      CommandFlag.STALE, CommandFlag.SKIP_MONITOR, CommandFlag.SKIP_SLOWLOG, CommandFlag.FAST,
      CommandFlag.NO_AUTH, CommandFlag.NO_MANDATORY_KEYS, CommandFlag.NO_ASYNC_LOADING,
      CommandFlag.NO_MULTI};

  private CommandInfoReply() {}

  static List<String> flags(CommandSpec spec) {
    List<String> out = new ArrayList<>();
    for (CommandFlag flag : FLAG_ORDER) {
      if (spec.is(flag)) {
        out.add(flag.replyName());
      }
    }
    if (spec.movableKeys()) {
      out.add("movablekeys");
    }
    if (spec.is(CommandFlag.ALLOW_BUSY)) {
      out.add("allow_busy");
    }
    return out;
  }

  /** Declared plus implied categories, in Redis's order, with the {@code @}. */
  static List<String> categories(CommandSpec spec) {
    java.util.Set<String> cats = new java.util.HashSet<>(spec.aclCategories());
    if (spec.aclCategories().isEmpty() && !spec.hasSubcommands()) {
      String byGroup = groupCategory(spec.group());
      if (byGroup != null) {
        cats.add(byGroup);
      }
    }
    if (spec.is(CommandFlag.WRITE)) {
      cats.add("write");
    }
    if (spec.is(CommandFlag.READONLY)) {
      cats.add("read");
    }
    if (spec.is(CommandFlag.ADMIN)) {
      cats.add("admin");
      cats.add("dangerous");
    }
    if (spec.is(CommandFlag.PUBSUB)) {
      cats.add("pubsub");
    }
    if (spec.is(CommandFlag.FAST)) {
      cats.add("fast");
    }
    if (spec.is(CommandFlag.BLOCKING)) {
      cats.add("blocking");
    }
    if (!cats.contains("fast")) {
      cats.add("slow");
    }
    List<String> out = new ArrayList<>();
    for (String c : CATEGORIES) {
      if (cats.contains(c)) {
        out.add("@" + c);
      }
    }
    return out;
  }

  private static String groupCategory(String group) {
    switch (group) {
      case "string": return "string";
      case "bitmap": return "bitmap";
      case "list": return "list";
      case "hash": return "hash";
      case "set": return "set";
      case "sorted-set": return "sortedset";
      case "generic": return "keyspace";
      case "transactions": return "transaction";
      case "connection": return "connection";
      default: return null;
    }
  }

  /** Redis's legacy (first, last, step): from the leading range spec, 0 0 0 when there is none. */
  static int[] legacyRange(CommandSpec spec) {
    if (spec.keys().isEmpty() || !(spec.keys().get(0) instanceof KeySpec.Range first)) {
      return new int[] {0, 0, 0};
    }
    int last = first.last();
    for (int i = 1; i < spec.keys().size(); i++) {
      if (spec.keys().get(i) instanceof KeySpec.Range next && last >= 0
          && next.first() == last + 1 && next.step() == first.step()) {
        last = next.last();
      } else {
        break;
      }
    }
    return new int[] {first.first(), last, first.step()};
  }

  /** Access flags of the keys of a command, derived from its flags. */
  static List<String> keyFlags(CommandSpec spec) {
    if (spec.isWrite()) {
      return List.of("RW");
    }
    if (spec.is(CommandFlag.READONLY)) {
      return List.of("RO", "access");
    }
    return List.of("RO");
  }

  static void info(RespWriter out, CommandSpec spec) {
    out.arrayHeader(10);
    out.bulk(spec.name());
    out.integer(spec.arity());
    List<String> flags = flags(spec);
    out.setHeader(flags.size());
    for (String f : flags) {
      out.simple(f);
    }
    int[] range = legacyRange(spec);
    out.integer(range[0]);
    out.integer(range[1]);
    out.integer(range[2]);
    List<String> cats = categories(spec);
    out.setHeader(cats.size());
    for (String c : cats) {
      out.simple(c);
    }
    out.setHeader(spec.tips().size());
    for (String tip : spec.tips()) {
      out.bulk(tip);
    }
    List<KeySpec> listed = spec.keys().stream().filter(k -> !(k instanceof KeySpec.Patterns)).toList();
    out.arrayHeader(listed.size());
    for (KeySpec key : listed) {
      keySpec(out, spec, key);
    }
    out.arrayHeader(spec.subcommands().size());
    for (CommandSpec sub : spec.subcommands().values()) {
      info(out, sub);
    }
  }

  private static void keySpec(RespWriter out, CommandSpec spec, KeySpec key) {
    out.mapHeader(3);
    out.bulk("flags");
    List<String> flags = keyFlags(spec);
    out.setHeader(flags.size());
    for (String f : flags) {
      out.simple(f);
    }
    out.bulk("begin_search");
    out.mapHeader(2);
    out.bulk("type");
    if (key instanceof KeySpec.Keyword kw) {
      out.bulk("keyword");
      out.bulk("spec");
      out.mapHeader(2);
      out.bulk("keyword");
      out.bulk(kw.keyword());
      out.bulk("startfrom");
      out.integer(kw.lastOccurrence() ? -1 : kw.searchFrom());
    } else {
      out.bulk("index");
      out.bulk("spec");
      out.mapHeader(1);
      out.bulk("index");
      out.integer(key instanceof KeySpec.Range r ? r.first() : ((KeySpec.Keynum) key).numkeysIndex());
    }
    out.bulk("find_keys");
    out.mapHeader(2);
    out.bulk("type");
    if (key instanceof KeySpec.Keynum kn) {
      out.bulk("keynum");
      out.bulk("spec");
      out.mapHeader(3);
      out.bulk("keynumidx");
      out.integer(0);
      out.bulk("firstkey");
      out.integer(kn.firstKeyOffset());
      out.bulk("keystep");
      out.integer(kn.step());
    } else {
      int lastkey;
      int step;
      int limit = 0;
      if (key instanceof KeySpec.Range r) {
        lastkey = r.last() >= 0 ? r.last() - r.first() : r.last();
        step = r.step();
      } else {
        KeySpec.Keyword kw = (KeySpec.Keyword) key;
        lastkey = kw.count() >= 0 ? kw.count() - 1 : -1;
        step = kw.step();
        limit = kw.count() >= 0 ? 0 : 2;
      }
      out.bulk("range");
      out.bulk("spec");
      out.mapHeader(3);
      out.bulk("lastkey");
      out.integer(lastkey);
      out.bulk("keystep");
      out.integer(step);
      out.bulk("limit");
      out.integer(limit);
    }
  }

  /** COMMAND DOCS entry: summary, since, group, and the subcommands' docs. */
  static void docs(RespWriter out, CommandSpec spec) {
    boolean subs = spec.hasSubcommands();
    out.mapHeader(subs ? 4 : 3);
    out.bulk("summary");
    out.bulk(spec.summary());
    out.bulk("since");
    out.bulk(spec.since());
    out.bulk("group");
    out.bulk(spec.group());
    if (subs) {
      out.bulk("subcommands");
      out.mapHeader(spec.subcommands().size());
      for (CommandSpec sub : spec.subcommands().values()) {
        out.bulk(sub.name());
        docs(out, sub);
      }
    }
  }
}
