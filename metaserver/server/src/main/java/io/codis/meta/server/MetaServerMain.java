package io.codis.meta.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.codis.meta.server.control.FailoverConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code codis-metaserver}: one peer of the metaserver Raft group. Precedence of settings: flags,
 * then the {@code --config} properties file (keys are the long option names without dashes, e.g.
 * {@code peers=...}), then {@code CODIS_META_*} environment variables, then built-in defaults.
 */
@Command(name = "codis-metaserver", mixinStandardHelpOptions = true,
    description = "Runs one metaserver peer (Ratis state machine + HTTP JSON API).")
public final class MetaServerMain implements Callable<Integer> {
  @Option(names = "--id", defaultValue = "${env:CODIS_META_ID:-m0}", description = "This peer's id.")
  String id;

  @Option(names = "--peers", defaultValue = "${env:CODIS_META_PEERS:-"
      + "m0=127.0.0.1:7100:7200,m1=127.0.0.1:7101:7201,m2=127.0.0.1:7102:7202}",
      description = "All peers: id=host:raftPort:httpPort,...")
  String peers;

  @Option(names = "--bind", defaultValue = "${env:CODIS_META_BIND:-127.0.0.1}",
      description = "Address the Raft and HTTP servers listen on.")
  String bind;

  @Option(names = "--raft-port", defaultValue = "${env:CODIS_META_RAFT_PORT:-0}",
      description = "Overrides this peer's Raft port from --peers (0: keep).")
  int raftPort;

  @Option(names = "--http-port", defaultValue = "${env:CODIS_META_HTTP_PORT:-0}",
      description = "Overrides this peer's HTTP port from --peers (0: keep).")
  int httpPort;

  @Option(names = "--dir", defaultValue = "${env:CODIS_META_DIR:-}",
      description = "Data directory (default: ./data/metaserver-ID).")
  String dir;

  @Option(names = "--election-timeout-min-ms", defaultValue = "${env:CODIS_META_ELECTION_MIN_MS:-300}")
  long electionMinMs;

  @Option(names = "--election-timeout-max-ms", defaultValue = "${env:CODIS_META_ELECTION_MAX_MS:-600}")
  long electionMaxMs;

  @Option(names = "--snapshot-every-entries", defaultValue = "${env:CODIS_META_SNAPSHOT_EVERY:-10000}")
  long snapshotEvery;

  @Option(names = "--snapshots-retained", defaultValue = "${env:CODIS_META_SNAPSHOTS_RETAINED:-2}")
  int snapshotsRetained;

  @Option(names = "--request-timeout-ms", defaultValue = "${env:CODIS_META_REQUEST_TIMEOUT_MS:-3000}")
  long requestTimeoutMs;

  @Option(names = "--probe-interval", defaultValue = "${env:CODIS_META_PROBE_INTERVAL:-500}",
      description = "Milliseconds between two PINGs of every node by this peer (default ${DEFAULT-VALUE}).")
  long probeIntervalMs;

  @Option(names = "--detection-timeout", defaultValue = "${env:CODIS_META_DETECTION_TIMEOUT:-2000}",
      description = "Milliseconds a node stays unanswered before this peer suspects it (default ${DEFAULT-VALUE}).")
  long detectionTimeoutMs;

  @Option(names = "--node-password", defaultValue = "${env:CODIS_META_NODE_PASSWORD:-}",
      description = "Password the controller sends with AUTH before ROLE/INFO/MASTERFENCE (the nodes' requirepass).")
  String nodePassword;

  @Option(names = "--failover-max-lag", defaultValue = "${env:CODIS_META_FAILOVER_MAX_LAG:-16777216}",
      description = "Bytes a replica may be behind the master's last reported offset and still be promoted (default ${DEFAULT-VALUE}).")
  long failoverMaxLag;

  @Option(names = "--failover", defaultValue = "${env:CODIS_META_FAILOVER:-on}",
      description = "on: probe nodes and fail over automatically; off: neither (default ${DEFAULT-VALUE}).")
  String failover;

  @Option(names = "--config", defaultValue = "${env:CODIS_META_CONFIG:-}",
      description = "Optional properties file with defaults for these options.")
  String config;

  MetaConfig toConfig() {
    List<PeerSpec> list = new ArrayList<>();
    for (String p : peers.split(",")) {
      if (!p.isBlank()) {
        PeerSpec s = PeerSpec.parse(p);
        if (s.id().equals(id)) {
          s = new PeerSpec(s.id(), s.host(), raftPort > 0 ? raftPort : s.raftPort(),
              httpPort > 0 ? httpPort : s.httpPort());
        }
        list.add(s);
      }
    }
    Path data = dir == null || dir.isBlank() ? Path.of("data", "metaserver-" + id) : Path.of(dir);
    MetaConfig d = MetaConfig.defaults(id, List.copyOf(list), data);
    MetaConfig cfg = new MetaConfig(id, d.peers(), bind, data, electionMinMs, electionMaxMs,
        snapshotEvery, snapshotsRetained, requestTimeoutMs, d.watchersMax(), d.watchTimeoutMsMax(),
        d.logSegmentBytesMax());
    cfg.self();
    if (electionMinMs <= 0 || electionMaxMs < electionMinMs) {
      throw new IllegalArgumentException("election timeouts: " + electionMinMs + ".." + electionMaxMs
          + " (expected: 0 < min <= max)");
    }
    return cfg;
  }

  FailoverConfig toFailoverConfig() {
    if (!failover.equals("on") && !failover.equals("off")) {
      throw new IllegalArgumentException("failover: " + failover + " (expected: on or off)");
    }
    return new FailoverConfig(probeIntervalMs, detectionTimeoutMs,
        FailoverConfig.probeTimeoutFor(probeIntervalMs),
        nodePassword == null || nodePassword.isEmpty() ? null : nodePassword, failoverMaxLag,
        failover.equals("on"));
  }

  @Override
  public Integer call() throws Exception {
    MetaConfig cfg = toConfig();
    FailoverConfig fc = toFailoverConfig();
    System.out.println("codis-metaserver effective configuration: " + cfg + " " + fc.withoutSecrets());
    MetaServer server = new MetaServer(cfg, fc).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // SIGTERM: stop the HTTP server, then Raft, so the peer leaves cleanly.
      server.close();
      stopped.countDown();
    }, "meta-shutdown"));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) throws IOException {
    CommandLine cmd = new CommandLine(new MetaServerMain());
    String configFile = findConfig(args);
    if (configFile != null && !configFile.isBlank()) {
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(configFile))) {
        props.load(r);
      }
      cmd.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(props));
    }
    System.exit(cmd.execute(args));
  }

  private static String findConfig(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--config=")) {
        return args[i].substring("--config=".length());
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        return args[i + 1];
      }
    }
    return System.getenv("CODIS_META_CONFIG");
  }
}
