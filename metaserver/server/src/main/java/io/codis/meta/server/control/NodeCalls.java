package io.codis.meta.server.control;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The controller's questions to data nodes, one short connection each (AUTH first when a password
 * is configured). Offsets come from {@code INFO replication} rather than ROLE: a replica whose master
 * died answers ROLE with offset -1 (as Redis does), while INFO still says how far it got.
 */
public final class NodeCalls {
  private final long timeoutMs;
  private final String password;

  public NodeCalls(long timeoutMs, String password) {
    this.timeoutMs = timeoutMs;
    this.password = password;
  }

  /** The replica's offset and loading state; unreachable (never throws) when it cannot answer. */
  public FailoverPlanner.ReplicaState replicaState(String addr) {
    try (RespConnection c = RespConnection.open(addr, timeoutMs, password)) {
      Map<String, String> repl = info(c, "replication");
      Map<String, String> persistence = info(c, "persistence");
      String offsetField = "slave".equals(repl.get("role")) ? "slave_repl_offset" : "master_repl_offset";
      long offset = parseLong(repl.get(offsetField));
      boolean loading = "1".equals(repl.get("master_sync_in_progress"))
          || "1".equals(persistence.get("loading"));
      return new FailoverPlanner.ReplicaState(addr, true, offset, loading, null);
    } catch (IOException e) {
      return FailoverPlanner.ReplicaState.unreachable(addr, brief(e));
    }
  }

  /** The replica's offset (slave_repl_offset, or master_repl_offset of a master); throws if unknown. */
  public long offset(String addr) throws IOException {
    FailoverPlanner.ReplicaState s = replicaState(addr);
    if (!s.answered()) {
      throw new IOException(addr + " did not answer: " + s.error());
    }
    return s.offset();
  }

  /** Sends a command and returns its reply (an error reply is returned, not thrown). */
  public Object call(String addr, String... args) throws IOException {
    try (RespConnection c = RespConnection.open(addr, timeoutMs, password)) {
      return c.call(args);
    }
  }

  private static Map<String, String> info(RespConnection c, String section) throws IOException {
    Object r = c.call("INFO", section);
    if (!(r instanceof String text)) {
      throw new IOException("INFO " + section + " answered " + r);
    }
    Map<String, String> out = new HashMap<>();
    for (String line : text.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return out;
  }

  private static long parseLong(String s) throws IOException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException | NullPointerException e) {
      throw new IOException("no replication offset in INFO replication");
    }
  }

  /** A short, stable description of a failure (the state shows it; it should not flap). */
  static String brief(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
