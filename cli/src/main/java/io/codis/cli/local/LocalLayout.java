package io.codis.cli.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where every process of a local cluster listens, derived from one base port P:
 * proxies on P+i, nodes on P+100+k (group by group, master first), metaserver HTTP on P+200+i and
 * Raft on P+300+i. The defaults (P = 19000) put the first proxy on 19000 and the metaservers on
 * 19200-19202, which is where codisctl looks when nothing else names a cluster. The layout is saved
 * in the data directory so a restart reuses it.
 */
public record LocalLayout(int basePort, int groups, int replicas, int proxies, int slotCount) {
  public static final int METASERVERS = 3;
  public static final int DEFAULT_BASE_PORT = 19000;
  /** Bounds that keep the port blocks from overlapping (nodes must fit in P+100..P+199). */
  public static final int GROUPS_MAX = 20;
  public static final int REPLICAS_MAX = 4;
  public static final int PROXIES_MAX = 100;
  static final String HOST = "127.0.0.1";

  public LocalLayout {
    if (groups < 1 || groups > GROUPS_MAX) {
      throw new IllegalArgumentException("groups: " + groups + " (expected: 1.." + GROUPS_MAX + ")");
    }
    if (replicas < 0 || replicas > REPLICAS_MAX) {
      throw new IllegalArgumentException("replicas: " + replicas + " (expected: 0.." + REPLICAS_MAX + ")");
    }
    if (proxies < 1 || proxies > PROXIES_MAX) {
      throw new IllegalArgumentException("proxies: " + proxies + " (expected: 1.." + PROXIES_MAX + ")");
    }
    if (basePort < 1024 || basePort + 300 + METASERVERS > 65535) {
      throw new IllegalArgumentException("base port: " + basePort + " (expected: 1024.." + (65535 - 303) + ")");
    }
  }

  /** The flags that would create this shape. */
  public String describe() {
    return "--groups " + groups + " --replicas " + replicas + " --proxies " + proxies + " --slots " + slotCount;
  }

  public static LocalLayout defaults() {
    return new LocalLayout(DEFAULT_BASE_PORT, 2, 1, 1, 1024);
  }

  public String metaId(int i) {
    return "m" + i;
  }

  public String metaHttp(int i) {
    return HOST + ":" + (basePort + 200 + i);
  }

  public List<String> metaHttpAddrs() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < METASERVERS; i++) {
      out.add(metaHttp(i));
    }
    return out;
  }

  /** The metaserver --peers value. */
  public String metaPeers() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < METASERVERS; i++) {
      out.add(metaId(i) + "=" + HOST + ":" + (basePort + 300 + i) + ":" + (basePort + 200 + i));
    }
    return String.join(",", out);
  }

  /** Node port of group g (1-based), member r (0 = the first master). */
  public int nodePort(int g, int r) {
    return basePort + 100 + (g - 1) * (replicas + 1) + r;
  }

  public String node(int g, int r) {
    return HOST + ":" + nodePort(g, r);
  }

  public int proxyPort(int i) {
    return basePort + i;
  }

  /** Every port the cluster listens on. */
  public List<Integer> ports() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < METASERVERS; i++) {
      out.add(basePort + 200 + i);
      out.add(basePort + 300 + i);
    }
    for (int g = 1; g <= groups; g++) {
      for (int r = 0; r <= replicas; r++) {
        out.add(nodePort(g, r));
      }
    }
    for (int i = 0; i < proxies; i++) {
      out.add(proxyPort(i));
    }
    return out;
  }

  void save(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("basePort", String.valueOf(basePort));
    p.setProperty("groups", String.valueOf(groups));
    p.setProperty("replicas", String.valueOf(replicas));
    p.setProperty("proxies", String.valueOf(proxies));
    p.setProperty("slotCount", String.valueOf(slotCount));
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "codisctl local cluster layout; delete the data directory to start afresh");
    }
  }

  static LocalLayout load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return new LocalLayout(Integer.parseInt(p.getProperty("basePort")),
        Integer.parseInt(p.getProperty("groups")), Integer.parseInt(p.getProperty("replicas")),
        Integer.parseInt(p.getProperty("proxies")), Integer.parseInt(p.getProperty("slotCount")));
  }
}
