package io.codis.protocol.command;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one command table, built once from the row files ({@code *Rows} classes, one per command
 * group). Lookups are case-insensitive. Immutable after construction, so any thread may read it.
 */
public final class CommandTable {
  private static final CommandTable STANDARD = build();

  /** Buckets of the byte-level index: a power of two well above the row count. */
  private static final int INDEX_BUCKETS = 1024;

  private final Map<String, CommandSpec> byName;
  /**
   * The same rows indexed by a case-folded hash of the name's bytes, so the per-request lookup
   * allocates nothing (the map above would need a String for every command).
   */
  private final CommandSpec[][] index = new CommandSpec[INDEX_BUCKETS][];

  private CommandTable(Map<String, CommandSpec> byName) {
    this.byName = Collections.unmodifiableMap(byName);
    for (CommandSpec spec : byName.values()) {
      byte[] name = spec.name().getBytes(StandardCharsets.US_ASCII);
      int bucket = foldedHash(name) & (INDEX_BUCKETS - 1);
      CommandSpec[] chain = index[bucket];
      CommandSpec[] grown = chain == null ? new CommandSpec[1] : java.util.Arrays.copyOf(chain, chain.length + 1);
      grown[grown.length - 1] = spec;
      index[bucket] = grown;
    }
  }

  /** The table every component uses. */
  public static CommandTable standard() {
    return STANDARD;
  }

  private static CommandTable build() {
    Rows rows = new Rows();
    ConnectionRows.register(rows);
    StringRows.register(rows);
    KeyRows.register(rows);
    ListRows.register(rows);
    HashRows.register(rows);
    SetRows.register(rows);
    SortedSetRows.register(rows);
    PubSubRows.register(rows);
    TransactionRows.register(rows);
    ServerRows.register(rows);
    SlotsRows.register(rows);
    ReplicationRows.register(rows);
    return new CommandTable(rows.rows);
  }

  /** Returns the row for a command name (any case), or null. */
  public CommandSpec lookup(byte[] name) {
    if (name.length > 32) {
      return null;
    }
    CommandSpec[] chain = index[foldedHash(name) & (INDEX_BUCKETS - 1)];
    if (chain != null) {
      for (CommandSpec spec : chain) {
        if (equalsIgnoreAsciiCase(spec.name(), name)) {
          return spec;
        }
      }
    }
    return null;
  }

  private static int foldedHash(byte[] name) {
    int h = 0;
    for (byte b : name) {
      int c = b & 0xff;
      h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return h ^ (h >>> 11);
  }

  private static boolean equalsIgnoreAsciiCase(String lowerName, byte[] name) {
    if (lowerName.length() != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      int c = name[i] & 0xff;
      if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  public CommandSpec lookup(String name) {
    return byName.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the row that applies to {@code argv}: the subcommand's row for container commands
   * (CONFIG GET), else the command's row; null when the command is unknown. A container command with
   * an unknown subcommand returns the container's row; the caller reports the unknown subcommand.
   */
  public CommandSpec resolve(byte[][] argv) {
    CommandSpec spec = lookup(argv[0]);
    if (spec == null || !spec.hasSubcommands() || argv.length < 2) {
      return spec;
    }
    CommandSpec sub = spec.subcommands().get(lowerAscii(argv[1]));
    return sub != null ? sub : spec;
  }

  public Collection<CommandSpec> all() {
    return byName.values();
  }

  public int size() {
    return byName.size();
  }

  static String lowerAscii(byte[] bytes) {
    char[] chars = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      chars[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return new String(chars);
  }

  /** Collects rows; the row files add to it. */
  static final class Rows {
    private final Map<String, CommandSpec> rows = new LinkedHashMap<>();

    void add(CommandSpec spec) {
      if (rows.putIfAbsent(spec.name(), spec) != null) {
        throw new IllegalStateException("command declared twice: " + spec.name());
      }
    }

    RowBuilder row(String name, int arity, String group, String since, String summary) {
      return new RowBuilder(this, name, arity, group, since, summary);
    }
  }

  /** Names the parts of a row so the row files read like a table. */
  static final class RowBuilder {
    private final Rows rows;
    private final String name;
    private final int arity;
    private final String group;
    private final String since;
    private final String summary;
    private final java.util.EnumSet<CommandFlag> flags = java.util.EnumSet.noneOf(CommandFlag.class);
    private final java.util.List<KeySpec> keys = new java.util.ArrayList<>();
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private ProxyPolicy policy = ProxyPolicy.SINGLE_SLOT;
    private final java.util.List<String> aclCategories = new java.util.ArrayList<>();
    private final java.util.List<String> tips = new java.util.ArrayList<>();
    private boolean atQueueTime;

    RowBuilder(Rows rows, String name, int arity, String group, String since, String summary) {
      this.rows = rows;
      this.name = name;
      this.arity = arity;
      this.group = group;
      this.since = since;
      this.summary = summary;
    }

    RowBuilder flags(CommandFlag... values) {
      flags.addAll(java.util.List.of(values));
      return this;
    }

    /** Legacy first/last/step key positions. */
    RowBuilder keys(int first, int last, int step) {
      keys.add(new KeySpec.Range(first, last, step));
      return this;
    }

    RowBuilder keys(KeySpec spec) {
      keys.add(spec);
      return this;
    }

    /** ACL categories beyond those implied by the flags (Redis's {@code acl_categories}), without {@code @}. */
    RowBuilder acl(String... categories) {
      aclCategories.addAll(java.util.List.of(categories));
      return this;
    }

    /** Redis's command tips, as {@code COMMAND INFO} prints them. */
    RowBuilder tips(String... values) {
      tips.addAll(java.util.List.of(values));
      return this;
    }

    /** Runs at once inside MULTI instead of being queued ({@link CommandSpec#atQueueTime()}). */
    RowBuilder atQueueTime() {
      atQueueTime = true;
      return this;
    }

    RowBuilder policy(ProxyPolicy value) {
      policy = value;
      return this;
    }

    /** Adds a subcommand row, named {@code parent|sub}. */
    RowBuilder sub(String subName, int subArity, String subSummary, java.util.function.UnaryOperator<RowBuilder> shape) {
      Rows scratch = new Rows();
      RowBuilder sub = new RowBuilder(scratch, name + "|" + subName, subArity, group, since, subSummary);
      sub.policy(policy);
      shape.apply(sub).add();
      subcommands.put(subName, scratch.rows.values().iterator().next());
      return this;
    }

    void add() {
      if (keys.isEmpty() && policy == ProxyPolicy.SINGLE_SLOT) {
        throw new IllegalStateException(name + ": a keyless command needs an explicit proxy policy");
      }
      rows.add(
          new CommandSpec(name, arity, flags, keys, policy, group, since, summary, subcommands,
              aclCategories, tips, atQueueTime));
    }
  }

  /** The name in a reply or error: Redis prints commands in lowercase. */
  public static String printable(byte[] name) {
    return new String(name, StandardCharsets.UTF_8);
  }
}
