package io.codis.node.config;

import io.codis.node.NodeConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runtime settings by name, as CONFIG GET and CONFIG SET see them. */
public final class ConfigStore {
  private final Map<String, String> values = new LinkedHashMap<>();

  public ConfigStore(NodeConfig config) {
    values.put("port", Integer.toString(config.port()));
    values.put("bind", config.bind());
    values.put("requirepass", config.requirepass() == null ? "" : config.requirepass());
    values.put("maxclients", Integer.toString(config.maxclients()));
    values.put("timeout", Integer.toString(config.timeoutSeconds()));
    values.put("dir", config.dir());
  }

  public String get(String name) {
    return values.get(name);
  }
}
