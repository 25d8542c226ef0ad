package io.codis.node;

import io.codis.protocol.Slots;
import io.codis.protocol.resp.RespLimits;

/**
 * The node's start-up settings (from flags, {@code CODIS_*} environment variables or a config file),
 * with redis-server's names where one exists. Immutable; runtime-changeable settings live in the
 * CONFIG store, which starts from these.
 *
 * @param bind address to listen on
 * @param port RESP port
 * @param requirepass password of the default user, or null
 * @param maxclients connections accepted at once; further ones get {@code -ERR max number of clients reached}
 * @param timeoutSeconds idle client timeout, 0 = never
 * @param slotCount slots keys are partitioned into (the cluster's slot count)
 * @param dir working directory: with {@code appendonly yes} the store lives in {@code <dir>/data}, checkpoints in
 *     {@code <dir>/checkpoints}
 * @param respLimits protocol limits
 * @param settings further CONFIG parameters given at start-up ({@code appendfsync}, {@code maxmemory},
 *     ...), by Redis's name; checked by the CONFIG store when the node starts
 */
public record NodeConfig(
    String bind,
    int port,
    String requirepass,
    int maxclients,
    int timeoutSeconds,
    int slotCount,
    String dir,
    RespLimits respLimits,
    java.util.Map<String, String> settings) {

  public NodeConfig {
    settings = java.util.Map.copyOf(settings);
  }

  public NodeConfig(String bind, int port, String requirepass, int maxclients, int timeoutSeconds,
      int slotCount, String dir, RespLimits respLimits) {
    this(bind, port, requirepass, maxclients, timeoutSeconds, slotCount, dir, respLimits, java.util.Map.of());
  }

  public static final int DEFAULT_PORT = 6380;
  public static final int MAXCLIENTS_DEFAULT = 10000;

  public static NodeConfig defaults() {
    return new NodeConfig(
        "127.0.0.1", DEFAULT_PORT, null, MAXCLIENTS_DEFAULT, 0, Slots.DEFAULT_SLOT_COUNT, ".",
        RespLimits.DEFAULTS);
  }

  public NodeConfig withPort(int value) {
    return new NodeConfig(bind, value, requirepass, maxclients, timeoutSeconds, slotCount, dir, respLimits, settings);
  }

  public NodeConfig withRequirepass(String value) {
    return new NodeConfig(bind, port, value, maxclients, timeoutSeconds, slotCount, dir, respLimits, settings);
  }

  public NodeConfig withMaxclients(int value) {
    return new NodeConfig(bind, port, requirepass, value, timeoutSeconds, slotCount, dir, respLimits, settings);
  }

  public NodeConfig withTimeoutSeconds(int value) {
    return new NodeConfig(bind, port, requirepass, maxclients, value, slotCount, dir, respLimits, settings);
  }

  public NodeConfig withDir(String value) {
    return new NodeConfig(bind, port, requirepass, maxclients, timeoutSeconds, slotCount, value, respLimits, settings);
  }

  /** Adds a start-up CONFIG parameter ({@code appendfsync}, {@code maxmemory}...). */
  public NodeConfig withSetting(String name, String value) {
    java.util.Map<String, String> more = new java.util.LinkedHashMap<>(settings);
    more.put(name, value);
    return new NodeConfig(bind, port, requirepass, maxclients, timeoutSeconds, slotCount, dir, respLimits, more);
  }

  public NodeConfig withRespLimits(RespLimits value) {
    return new NodeConfig(bind, port, requirepass, maxclients, timeoutSeconds, slotCount, dir, value, settings);
  }
}
