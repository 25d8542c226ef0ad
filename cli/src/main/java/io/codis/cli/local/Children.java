package io.codis.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The child processes of a local cluster. Each runs one bin/ launcher in its own session (setsid),
 * so a Ctrl-C in the terminal reaches codisctl only and codisctl stops the children in order:
 * proxies, then nodes, then metaservers. Every PID is appended to {@code <data>/pids} as it starts,
 * so {@code local down} from another shell can stop exactly these processes.
 */
final class Children {
  /** Time a child gets to stop after SIGTERM before it is killed. */
  static final long STOP_GRACE_MS = 15_000;
  /** Marker in the command line of every process a launcher starts; checked before signalling a PID. */
  static final String COMMAND_MARKER = "io.codis.";

  /** One started process and its role (metaserver, node, proxy). */
  record Child(String role, String name, Process process, Path log) {}

  private final Path home;
  private final Path pidFile;
  private final List<Child> children = new ArrayList<>();
  /** Set when stopping begins: a start-up still in progress must not add processes after it. */
  private boolean stopping;

  Children(Path home, Path dataDir) {
    this.home = home;
    this.pidFile = dataDir.resolve("pids");
  }

  synchronized Child start(String role, String name, String launcher, List<String> args, Path log)
      throws IOException {
    if (stopping) {
      throw new IOException("the local cluster is stopping");
    }
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add("bash");
    cmd.add(home.resolve("bin").resolve(launcher).toString());
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    Child c = new Child(role, name, p, log);
    children.add(c);
    Files.writeString(pidFile, role + " " + name + " " + p.pid() + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return c;
  }

  synchronized List<Child> all() {
    return List.copyOf(children);
  }

  /** Stops every child, role by role in the given order, and deletes the PID file. */
  void stopAll(List<String> roleOrder) {
    synchronized (this) {
      stopping = true;
    }
    for (String role : roleOrder) {
      List<ProcessHandle> handles = new ArrayList<>();
      for (Child c : all()) {
        if (c.role().equals(role)) {
          handles.add(c.process().toHandle());
        }
      }
      stop(handles);
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException ignored) {
      // a stale PID file is checked against the command line before use
    }
  }

  /** SIGTERM to each, then wait up to STOP_GRACE_MS for all, then SIGKILL to the rest. */
  static void stop(List<ProcessHandle> handles) {
    stop(handles, STOP_GRACE_MS);
  }

  /** SIGTERM to each, then wait up to graceMs for all, then SIGKILL to the rest. */
  static void stop(List<ProcessHandle> handles, long graceMs) {
    handles.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
    for (ProcessHandle h : handles) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  /** A live process with this PID that a codis launcher started (not a recycled PID). */
  static Optional<ProcessHandle> ours(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(s -> s.contains(COMMAND_MARKER)).orElse(false));
  }
}
