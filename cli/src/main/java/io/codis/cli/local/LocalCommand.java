package io.codis.cli.local;

import io.codis.cli.CliException;
import io.codis.cli.CodisCtl;
import io.codis.cli.Exit;
import io.codis.cli.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code codisctl local up|down}: a whole cluster on this machine, for trying and testing. */
@Command(name = "local", description = "Run a whole cluster on 127.0.0.1 as child processes.")
public final class LocalCommand {
  static final String LAYOUT_FILE = "layout.properties";
  static final String UP_PID_FILE = "up.pid";

  @ParentCommand
  CodisCtl root;

  @Option(names = "--data-dir", defaultValue = "${env:CODIS_LOCAL_DIR:-data/local}", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Data, logs and PIDs of the local cluster (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Command(name = "up", description = {"Start 3 metaservers, the nodes and the proxies; initialise the",
      "cluster if new; wait until it serves; stay in the foreground (Ctrl-C stops it).",
      "Run again on the same --data-dir to get the same data back."})
  int up(@Option(names = "--groups", description = "Groups (default 2).") Integer groups,
      @Option(names = "--replicas", description = "Replicas per group (default 1).") Integer replicas,
      @Option(names = "--proxies", description = "Proxies (default 1).") Integer proxies,
      @Option(names = "--base-port", description = "First proxy port; nodes on P+100.., metaservers on P+200.. (default 19000).") Integer basePort,
      @Option(names = "--slots", description = "Slot count of a new cluster (default 1024).") Integer slots)
      throws IOException, InterruptedException {
    Output out = root.out();
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Optional<ProcessHandle> running = readPid(dir.resolve(UP_PID_FILE)).flatMap(Children::ours);
    if (running.isPresent()) {
      throw CliException.refused("a local cluster already runs from " + dir + " (pid " + running.get().pid() + ")",
          "stop it with Ctrl-C in its shell or: codisctl local down --data-dir " + dir);
    }
    LocalLayout defaults = LocalLayout.defaults();
    LocalLayout asked = new LocalLayout(orElse(basePort, defaults.basePort()), orElse(groups, defaults.groups()),
        orElse(replicas, defaults.replicas()), orElse(proxies, defaults.proxies()), orElse(slots, defaults.slotCount()));
    LocalLayout layout = asked;
    Path layoutFile = dir.resolve(LAYOUT_FILE);
    if (Files.exists(layoutFile)) {
      LocalLayout saved = LocalLayout.load(layoutFile);
      if (!saved.equals(asked) && (groups != null || replicas != null || proxies != null || slots != null)) {
        throw CliException.refused("the cluster in " + dir + " was created with " + saved.describe()
            + " and local up cannot reshape it", "drop those flags, or use a new --data-dir");
      }
      layout = new LocalLayout(basePort == null ? saved.basePort() : basePort, saved.groups(),
          saved.replicas(), saved.proxies(), saved.slotCount());
    }
    stopLeftovers(dir); // orphans of a local up that was killed with SIGKILL
    layout.save(layoutFile);
    Files.writeString(dir.resolve(UP_PID_FILE), ProcessHandle.current().pid() + "\n");
    Path home = home();
    Children children = new Children(home, dir);
    CountDownLatch stopped = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    Thread hook = new Thread(() -> {
      stopping.set(true);
      out.info("stopping the local cluster (proxies, nodes, metaservers)...");
      children.stopAll(LocalCluster.STOP_ORDER);
      deleteQuietly(dir.resolve(UP_PID_FILE));
      out.info("stopped");
      stopped.countDown();
    }, "local-down");
    Runtime.getRuntime().addShutdownHook(hook);
    NodeFeatures features = NodeFeatures.probe(home);
    try {
      new LocalCluster(layout, dir, children, out).up(features);
    } catch (RuntimeException | IOException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      hook.run();
      throw e;
    }
    printWelcome(out, layout, dir);
    // Foreground until SIGINT/SIGTERM (the hook stops the children) or a child dies.
    java.util.Set<String> reported = new java.util.HashSet<>();
    while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      for (Children.Child c : children.all()) {
        if (!stopping.get() && !c.process().isAlive() && reported.add(c.name())) {
          out.info("warning: " + c.role() + " " + c.name() + " exited with code "
              + c.process().exitValue() + "; see " + c.log());
        }
      }
      if (children.all().stream().noneMatch(c -> c.process().isAlive())) {
        break;
      }
    }
    return Exit.OK;
  }

  @Command(name = "down", description = "Stop the local cluster started from --data-dir (only its own PIDs).")
  int down() throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Output out = root.out();
    Optional<ProcessHandle> up = readPid(dir.resolve(UP_PID_FILE)).flatMap(Children::ours);
    if (up.isPresent()) {
      out.info("stopping codisctl local up (pid " + up.get().pid() + ")");
      // local up stops its children role by role, each within the grace period; wait for all of it
      Children.stop(List.of(up.get()), Children.STOP_GRACE_MS * (LocalCluster.STOP_ORDER.size() + 1));
    }
    int left = stopLeftovers(dir);
    deleteQuietly(dir.resolve(UP_PID_FILE));
    out.done(up.isPresent() || left > 0 ? "local cluster in " + dir + " stopped"
        : "no local cluster runs from " + dir, Map.of("dataDir", dir.toString(), "stopped", up.isPresent() || left > 0));
    return Exit.OK;
  }

  /** Stops processes listed in the PID file that still run (a local up that was killed -9). */
  private static int stopLeftovers(Path dir) throws IOException {
    Path pids = dir.resolve("pids");
    if (!Files.exists(pids)) {
      return 0;
    }
    List<String> lines = Files.readAllLines(pids);
    int stopped = 0;
    for (String role : LocalCluster.STOP_ORDER) {
      List<ProcessHandle> handles = new ArrayList<>();
      for (String line : lines) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 3 && f[0].equals(role)) {
          parse(f[2]).flatMap(Children::ours).ifPresent(handles::add);
        }
      }
      Children.stop(handles);
      stopped += handles.size();
    }
    Files.deleteIfExists(pids);
    return stopped;
  }

  private static void printWelcome(Output out, LocalLayout layout, Path dir) {
    out.info("");
    out.info("The local cluster is up (" + layout.groups() + " groups x " + (layout.replicas() + 1)
        + " nodes, " + layout.proxies() + " proxies, " + layout.slotCount() + " slots).");
    out.info("  connect:  redis-cli -p " + layout.proxyPort(0));
    boolean defaultAddrs = layout.metaHttpAddrs().equals(LocalLayout.defaults().metaHttpAddrs());
    out.info("  status:   bin/codisctl " + (defaultAddrs ? "" : "--meta " + String.join(",", layout.metaHttpAddrs()) + " ")
        + "cluster status");
    out.info("  logs:     " + dir.resolve("logs"));
    out.info("  stop:     Ctrl-C here, or bin/codisctl local down --data-dir " + dir);
    if (out.json()) {
      out.printJson(Map.of("proxy", "127.0.0.1:" + layout.proxyPort(0), "meta", layout.metaHttpAddrs(),
          "logs", dir.resolve("logs").toString()));
    }
  }

  /** The installation directory (the bin/ launchers live there): -Dcodis.home, else the cwd. */
  static Path home() {
    String h = System.getProperty("codis.home");
    Path home = Path.of(h == null ? "." : h).toAbsolutePath().normalize();
    if (!Files.exists(home.resolve("bin/codis-node"))) {
      throw new CliException(Exit.FAILED, "cannot find bin/codis-node under " + home,
          "run codisctl through bin/codisctl in the repository");
    }
    return home;
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return parse(Files.readString(file).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> parse(String s) {
    try {
      return Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int orElse(Integer v, int d) {
    return v == null ? d : v;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: a stale file is checked against the live process list
    }
  }
}
