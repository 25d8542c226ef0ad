package io.codis.cli.local;

import io.codis.cli.CliException;
import io.codis.cli.Exit;
import io.codis.cli.Output;
import io.codis.cli.Resp;
import io.codis.cli.commands.NodeProbe;
import io.codis.cli.commands.SlotRange;
import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.meta.client.MetaException;
import io.codis.meta.client.model.ClusterView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Brings a local cluster up: checks the ports, starts the metaservers and nodes, initialises the
 * cluster when it is new (groups, servers, slots spread evenly), points replicas at their masters,
 * starts the proxies and waits until a proxy serves a SET/GET round trip.
 */
final class LocalCluster {
  /** Budget for the whole start-up (cold JVMs on a loaded 2-core machine). */
  static final long START_BUDGET_MS = 120_000;
  static final List<String> STOP_ORDER = List.of("proxy", "node", "metaserver");
  private static final MetaClientOptions CLIENT = new MetaClientOptions(1_000, 5_000, 3_000, 200, 30_000);

  private final LocalLayout layout;
  private final Path dataDir;
  private final Children children;
  private final Output out;
  private final long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_BUDGET_MS);

  LocalCluster(LocalLayout layout, Path dataDir, Children children, Output out) {
    this.layout = layout;
    this.dataDir = dataDir;
    this.children = children;
    this.out = out;
  }

  void up(NodeFeatures features) throws IOException, InterruptedException {
    checkPortsFree();
    Path logs = dataDir.resolve("logs");
    String meta = String.join(",", layout.metaHttpAddrs());
    for (int i = 0; i < LocalLayout.METASERVERS; i++) {
      children.start("metaserver", layout.metaId(i), "codis-metaserver",
          List.of("--id", layout.metaId(i), "--peers", layout.metaPeers(),
              "--dir", dataDir.resolve("meta-" + i).toString()),
          logs.resolve("metaserver-" + i + ".log"));
    }
    for (int g = 1; g <= layout.groups(); g++) {
      for (int r = 0; r <= layout.replicas(); r++) {
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(layout.nodePort(g, r)),
            "--bind", LocalLayout.HOST, "--slots", String.valueOf(layout.slotCount()),
            "--appendonly", "yes", "--dir", dataDir.resolve("node-" + g + "-" + r).toString()));
        if (features.metaFlags()) {
          args.addAll(List.of("--meta", meta, "--announce", layout.node(g, r)));
        }
        children.start("node", "node-" + g + "-" + r, "codis-node", args,
            logs.resolve("node-" + g + "-" + r + ".log"));
      }
    }
    out.info("started " + LocalLayout.METASERVERS + " metaservers and "
        + layout.groups() * (layout.replicas() + 1) + " nodes; waiting for a metaserver quorum");
    MetaClient client = new MetaClient(layout.metaHttpAddrs(), CLIENT);
    ClusterView view = await("a metaserver quorum", client::cluster);
    if (!view.initialized()) {
      initialise(client);
    } else {
      out.info("cluster already initialised (version " + view.version() + "): reusing it");
    }
    for (int g = 1; g <= layout.groups(); g++) {
      for (int r = 0; r <= layout.replicas(); r++) {
        String addr = layout.node(g, r);
        await("node " + addr, () -> "up".equals(NodeProbe.health(addr)) ? addr : null);
      }
    }
    pointReplicas(client);
    for (int i = 0; i < layout.proxies(); i++) {
      children.start("proxy", "proxy-" + i, "codis-proxy",
          List.of("--meta", meta, "--port", String.valueOf(layout.proxyPort(i)), "--bind",
              LocalLayout.HOST, "--id", "local-proxy-" + i),
          logs.resolve("proxy-" + i + ".log"));
    }
    for (int i = 0; i < layout.proxies(); i++) {
      String addr = LocalLayout.HOST + ":" + layout.proxyPort(i);
      await("proxy " + addr + " to serve SET/GET", () -> roundTrip(addr) ? addr : null);
    }
  }

  private void initialise(MetaClient client) {
    out.info("initialising a new cluster: " + layout.slotCount() + " slots, " + layout.groups()
        + " groups of " + (layout.replicas() + 1) + " nodes");
    client.initCluster(layout.slotCount());
    List<int[]> ranges = SlotRange.even(layout.slotCount(), layout.groups());
    for (int g = 1; g <= layout.groups(); g++) {
      client.createGroup(g, null);
      for (int r = 0; r <= layout.replicas(); r++) {
        client.addServer(g, layout.node(g, r));
      }
      int[] range = ranges.get(g - 1);
      client.assignSlots(range[0], range[1], g, null);
    }
  }

  /** Sends REPLICAOF master to every replica the metaserver knows (the Codis way, for now). */
  private void pointReplicas(MetaClient client) {
    boolean warned = false;
    for (var group : client.groups()) {
      for (String replica : group.replicas()) {
        String why = NodeProbe.replicaOf(replica, group.master());
        if (why != null && !warned) {
          out.info("warning: replicas do not replicate: " + why + " (carrying on)");
          warned = true;
        }
      }
    }
  }

  private static boolean roundTrip(String addr) {
    try (Resp r = Resp.connect(addr, 2_000)) {
      if (!"PONG".equals(r.call("PING"))) {
        return false;
      }
      String key = "codisctl:local-up:probe";
      String value = Long.toString(System.nanoTime());
      if (!"OK".equals(r.call("SET", key, value)) || !value.equals(r.call("GET", key))) {
        return false;
      }
      r.call("DEL", key);
      return true;
    } catch (CliException e) {
      return false;
    }
  }

  /** Polls until what() answers non-null, a child dies, or the start budget is spent. */
  private <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    String last = "";
    long startNanos = System.nanoTime();
    while (System.nanoTime() < deadlineNanos) {
      out.progress("waiting for " + what + " (" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos) + " s)");
      for (Children.Child c : children.all()) {
        if (!c.process().isAlive()) {
          throw new CliException(Exit.FAILED, c.role() + " " + c.name() + " exited with code "
              + c.process().exitValue() + " while waiting for " + what,
              "see its log: " + c.log());
        }
      }
      try {
        T v = probe.get();
        if (v != null) {
          return v;
        }
      } catch (MetaException | CliException e) {
        last = ": " + e.getMessage();
      }
      Thread.sleep(200);
    }
    throw new CliException(Exit.UNREACHABLE, "gave up waiting for " + what + " after "
        + START_BUDGET_MS / 1000 + " s" + last, "see the logs under " + dataDir.resolve("logs"));
  }

  private void checkPortsFree() {
    for (int port : layout.ports()) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(LocalLayout.HOST, port));
      } catch (IOException e) {
        throw CliException.refused("port " + port + " is in use",
            "stop what uses it (codisctl local down --data-dir D if it is another local cluster) "
                + "or choose other ports with --base-port P");
      }
    }
  }

  static boolean exists(Path dataDir) {
    return Files.exists(dataDir.resolve("layout.properties"));
  }
}
