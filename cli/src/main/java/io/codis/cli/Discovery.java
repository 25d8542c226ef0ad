package io.codis.cli;

import io.codis.cli.local.LocalLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where codisctl finds the metaservers: {@code --meta}, else {@code CODIS_META}, else the first
 * config file that names them ({@code ./codis.toml}, {@code ~/.config/codis/codis.toml},
 * {@code /etc/codis/codis.toml}), else the local cluster's default addresses.
 */
public final class Discovery {
  /** The addresses and where they came from (shown by {@code config show} and in errors). */
  public record Found(List<String> addrs, String source) {}

  private static final Pattern META_LINE = Pattern.compile("^\\s*meta\\s*=\\s*(.+?)\\s*(#.*)?$");

  private Discovery() {}

  public static Found find(String flag, Map<String, String> env, List<Path> configFiles) {
    if (flag != null && !flag.isBlank()) {
      return new Found(split(flag), "--meta");
    }
    String fromEnv = env.get("CODIS_META");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Found(split(fromEnv), "CODIS_META");
    }
    for (Path p : configFiles) {
      List<String> addrs = readConfig(p);
      if (!addrs.isEmpty()) {
        return new Found(addrs, p.toString());
      }
    }
    return new Found(LocalLayout.defaults().metaHttpAddrs(), "local cluster default");
  }

  /** The config files in the order they are tried. */
  public static List<Path> configFiles(Map<String, String> env) {
    List<Path> files = new ArrayList<>();
    files.add(Path.of("codis.toml"));
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    String xdg = env.get("XDG_CONFIG_HOME");
    files.add(xdg != null && !xdg.isBlank() ? Path.of(xdg, "codis", "codis.toml")
        : Path.of(home, ".config", "codis", "codis.toml"));
    files.add(Path.of("/etc/codis/codis.toml"));
    return files;
  }

  /**
   * Reads {@code meta = "h:p,h:p"} or {@code meta = ["h:p", "h:p"]} from a TOML file (only that key;
   * the rest of the file is ignored). A missing or unreadable file yields no addresses.
   */
  static List<String> readConfig(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
    for (String line : lines) {
      Matcher m = META_LINE.matcher(line);
      if (m.matches()) {
        return split(m.group(1).replaceAll("[\\[\\]\"']", ""));
      }
    }
    return List.of();
  }

  static List<String> split(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }
}
