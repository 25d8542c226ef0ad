package io.codis.node.commands.keys;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Numbers;
import io.codis.node.keyspace.HashValue;
import io.codis.node.keyspace.ListValue;
import io.codis.node.keyspace.SetValue;
import io.codis.node.keyspace.ZSetValue;

/**
 * OBJECT ENCODING / FREQ / IDLETIME / REFCOUNT / HELP.
 *
 * <p>Our values have one representation each, so these answers are what Redis 7.0 would report for
 * a value of this content built by the usual commands, with its default (or CONFIG-set) thresholds.
 * Redis's encodings also depend on history (a hash that once outgrew its listpack stays a hashtable
 * after shrinking); ours depend on the current content only. The tier's LRU clock counts accesses,
 * not seconds, so IDLETIME answers 0 and FREQ, with an LFU policy selected, the memory tier's LFU counter of the key.
 */
final class ObjectCommand {
  static final String LFU_NOT_SELECTED =
      "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when "
          + "switching between policies at runtime LRU and LFU data will take some time to adjust.";
  static final String LFU_SELECTED =
      "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
          + "switching between policies at runtime LRU and LFU data will take some time to adjust.";

  /** Redis's embstr limit: strings up to this length live in the object's own allocation. */
  static final int EMBSTR_SIZE_LIMIT = 44;
  /** Redis shares integer objects 0..9999 ({@code OBJ_SHARED_INTEGERS}); their refcount is INT_MAX. */
  static final long SHARED_INTEGERS = 10000;
  /** Redis's LFU_INIT_VAL: the counter of a key that was just created. */
  static final int LFU_INIT_VAL = 5;

  private static final String[] HELP = {
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
  };

  private ObjectCommand() {}

  static void register(CommandRegistry r) {
    r.register("object|encoding", ObjectCommand::encoding);
    r.register("object|freq", ObjectCommand::freq);
    r.register("object|idletime", ObjectCommand::idletime);
    r.register("object|refcount", ObjectCommand::refcount);
    r.register("object|help", ObjectCommand::help);
  }

  /* OBJECT ENCODING key */
  static void encoding(Call c) {
    Object value = c.keyspace().get(c.arg(2));
    c.reply().bulk(value == null ? null : encodingOf(c, value));
  }

  /* OBJECT FREQ key */
  static void freq(Call c) {
    // Read the counter before the lookup touches it (Redis looks the key up with NOTOUCH).
    Integer access = null;
    if (c.node().tier() != null && c.keyspace() instanceof io.codis.node.keyspace.MemoryKeyspace ks) {
      io.codis.node.keyspace.Dict.Entry<Object> entry = ks.rawEntry(c.arg(2));
      access = entry == null ? null : entry.access();
    }
    if (c.keyspace().typeOf(c.arg(2)) == null) {
      c.reply().nullBulk();
      return;
    }
    if (!lfuPolicy(c)) {
      throw new CommandException(LFU_NOT_SELECTED);
    }
    // The memory tier keeps Redis's LFU counter in the keyspace entry (io.codis.node.tier).
    c.reply().integer(access == null ? LFU_INIT_VAL : c.node().tier().frequency(access));
  }

  /* OBJECT IDLETIME key */
  static void idletime(Call c) {
    if (c.keyspace().get(c.arg(2)) == null) {
      c.reply().nullBulk();
      return;
    }
    if (lfuPolicy(c)) {
      throw new CommandException(LFU_SELECTED);
    }
    c.reply().integer(0);
  }

  /* OBJECT REFCOUNT key */
  static void refcount(Call c) {
    Object value = c.keyspace().get(c.arg(2));
    if (value == null) {
      c.reply().nullBulk();
      return;
    }
    if (value instanceof byte[] bytes && bytes.length <= 20) {
      Long n = Numbers.tryParseLong(bytes);
      if (n != null && n >= 0 && n < SHARED_INTEGERS) {
        c.reply().integer(Integer.MAX_VALUE);
        return;
      }
    }
    c.reply().integer(1);
  }

  /* OBJECT HELP */
  static void help(Call c) {
    c.reply().arrayHeader(HELP.length);
    for (String line : HELP) {
      c.reply().simple(line);
    }
  }

  static String encodingOf(Call c, Object value) {
    if (value instanceof byte[] bytes) {
      if (bytes.length <= 20 && Numbers.tryParseLong(bytes) != null) {
        return "int";
      }
      return bytes.length <= EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
    }
    if (value instanceof ListValue) {
      return "quicklist"; // Redis 7.0 has no listpack-encoded lists (7.2 added them)
    }
    if (value instanceof HashValue hash) {
      if (hash.size() > setting(c, "hash-max-listpack-entries", 512)) {
        return "hashtable";
      }
      long maxValue = setting(c, "hash-max-listpack-value", 64);
      boolean[] small = {true};
      hash.fields().forEach((field, v) -> {
        if (field.length > maxValue || v.length > maxValue) {
          small[0] = false;
        }
      });
      return small[0] ? "listpack" : "hashtable";
    }
    if (value instanceof SetValue set) {
      if (set.size() > setting(c, "set-max-intset-entries", 512)) {
        return "hashtable";
      }
      boolean[] integers = {true};
      set.members().forEach((member, unused) -> {
        if (member.length > 20 || Numbers.tryParseLong(member) == null) {
          integers[0] = false;
        }
      });
      return integers[0] ? "intset" : "hashtable";
    }
    if (value instanceof ZSetValue zset) {
      if (zset.size() > setting(c, "zset-max-listpack-entries", 128)) {
        return "skiplist";
      }
      long maxValue = setting(c, "zset-max-listpack-value", 64);
      boolean[] small = {true};
      zset.scores().forEach((member, score) -> {
        if (member.length > maxValue) {
          small[0] = false;
        }
      });
      return small[0] ? "listpack" : "skiplist";
    }
    throw new IllegalStateException("not a stored value: " + value.getClass().getName());
  }

  /** An encoding threshold from CONFIG (the server family accepts these keys), else Redis's default. */
  private static long setting(Call c, String name, long fallback) {
    String text = c.node().configStore().get(name);
    if (text == null) {
      return fallback;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static boolean lfuPolicy(Call c) {
    String policy = c.node().configStore().get("maxmemory-policy");
    return policy != null && policy.toLowerCase(java.util.Locale.ROOT).contains("lfu");
  }
}
