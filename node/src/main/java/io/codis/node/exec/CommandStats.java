package io.codis.node.exec;

import java.util.Map;
import java.util.TreeMap;

/** Per-command call counts and time, for INFO commandstats and CONFIG RESETSTAT. */
public final class CommandStats {
  /** Counters of one command (or subcommand, named {@code config|get}). */
  public static final class Entry {
    long calls;
    long micros;
    long rejected;
    long failed;

    public long calls() {
      return calls;
    }

    public long micros() {
      return micros;
    }

    public long rejected() {
      return rejected;
    }

    public long failed() {
      return failed;
    }
  }

  /** A hash map: it is touched by every command; INFO sorts a copy. */
  private final Map<String, Entry> byCommand = new java.util.HashMap<>();
  private final Map<String, Long> errorsByCode = new TreeMap<>();
  private long totalCommands;
  private long totalConnections;
  private long rejectedConnections;

  public void record(String command, long nanos) {
    Entry e = byCommand.computeIfAbsent(command, k -> new Entry());
    e.calls++;
    e.micros += nanos / 1000;
    totalCommands++;
  }

  /** A command refused before it ran (unknown, arity, auth): counted as Redis's rejected_calls. */
  public void rejected(String command) {
    if (command != null) {
      byCommand.computeIfAbsent(command, k -> new Entry()).rejected++;
    }
  }

  /** A command that ran and answered an error: Redis's failed_calls. */
  public void failed(String command) {
    byCommand.computeIfAbsent(command, k -> new Entry()).failed++;
  }

  /** Counts an error reply by its code word (INFO errorstats). */
  public void error(String errorText) {
    int space = errorText.indexOf(' ');
    String code = space < 0 ? errorText : errorText.substring(0, space);
    errorsByCode.merge(code, 1L, Long::sum);
  }

  public void connectionAccepted() {
    totalConnections++;
  }

  public void connectionRejected() {
    rejectedConnections++;
  }

  /** Per-command counters, sorted by name (a copy: for INFO, not the hot path). */
  public Map<String, Entry> byCommand() {
    return new TreeMap<>(byCommand);
  }

  public Map<String, Long> errorsByCode() {
    return errorsByCode;
  }

  public long totalCommands() {
    return totalCommands;
  }

  public long totalConnections() {
    return totalConnections;
  }

  public long rejectedConnections() {
    return rejectedConnections;
  }

  public void reset() {
    byCommand.clear();
    errorsByCode.clear();
    totalCommands = 0;
    totalConnections = 0;
    rejectedConnections = 0;
  }
}
