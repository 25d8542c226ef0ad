package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.Slots;
import io.codis.protocol.command.CommandFlag;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.CommandTable;
import io.codis.protocol.command.ProxyPolicy;
import io.codis.protocol.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns one request into a {@link Route} by reading its row in the command table: the row's proxy
 * policy says how, its key positions say where, its {@code response_policy} tip says how a
 * cluster-wide reply is merged. Nothing here matches on a command's name except the proxy's own
 * LOCAL commands ({@link LocalCommands}). Stateless and thread-safe.
 */
public final class Router {
  private static final String TIP_SUM = "response_policy:agg_sum";
  private static final String TIP_ALL_SUCCEEDED = "response_policy:all_succeeded";
  /** The one refused row a switch can open: sent to every master, all must succeed. */
  private static final String CONFIG_SET = "config|set";

  private final CommandTable table;
  private final LocalCommands local;
  private final ClusterCommands cluster;
  private final RouterOptions options;
  /** Reads from replicas ({@code --read-from-replica}); {@link ReplicaReads#NONE} when off. */
  private volatile ReplicaReads replicaReads = ReplicaReads.NONE;

  public Router(CommandTable table) {
    this(table, RouterOptions.DEFAULTS, new Clients(), InfoSections::minimal);
  }

  public Router(CommandTable table, RouterOptions options, Clients clients, Supplier<InfoSections> info) {
    this.table = table;
    this.options = options;
    this.local = new LocalCommands(table, options, clients);
    this.cluster = new ClusterCommands(info);
  }

  public RouterOptions options() {
    return options;
  }

  /** Turns reads from replicas on ({@code reads}) or off ({@link ReplicaReads#NONE}). */
  public void readFromReplicas(ReplicaReads reads) {
    this.replicaReads = reads;
  }

  /** How long a read sent to a replica waits before it goes to the master ({@link ReplicaReads}). */
  public long replicaReadDeadlineMs() {
    return replicaReads.readDeadlineMs();
  }

  /**
   * {@code route} (routed from {@code argv}), or, when reads from replicas are on, {@code argv}'s
   * row is flagged readonly and the route is one keyed request to one master, the same request
   * sent to a fresh replica of that master. Only requests sent on shared connections go through
   * here (never a transaction's or a subscriber's). The replica's forward is not {@code keyed}: it
   * is never retried as such; the runner sends a read the replica could not serve to the master's
   * route instead ({@link RouteRunner}).
   */
  public Route preferReplica(byte[][] argv, Route route, TableSource source) {
    ReplicaReads reads = replicaReads;
    if (reads == ReplicaReads.NONE || !(route instanceof Route.Forward f) || !f.keyed()) {
      return route;
    }
    CommandSpec spec = table.resolve(argv);
    if (spec == null || !spec.is(CommandFlag.READONLY) || spec.is(CommandFlag.WRITE)) {
      return route;
    }
    SlotTable slots = source.usable();
    String replica = slots == null ? null : reads.replicaFor(f.addr(), slots);
    return replica == null ? route : new Route.Forward(replica, argv, false);
  }

  /** Routes {@code argv} for a client that has no session state (tests): authenticated. */
  public Route route(byte[][] argv, TableSource source, long clientId) {
    return route(argv, source, new ClientState(clientId, "", "", true));
  }

  /**
   * Routes a request that a node refused before running it (MOVED...), again, with the table
   * {@code source} gives now. Only keyed requests are routed again, so no session is needed.
   */
  public Route reroute(byte[][] argv, TableSource source) {
    CommandSpec spec = table.resolve(argv);
    return spec == null ? Route.Reply.of(Replies.unknownCommand(argv)) : routeBySlots(spec, argv, source);
  }

  /** Routes {@code argv} (at least one element) of {@code client} with the table {@code source} gives now. */
  public Route route(byte[][] argv, TableSource source, ClientState client) {
    CommandSpec spec = table.resolve(argv);
    client.touched(spec == null ? "NULL" : spec.name());
    Route.Reply refused = refusal(spec, argv, client);
    if (refused != null) {
      return refused;
    }
    if (options.configSetEnabled() && spec.name().equals(CONFIG_SET)) {
      return toEveryMaster(argv, source);
    }
    switch (spec.policy()) {
      case LOCAL:
        return local.run(spec, argv, client);
      case TRANSACTION:
      case PUBSUB:
      case BLOCKING:
        return new Route.Stateful(spec, argv);
      default:
        break;
    }
    return routeBySlots(spec, argv, source);
  }

  /**
   * The error {@code argv} gets before anything runs, or null: unknown command or subcommand,
   * arity, authentication, and commands never let through (policy REFUSE, admin rows). Changes
   * nothing, so a transaction can check a command it queues ({@code spec}: the row of {@code
   * argv}, null when unknown).
   */
  public Route.Reply refusal(CommandSpec spec, byte[][] argv, ClientState client) {
    if (spec == null) {
      return Route.Reply.of(Replies.unknownCommand(argv));
    }
    if (spec.hasSubcommands() && argv.length >= 2) {
      // resolve() returns the container when the subcommand is unknown
      return Route.Reply.of(Replies.error(ErrorCode.ERR, "unknown subcommand '"
          + new String(argv[1], StandardCharsets.UTF_8) + "'. Try "
          + spec.name().toUpperCase(Locale.ROOT) + " HELP."));
    }
    if (!spec.arityAccepts(argv.length)) {
      RespValue arity = Replies.arity(spec.name());
      // As Redis's rejectCommand: a refused EXEC is an EXECABORT (and ends the transaction).
      return Route.Reply.of(spec.name().equals("exec")
          ? Replies.execAbort(((RespValue.ErrorValue) arity).text()) : arity);
    }
    if (options.requirepass() != null && !client.authenticated() && !spec.is(CommandFlag.NO_AUTH)) {
      return Route.Reply.of(Replies.error(ErrorCode.NOAUTH, "Authentication required."));
    }
    if (options.configSetEnabled() && spec.name().equals(CONFIG_SET)) {
      return null;
    }
    if (spec.policy() == ProxyPolicy.REFUSE || spec.is(CommandFlag.ADMIN) && spec.policy() != ProxyPolicy.LOCAL) {
      // Node administration, replication (REPLICAOF, SYNC, PSYNC), cluster internals
      // (MASTERFENCE) never reach a shared backend connection, whatever policy a row was given.
      return refused(spec);
    }
    return null;
  }

  /** CONFIG SET with {@code --config-set-enabled}: every master must accept it. */
  private static Route toEveryMaster(byte[][] argv, TableSource source) {
    SlotTable slots = source.usable();
    if (slots == null) {
      return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, source.downReason()));
    }
    if (slots.masters().isEmpty()) {
      return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
    }
    List<Route.Part> parts = new ArrayList<>();
    for (String m : slots.masters()) {
      parts.add(new Route.Part(m, argv, new int[0], false));
    }
    return new Route.FanOut(parts, Merge.ALL_SUCCEEDED, 0);
  }

  private static Route.Reply refused(CommandSpec spec) {
    return Route.Reply.of(Replies.error(ErrorCode.ERR,
        "'" + printableName(spec) + "' is not allowed through the proxy"));
  }

  private Route routeBySlots(CommandSpec spec, byte[][] argv, TableSource source) {
    SlotTable slots = source.usable();
    if (slots == null) {
      return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, source.downReason()));
    }
    switch (spec.policy()) {
      case SINGLE_SLOT:
      case SINGLE_SLOT_ATOMIC:
        return singleSlot(spec, argv, slots);
      case FAN_OUT_ARRAY:
        return fanOut(spec, argv, slots, Merge.ARRAY);
      case FAN_OUT_OK:
        return fanOut(spec, argv, slots, Merge.OK);
      case FAN_OUT_SUM:
        return fanOut(spec, argv, slots, Merge.SUM);
      case CLUSTER_WIDE:
        return clusterWide(spec, argv, slots);
      default:
        return Route.Reply.of(Replies.error(ErrorCode.ERR,
            "'" + printableName(spec) + "' cannot be routed by slot"));
    }
  }

  private static String printableName(CommandSpec spec) {
    return spec.name().replace('|', ' ');
  }

  /** Every key must hash to one slot; the request goes unchanged to that slot's master. */
  private static Route singleSlot(CommandSpec spec, byte[][] argv, SlotTable slots) {
    int[] keys = spec.keyIndexes(argv);
    if (keys.length == 0) {
      // No key found (e.g. a numkeys of 0): any master gives the command's own error.
      if (slots.masters().isEmpty()) {
        return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
      }
      return new Route.Forward(slots.masters().get(0), argv, false);
    }
    int slot = Slots.slotOf(argv[keys[0]], slots.slotCount());
    for (int i = 1; i < keys.length; i++) {
      if (Slots.slotOf(argv[keys[i]], slots.slotCount()) != slot) {
        return Route.Reply.of(Replies.error(ErrorCode.CROSSSLOT, Replies.CROSSSLOT));
      }
    }
    String master = slots.masterOf(slot);
    if (master == null) {
      return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
    }
    return new Route.Forward(master, argv);
  }

  /**
   * Splits a command whose arguments are a prefix followed by equal-width groups, each starting
   * with a key (MGET k..., MSET k v ..., DEL k...), into one request per master. Keys of one master
   * keep their order; the merge puts each reply element back at its key's position.
   */
  private static Route fanOut(CommandSpec spec, byte[][] argv, SlotTable slots, Merge merge) {
    int[] keys = spec.keyIndexes(argv);
    int n = keys.length;
    if (n == 0) {
      return Route.Reply.of(Replies.arity(spec.name()));
    }
    int width = n > 1 ? keys[1] - keys[0] : argv.length - keys[0];
    if (width <= 0) {
      return Route.Reply.of(Replies.notYet(printableName(spec) + " with this key layout"));
    }
    if (keys[0] + n * width != argv.length) {
      // An incomplete last group (MSET a 1 b): Redis answers an arity error, so do we.
      return Route.Reply.of(Replies.arity(spec.name()));
    }
    String only = onlyMaster(argv, keys, width, slots);
    if (only == LAYOUT) {
      return Route.Reply.of(Replies.notYet(printableName(spec) + " with this key layout"));
    }
    if (only == NO_MASTER) {
      return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
    }
    if (only != null) {
      return new Route.Forward(only, argv); // the common case: no split, nothing allocated
    }
    // Several masters (every key checked above): split.
    Map<String, List<Integer>> byMaster = new LinkedHashMap<>();
    for (int j = 0; j < n; j++) {
      String master = slots.masterOf(Slots.slotOf(argv[keys[j]], slots.slotCount()));
      byMaster.computeIfAbsent(master, m -> new ArrayList<>()).add(j);
    }
    int prefix = keys[0];
    List<Route.Part> parts = new ArrayList<>(byMaster.size());
    for (Map.Entry<String, List<Integer>> e : byMaster.entrySet()) {
      List<Integer> js = e.getValue();
      byte[][] sub = Arrays.copyOf(argv, prefix + js.size() * width);
      int[] positions = new int[js.size()];
      for (int i = 0; i < js.size(); i++) {
        int j = js.get(i);
        positions[i] = j;
        System.arraycopy(argv, keys[j], sub, prefix + i * width, width);
      }
      parts.add(new Route.Part(e.getKey(), sub, positions));
    }
    return new Route.FanOut(parts, merge, n);
  }

  /** Answers of {@link #onlyMaster} besides an address (compared by identity). */
  private static final String LAYOUT = new String("layout");
  private static final String NO_MASTER = new String("no master");

  /**
   * The one master of every key of a fan-out command, or null when they are on several, {@link
   * #LAYOUT} when the keys are not evenly spaced, {@link #NO_MASTER} when a slot has none: the
   * checks of {@link #fanOut}, in its order, without building the per-master split.
   */
  private static String onlyMaster(byte[][] argv, int[] keys, int width, SlotTable slots) {
    String only = null;
    boolean several = false;
    for (int j = 0; j < keys.length; j++) {
      if (keys[j] != keys[0] + j * width) {
        return LAYOUT;
      }
      String master = slots.masterOf(Slots.slotOf(argv[keys[j]], slots.slotCount()));
      if (master == null) {
        return NO_MASTER;
      }
      if (only == null) {
        only = master;
      } else if (!several && !only.equals(master)) {
        several = true;
      }
    }
    return several ? null : only;
  }

  /**
   * Sent to every master; merged by the row's response_policy tip, or by a rule of {@link
   * ClusterCommands}. Writes to every master (FLUSHALL, FLUSHDB) need {@code flushEnabled}.
   */
  private Route clusterWide(CommandSpec spec, byte[][] argv, SlotTable slots) {
    if (spec.is(CommandFlag.WRITE) && !options.flushEnabled()) {
      return Route.Reply.of(Replies.error(ErrorCode.ERR, "'" + printableName(spec)
          + "' is disabled on this proxy (start it with --flush-enabled yes)"));
    }
    Merge merge;
    if (spec.tips().contains(TIP_SUM)) {
      merge = Merge.SUM;
    } else if (spec.tips().contains(TIP_ALL_SUCCEEDED)) {
      merge = Merge.ALL_SUCCEEDED;
    } else {
      Route special = cluster.route(spec, argv, slots);
      return special != null ? special : Route.Reply.of(Replies.notYet(printableName(spec)));
    }
    if (!slots.complete()) {
      // A partial DBSIZE or FLUSHALL would be silently wrong.
      return Route.Reply.of(Replies.error(ErrorCode.CLUSTERDOWN, Replies.SLOT_NOT_SERVED));
    }
    List<Route.Part> parts = new ArrayList<>();
    for (String m : slots.masters()) {
      parts.add(new Route.Part(m, argv, new int[0]));
    }
    return new Route.FanOut(parts, merge, 0);
  }
}
