package io.codis.meta.server;

/**
 * One metaserver peer as given on the command line: {@code id=host:raftPort:httpPort}.
 */
public record PeerSpec(String id, String host, int raftPort, int httpPort) {

  public String raftAddr() {
    return host + ":" + raftPort;
  }

  public String httpAddr() {
    return host + ":" + httpPort;
  }

  public static PeerSpec parse(String spec) {
    String s = spec.trim();
    int eq = s.indexOf('=');
    String[] parts = eq < 0 ? new String[0] : s.substring(eq + 1).split(":");
    if (eq <= 0 || parts.length != 3) {
      throw new IllegalArgumentException("peer: " + spec + " (expected: id=host:raftPort:httpPort)");
    }
    return new PeerSpec(s.substring(0, eq), parts[0], port(parts[1], spec), port(parts[2], spec));
  }

  private static int port(String p, String spec) {
    try {
      int n = Integer.parseInt(p);
      if (n >= 1 && n <= 65535) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("port: " + p + " in " + spec + " (expected: 1..65535)");
  }

  @Override
  public String toString() {
    return id + "=" + host + ":" + raftPort + ":" + httpPort;
  }
}
