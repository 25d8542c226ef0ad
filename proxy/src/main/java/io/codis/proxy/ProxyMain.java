package io.codis.proxy;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.proxy.admin.AdminServer;
import io.codis.proxy.replica.ReplicaReadOptions;
import io.codis.proxy.route.RetryPolicy;
import io.codis.proxy.route.RouterOptions;
import io.codis.proxy.route.SlotTable;
import io.codis.proxy.route.TableSource;
import io.codis.proxy.server.ProxyServer;
import io.codis.proxy.topology.MetaTopology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code codis-proxy}: starts a proxy in the foreground. SIGTERM and SIGINT stop it gracefully
 * (stop accepting, answer in-flight requests, leave the metaserver).
 */
@Command(
    name = "codis-proxy",
    mixinStandardHelpOptions = true,
    version = "codis-proxy 0.1.0",
    description = "One Redis endpoint in front of a Codis for Java cluster.")
public final class ProxyMain implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "${env:CODIS_PORT:-19000}", description = "RESP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "${env:CODIS_BIND:-127.0.0.1}", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--meta", defaultValue = "${env:CODIS_META}", description = "Metaserver HTTP addresses, host:port,host:port,... (required unless --static-backend)")
  String meta;

  @Option(names = "--static-backend", defaultValue = "${env:CODIS_STATIC_BACKEND}", description = "host:port[,host:port...]: serve a fixed slot table split evenly over these nodes, without a metaserver (benchmarks, isolating the proxy's cost).")
  String staticBackend;

  @Option(names = "--id", defaultValue = "${env:CODIS_ID}", description = "Proxy id at the metaserver (default: proxy-<bind>-<port>).")
  String id;

  @Option(names = "--advertise", defaultValue = "${env:CODIS_ADVERTISE}", description = "Address registered at the metaserver (default: <bind>:<port>).")
  String advertise;

  @Option(names = "--event-loops", defaultValue = "${env:CODIS_EVENT_LOOPS:-0}", description = "I/O threads, 0 = one per core.")
  int eventLoops;

  @Option(names = "--lease-ttl-ms", defaultValue = "${env:CODIS_LEASE_TTL_MS:-5000}", description = "Lease asked of the metaserver (default ${DEFAULT-VALUE}).")
  long leaseTtlMs;

  @Option(names = "--maxclients", defaultValue = "${env:CODIS_MAXCLIENTS:-10000}", description = "Maximum connected clients (default ${DEFAULT-VALUE}).")
  int maxclients;

  @Option(names = "--pipeline-depth-max", defaultValue = "${env:CODIS_PIPELINE_DEPTH_MAX:-1024}", description = "Requests per client waiting for replies before the proxy stops reading it.")
  int pipelineDepthMax;

  @Option(names = "--request-deadline-ms", defaultValue = "${env:CODIS_REQUEST_DEADLINE_MS:-3000}", description = "Time a forwarded request may wait for its reply before -TIMEOUT.")
  long requestDeadlineMs;

  @Option(names = "--retry-deadline-ms", defaultValue = "${env:CODIS_RETRY_DEADLINE_MS:-8000}", description = "Time within which a request a node refused before running it (MOVED, TRYAGAIN, CLUSTERDOWN, FENCED, READONLY, BACKENDDOWN) is retried; the default covers a failover (default ${DEFAULT-VALUE}).")
  long retryDeadlineMs;

  @Option(names = "--retry-attempts-max", defaultValue = "${env:CODIS_RETRY_ATTEMPTS_MAX:-64}", description = "Sends of one request at most, the first included (default ${DEFAULT-VALUE}).")
  int retryAttemptsMax;

  @Option(names = "--requirepass", defaultValue = "${env:CODIS_REQUIREPASS}", description = "Password clients must AUTH with (default: none).")
  String requirepass;

  @Option(names = "--backend-password", defaultValue = "${env:CODIS_BACKEND_PASSWORD}", description = "Password the proxy AUTHs to the nodes with (default: none).")
  String backendPassword;

  @Option(names = "--admin-port", defaultValue = "${env:CODIS_ADMIN_PORT:-11080}", description = "Admin HTTP port (/metrics, /stats, /slowlog); -1 = off (default ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(names = "--flush-enabled", defaultValue = "${env:CODIS_FLUSH_ENABLED:-yes}", description = "yes | no: whether FLUSHALL/FLUSHDB reach the nodes (default ${DEFAULT-VALUE}).")
  String flushEnabled;

  @Option(names = "--config-set-enabled", defaultValue = "${env:CODIS_CONFIG_SET_ENABLED:-no}", description = "yes | no: whether CONFIG SET is sent to every master (default ${DEFAULT-VALUE}).")
  String configSetEnabled;

  @Option(names = "--read-from-replica", defaultValue = "${env:CODIS_READ_FROM_REPLICA:-no}", description = "yes | no: send readonly commands of one group to a fresh replica of it (default ${DEFAULT-VALUE}).")
  String readFromReplica;

  @Option(names = "--replica-max-lag-ms", defaultValue = "${env:CODIS_REPLICA_MAX_LAG_MS:-1000}", description = "A replica serves reads only while it holds every write its master acknowledged this long ago (default ${DEFAULT-VALUE}).")
  long replicaMaxLagMs;

  @Option(names = "--replica-probe-interval-ms", defaultValue = "${env:CODIS_REPLICA_PROBE_INTERVAL_MS:-250}", description = "How often the proxy asks masters and replicas ROLE (default ${DEFAULT-VALUE}).")
  long replicaProbeIntervalMs;

  @Override
  public Integer call() throws Exception {
    List<String> statics = split(staticBackend);
    List<String> metaAddrs = split(meta);
    if (metaAddrs.isEmpty() && statics.isEmpty()) {
      System.err.println("codis-proxy: --meta needs at least one host:port (or give --static-backend)");
      return 2;
    }
    if (!yesOrNo(flushEnabled) || !yesOrNo(configSetEnabled) || !yesOrNo(readFromReplica)) {
      System.err.println("codis-proxy: --flush-enabled, --config-set-enabled and --read-from-replica take yes or no");
      return 2;
    }
    ReplicaReadOptions replicaReads;
    try {
      replicaReads = new ReplicaReadOptions(replicaMaxLagMs, replicaProbeIntervalMs);
    } catch (IllegalArgumentException e) {
      System.err.println("codis-proxy: " + e.getMessage());
      return 2;
    }
    String proxyId = id == null || id.isEmpty() ? "proxy-" + bind + "-" + port : id;
    ProxyConfig config = ProxyConfig.defaults(proxyId, metaAddrs)
        .withBind(bind).withPort(port)
        .withEventLoops(eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors()))
        .withLease(leaseTtlMs, Math.max(100, Math.min(1_000, leaseTtlMs / 3)))
        .withLimits(ProxyLimits.DEFAULTS.withClientsMax(maxclients)
            .withPipelineDepthMax(pipelineDepthMax).withRequestDeadlineMs(requestDeadlineMs));
    if (retryDeadlineMs <= 0 || retryAttemptsMax <= 0) {
      System.err.println("codis-proxy: --retry-deadline-ms and --retry-attempts-max must be > 0");
      return 2;
    }
    RetryPolicy retry = RetryPolicy.DEFAULTS.withBudgetMs(retryDeadlineMs).withAttemptsMax(retryAttemptsMax);
    RouterOptions options = new RouterOptions(requirepass, flushEnabled.equals("yes"),
        configSetEnabled.equals("yes"));
    System.out.println("codis-proxy effective configuration: " + config + ", requirepass="
        + (options.requirepass() == null ? "(none)" : "(set)") + ", backend-password="
        + (backendPassword == null || backendPassword.isEmpty() ? "(none)" : "(set)")
        + ", flush-enabled=" + flushEnabled + ", config-set-enabled=" + configSetEnabled
        + ", read-from-replica=" + readFromReplica + (readFromReplica.equals("yes") ? " " + replicaReads : "")
        + ", admin-port=" + adminPort + ", retry=" + retry + (statics.isEmpty() ? "" : ", static backends " + statics));
    MetaTopology topology = statics.isEmpty() ? new MetaTopology(
        new MetaClient(metaAddrs, new MetaClientOptions(1_000, 2_000, 2_000, 100, 30_000)),
        proxyId, config.leaseTtlMs(), config.renewPeriodMs()) : null;
    TableSource tables = topology != null ? topology : TableSource.fixed(staticTable(statics));
    ProxyServer server = new ProxyServer(config, tables, options, retry,
        backendPassword == null || backendPassword.isEmpty() ? null : backendPassword);
    if (readFromReplica.equals("yes")) {
      server.readFromReplicas(replicaReads);
    }
    int bound = server.start();
    AdminServer admin = adminPort < 0 ? null : AdminServer.start(server, bind, adminPort);
    if (topology != null) {
      topology.start(advertise == null || advertise.isEmpty() ? bind + ":" + bound : advertise);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (admin != null) {
        admin.close();
      }
      server.close();
      if (topology != null) {
        topology.close();
      }
      stopped.countDown();
    }, "sigterm"));
    stopped.await();
    return 0;
  }

  private static boolean yesOrNo(String v) {
    return "yes".equals(v) || "no".equals(v);
  }

  private static List<String> split(String list) {
    return list == null ? List.of()
        : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * {@code --static-backend}: a fixed table without a metaserver (benchmarks, isolating the proxy's
   * cost), the slots split evenly, in order, over {@code nodes}.
   */
  private static SlotTable staticTable(List<String> nodes) {
    int slotCount = 1024;
    List<SlotTable.Range> ranges = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      ranges.add(new SlotTable.Range(i * slotCount / nodes.size(),
          (i + 1) * slotCount / nodes.size() - 1, nodes.get(i)));
    }
    return SlotTable.of(1, slotCount, ranges);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProxyMain()).execute(args));
  }
}
