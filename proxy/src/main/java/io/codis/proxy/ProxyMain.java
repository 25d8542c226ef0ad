package io.codis.proxy;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
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

  @Override
  public Integer call() throws Exception {
    List<String> statics = split(staticBackend);
    List<String> metaAddrs = split(meta);
    if (metaAddrs.isEmpty() && statics.isEmpty()) {
      System.err.println("codis-proxy: --meta needs at least one host:port (or give --static-backend)");
      return 2;
    }
    if (!statics.isEmpty()) {
      return serveStatic(statics);
    }
    String proxyId = id == null || id.isEmpty() ? "proxy-" + bind + "-" + port : id;
    ProxyConfig config = ProxyConfig.defaults(proxyId, metaAddrs)
        .withBind(bind).withPort(port)
        .withEventLoops(eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors()))
        .withLease(leaseTtlMs, Math.max(100, Math.min(1_000, leaseTtlMs / 3)))
        .withLimits(ProxyLimits.DEFAULTS.withClientsMax(maxclients)
            .withPipelineDepthMax(pipelineDepthMax).withRequestDeadlineMs(requestDeadlineMs));
    System.out.println("codis-proxy effective configuration: " + config);
    MetaClient client = new MetaClient(metaAddrs, new MetaClientOptions(1_000, 2_000, 2_000, 100, 30_000));
    MetaTopology topology = new MetaTopology(client, proxyId, config.leaseTtlMs(), config.renewPeriodMs());
    ProxyServer server = new ProxyServer(config, topology);
    int bound = server.start();
    topology.start(advertise == null || advertise.isEmpty() ? bind + ":" + bound : advertise);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      topology.close();
      stopped.countDown();
    }, "sigterm"));
    stopped.await();
    return 0;
  }

  private static List<String> split(String list) {
    return list == null ? List.of()
        : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The proxy over a fixed table: slots split evenly, in order, over {@code nodes}. */
  private int serveStatic(List<String> nodes) throws Exception {
    int slotCount = 1024;
    List<SlotTable.Range> ranges = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      ranges.add(new SlotTable.Range(i * slotCount / nodes.size(),
          (i + 1) * slotCount / nodes.size() - 1, nodes.get(i)));
    }
    String proxyId = id == null || id.isEmpty() ? "proxy-" + bind + "-" + port : id;
    ProxyConfig config = ProxyConfig.defaults(proxyId, List.of())
        .withBind(bind).withPort(port)
        .withEventLoops(eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors()))
        .withLimits(ProxyLimits.DEFAULTS.withClientsMax(maxclients)
            .withPipelineDepthMax(pipelineDepthMax).withRequestDeadlineMs(requestDeadlineMs));
    System.out.println("codis-proxy effective configuration: " + config + ", static backends " + nodes);
    ProxyServer server = new ProxyServer(config, TableSource.fixed(SlotTable.of(1, slotCount, ranges)));
    server.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "sigterm"));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProxyMain()).execute(args));
  }
}
