package io.codis.node.config;

import io.codis.node.keyspace.Glob;
import static io.codis.node.config.ConfigTypes.BOOL;
import static io.codis.node.config.ConfigTypes.STRING;
import static io.codis.node.config.ConfigTypes.integer;
import static io.codis.node.config.ConfigTypes.memory;
import static io.codis.node.config.ConfigTypes.oneOf;

import io.codis.node.NodeConfig;
import io.codis.node.config.ConfigParam.InvalidValue;
import io.codis.protocol.resp.RespLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runtime settings by name, as CONFIG GET and CONFIG SET see them: the documented subset of Redis's
 * parameters (see {@link #PARAMS}). Every parameter in the subset is accepted and reported; those
 * marked "reported only" in the list do not change behaviour yet (encoding tuning, save).
 * {@code appendonly} takes effect at start-up only; {@code appendfsync} also at run time. Used on the execution thread only, except the volatile reads noted below.
 */
public final class ConfigStore {
  private static final long INT_MAX = Integer.MAX_VALUE;
  private static final long LONG_MAX = Long.MAX_VALUE;
  private static final long MB = 1024 * 1024;

  /** The parameters, in the order CONFIG GET * lists them. */
  static final List<ConfigParam> PARAMS = List.of(
      p("port", "6380", false, integer(0, 65535)),
      p("bind", "127.0.0.1", false, STRING),
      p("dir", ".", false, STRING),
      p("databases", "16", false, integer(1, INT_MAX)),
      p("requirepass", "", true, STRING),
      p("maxclients", "10000", true, integer(1, INT_MAX)),
      p("timeout", "0", true, integer(0, INT_MAX)),
      p("proto-max-bulk-len", Long.toString(RespLimits.BULK_BYTES_MAX_DEFAULT), true, memory(MB, LONG_MAX)),
      p("client-query-buffer-limit", Long.toString(RespLimits.QUERY_BUFFER_BYTES_MAX_DEFAULT), true,
          memory(MB, LONG_MAX)),
      p("slowlog-log-slower-than", "10000", true, integer(-1, LONG_MAX)),
      p("slowlog-max-len", "128", true, integer(0, LONG_MAX)),
      p("latency-tracking", "yes", true, BOOL),
      p("latency-monitor-threshold", "0", true, integer(0, LONG_MAX)),
      p("hz", "10", true, ConfigTypes.clampedInteger(0, INT_MAX, 1, 500)),
      // maxmemory, maxmemory-policy, maxmemory-samples: live (the memory tier); save: reported only
      p("maxmemory", "0", true, memory(0, LONG_MAX)),
      p("maxmemory-policy", "noeviction", true, oneOf("volatile-lru", "volatile-lfu",
          "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction")),
      p("maxmemory-samples", "5", true, integer(1, 64)),
      p("appendonly", "no", true, BOOL),
      p("appendfsync", "everysec", true, oneOf("everysec", "always", "no")),
      p("save", "", true, ConfigTypes.SAVE),
      p("notify-keyspace-events", "", true, ConfigTypes.KEYSPACE_EVENTS),
      // encoding tuning: reported only (our encodings do not depend on them)
      p("hash-max-listpack-entries", "512", true, integer(0, LONG_MAX), "hash-max-ziplist-entries"),
      p("hash-max-listpack-value", "64", true, integer(0, LONG_MAX), "hash-max-ziplist-value"),
      p("set-max-intset-entries", "512", true, integer(0, LONG_MAX)),
      p("set-max-listpack-entries", "128", true, integer(0, LONG_MAX)),
      p("set-max-listpack-value", "64", true, integer(0, LONG_MAX)),
      p("zset-max-listpack-entries", "128", true, integer(0, LONG_MAX), "zset-max-ziplist-entries"),
      p("zset-max-listpack-value", "64", true, integer(0, LONG_MAX), "zset-max-ziplist-value"),
      p("list-max-listpack-size", "-2", true, integer(Integer.MIN_VALUE, INT_MAX), "list-max-ziplist-size"),
      p("list-compress-depth", "0", true, integer(0, INT_MAX)),
      p("activerehashing", "yes", true, BOOL),
      p("lazyfree-lazy-eviction", "no", true, BOOL),
      p("lazyfree-lazy-expire", "no", true, BOOL),
      p("lazyfree-lazy-server-del", "no", true, BOOL),
      p("lazyfree-lazy-user-del", "no", true, BOOL),
      p("lazyfree-lazy-user-flush", "no", true, BOOL),
      // replication (docs/replication.md)
      p("replicaof", "", false, STRING, "slaveof"),
      p("masterauth", "", true, STRING),
      p("repl-backlog-size", Long.toString(16 * MB), true, memory(16 * 1024, INT_MAX - 8)),
      p("repl-timeout", "60", true, integer(1, INT_MAX)),
      p("repl-ping-replica-period", "10", true, integer(1, INT_MAX), "repl-ping-slave-period"),
      p("min-replicas-to-write", "0", true, integer(0, INT_MAX), "min-slaves-to-write"),
      p("min-replicas-max-lag", "10", true, integer(0, INT_MAX), "min-slaves-max-lag"),
      p("replication-mode", "async", true, oneOf("async", "sync")),
      p("replication-sync-timeout", "10000", true, integer(1, INT_MAX)));

  private final Map<String, ConfigParam> byName = new HashMap<>();
  private final Map<ConfigParam, String> values = new LinkedHashMap<>();
  private volatile int maxclients;
  private volatile String requirepass;
  private volatile int timeoutSeconds;
  private volatile RespLimits respLimits;
  private long slowlogSlowerThanMicros;
  private int slowlogMaxLen;
  private long generation;

  public ConfigStore(NodeConfig config) {
    for (ConfigParam param : PARAMS) {
      byName.put(param.name(), param);
      for (String alias : param.aliases()) {
        byName.put(alias, param);
      }
      values.put(param, param.defaultValue());
    }
    Map<String, String> initial = new LinkedHashMap<>(config.settings());
    initial.put("port", Integer.toString(config.port()));
    initial.put("bind", config.bind());
    initial.put("dir", config.dir());
    initial.put("requirepass", config.requirepass() == null ? "" : config.requirepass());
    initial.put("maxclients", Integer.toString(config.maxclients()));
    initial.put("timeout", Integer.toString(config.timeoutSeconds()));
    initial.put("proto-max-bulk-len", Long.toString(config.respLimits().bulkBytesMax()));
    initial.put("client-query-buffer-limit", Long.toString(config.respLimits().queryBufferBytesMax()));
    respLimits = config.respLimits();
    for (Map.Entry<String, String> e : initial.entrySet()) {
      ConfigParam param = byName.get(e.getKey());
      if (param == null) {
        throw new IllegalArgumentException("unknown setting: " + e.getKey());
      }
      try {
        values.put(param, param.normalize(e.getValue()));
      } catch (InvalidValue invalid) {
        throw new IllegalArgumentException(e.getKey() + ": " + invalid.getMessage());
      }
    }
    applyAll();
  }

  private static ConfigParam p(String name, String def, boolean mutable, ConfigParam.Type type, String... aliases) {
    return new ConfigParam(name, List.of(aliases), def, mutable, type);
  }

  /** The current value of a parameter (any of its names), or null when unknown. */
  public String get(String name) {
    ConfigParam param = byName.get(name.toLowerCase(Locale.ROOT));
    return param == null ? null : values.get(param);
  }

  /**
   * CONFIG GET: (name, value) pairs for the patterns, as Redis 7.0 builds them: a pattern without
   * glob characters is a direct lookup reported under the name as given ({@code TIMEOUT}); a glob
   * matches parameters and aliases case-insensitively. Each name appears once.
   */
  public List<String[]> matching(List<String> patterns) {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (String pattern : patterns) {
      if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0) {
        ConfigParam param = byName.get(pattern.toLowerCase(Locale.ROOT));
        if (param != null) {
          out.putIfAbsent(pattern.toLowerCase(Locale.ROOT), new String[] {pattern, values.get(param)});
        }
        continue;
      }
      for (ConfigParam param : PARAMS) {
        List<String> names = new ArrayList<>();
        names.add(param.name());
        names.addAll(param.aliases());
        for (String name : names) {
          if (Glob.matches(pattern, name, true)) {
            out.putIfAbsent(name, new String[] {name, values.get(param)});
          }
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  /**
   * CONFIG SET: validates every pair first and changes nothing unless all are valid (Redis 7's
   * atomic multi-parameter SET). Returns null on success, else the complete error text.
   */
  public String set(List<String[]> pairs) {
    // Like Redis: names, mutability and duplicates are checked for every pair before any value.
    Map<ConfigParam, String> accepted = new LinkedHashMap<>();
    for (String[] pair : pairs) {
      ConfigParam param = byName.get(pair[0].toLowerCase(Locale.ROOT));
      if (param == null) {
        return "ERR Unknown option or number of arguments for CONFIG SET - '" + pair[0] + "'";
      }
      if (!param.mutable()) {
        return failed(pair[0], "can't set immutable config");
      }
      if (accepted.containsKey(param)) {
        return failed(pair[0], "duplicate parameter");
      }
      accepted.put(param, pair[1]);
    }
    for (String[] pair : pairs) {
      ConfigParam param = byName.get(pair[0].toLowerCase(Locale.ROOT));
      try {
        accepted.put(param, param.normalize(pair[1]));
      } catch (InvalidValue invalid) {
        return failed(pair[0], invalid.getMessage());
      }
    }
    values.putAll(accepted);
    applyAll();
    return null;
  }

  private static String failed(String name, String reason) {
    return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
  }

  /** Copies the values that code reads often into typed fields. */
  private void applyAll() {
    generation++;
    maxclients = Integer.parseInt(get("maxclients"));
    String pass = get("requirepass");
    requirepass = pass.isEmpty() ? null : pass;
    timeoutSeconds = Integer.parseInt(get("timeout"));
    respLimits = respLimits
        .withBulkBytesMax(Long.parseLong(get("proto-max-bulk-len")))
        .withQueryBufferBytesMax(Long.parseLong(get("client-query-buffer-limit")));
    slowlogSlowerThanMicros = Long.parseLong(get("slowlog-log-slower-than"));
    slowlogMaxLen = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(get("slowlog-max-len")));
  }

  /** Counts changes (start-up and every CONFIG SET), so readers can cache parsed values. */
  public long generation() {
    return generation;
  }

  /** Connections accepted at once (read by the accepting code). */
  public int maxclients() {
    return maxclients;
  }

  /** The default user's password, or null when none is required. */
  public String requirepass() {
    return requirepass;
  }

  /** Idle seconds after which a client is closed, 0 = never. */
  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  /** Protocol limits for connections accepted from now on. */
  public RespLimits respLimits() {
    return respLimits;
  }

  /** Commands slower than this are logged; negative disables the slow log, 0 logs everything. */
  public long slowlogSlowerThanMicros() {
    return slowlogSlowerThanMicros;
  }

  public int slowlogMaxLen() {
    return slowlogMaxLen;
  }

  /** Names of every parameter and alias (CONFIG documentation, tests). */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (ConfigParam param : PARAMS) {
      names.add(param.name());
      names.addAll(param.aliases());
    }
    return names;
  }
}
