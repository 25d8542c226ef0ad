package io.codis.protocol.command;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * One row of the command table.
 *
 * @param name lowercase name, {@code "get"}; a subcommand is {@code "config|get"}
 * @param arity Redis's arity: positive means exactly that many arguments (name included), negative
 *     means at least {@code -arity}
 * @param flags Redis's command flags
 * @param keys where the keys are; several specs are applied in order
 * @param policy how the proxy serves it
 * @param group documentation group, as in {@code COMMAND DOCS} ({@code "string"}, {@code "list"}...)
 * @param since Redis version that introduced it
 * @param summary one line for {@code COMMAND DOCS}
 * @param subcommands rows of the subcommands by lowercase subcommand name (empty for most)
 * @param aclCategories ACL categories declared on top of those Redis derives from the flags
 *     ({@code "keyspace"}, {@code "dangerous"}, {@code "connection"}...), without the {@code @}
 * @param tips Redis's command tips ({@code "nondeterministic_output"}, {@code "request_policy:all_shards"})
 * @param atQueueTime runs at once inside MULTI instead of being queued (Redis's MULTI, EXEC,
 *     DISCARD, WATCH, QUIT, RESET); not a Redis flag, so never reported by COMMAND INFO
 */
public record CommandSpec(
    String name,
    int arity,
    Set<CommandFlag> flags,
    List<KeySpec> keys,
    ProxyPolicy policy,
    String group,
    String since,
    String summary,
    Map<String, CommandSpec> subcommands,
    List<String> aclCategories,
    List<String> tips,
    boolean atQueueTime) {

  public CommandSpec {
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    keys = List.copyOf(keys);
    subcommands = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subcommands));
    aclCategories = List.copyOf(aclCategories);
    tips = List.copyOf(tips);
  }

  /** A row queued inside MULTI like most. */
  public CommandSpec(
      String name,
      int arity,
      Set<CommandFlag> flags,
      List<KeySpec> keys,
      ProxyPolicy policy,
      String group,
      String since,
      String summary,
      Map<String, CommandSpec> subcommands,
      List<String> aclCategories,
      List<String> tips) {
    this(name, arity, flags, keys, policy, group, since, summary, subcommands, aclCategories, tips, false);
  }

  /** A row without declared ACL categories or tips. */
  public CommandSpec(
      String name,
      int arity,
      Set<CommandFlag> flags,
      List<KeySpec> keys,
      ProxyPolicy policy,
      String group,
      String since,
      String summary,
      Map<String, CommandSpec> subcommands) {
    this(name, arity, flags, keys, policy, group, since, summary, subcommands, List.of(), List.of());
  }

  /** True when {@code argc} (name included) satisfies the arity. */
  public boolean arityAccepts(int argc) {
    return arity >= 0 ? argc == arity : argc >= -arity;
  }

  public boolean is(CommandFlag flag) {
    return flags.contains(flag);
  }

  public boolean isWrite() {
    return flags.contains(CommandFlag.WRITE);
  }

  public boolean hasSubcommands() {
    return !subcommands.isEmpty();
  }

  /** Calls {@code sink} with the argv index of every key, in the order the specs find them. */
  public void forEachKeyIndex(byte[][] argv, IntConsumer sink) {
    for (KeySpec spec : keys) {
      spec.forEachKey(argv, sink);
    }
  }

  /** Returns the argv indexes of the keys. */
  public int[] keyIndexes(byte[][] argv) {
    int[] buffer = new int[Math.min(argv.length, 16)];
    int[] count = {0};
    int[][] holder = {buffer};
    forEachKeyIndex(
        argv,
        index -> {
          if (count[0] == holder[0].length) {
            holder[0] = java.util.Arrays.copyOf(holder[0], holder[0].length * 2);
          }
          holder[0][count[0]++] = index;
        });
    return java.util.Arrays.copyOf(holder[0], count[0]);
  }

  /** True when the positions of the keys depend on the arguments (numkeys or keyword rules). */
  public boolean movableKeys() {
    for (KeySpec spec : keys) {
      if (!(spec instanceof KeySpec.Range)) {
        return true;
      }
    }
    return false;
  }
}
