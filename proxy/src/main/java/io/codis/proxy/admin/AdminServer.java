package io.codis.proxy.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.codis.proxy.backend.BackendPool;
import io.codis.proxy.route.SlotTable;
import io.codis.proxy.server.ProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's admin HTTP port ({@code --admin-port}): {@code GET /metrics} (Prometheus text
 * format), {@code GET /stats} (the same figures as JSON) and {@code GET /slowlog} (the slow-request
 * ring, newest first). One thread serves it; a scrape sums the loops' counters and asks each loop
 * for its backend states, never blocking the request path.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  /** Longest a scrape waits for an event loop to report its backend states. */
  static final long LOOP_REPORT_TIMEOUT_MS = 1_000;
  /**
   * Upper bounds of the Prometheus histogram, µs. Each is one less than a power of two times 1, 1.25,
   * ... (a bound of the fine buckets), so a count is exact: about 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25,
   * 50, 100, 250, 500, 1000 ms.
   */
  static final long[] HISTOGRAM_BOUNDS_MICROS = {
      127, 255, 511, 1023, 2559, 5119, 10239, 24575, 49151, 98303, 245759, 491519, 983039};
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ProxyServer proxy;
  private final HttpServer http;
  private final ExecutorService thread;

  private AdminServer(ProxyServer proxy, HttpServer http, ExecutorService thread) {
    this.proxy = proxy;
    this.http = http;
    this.thread = thread;
  }

  /** Starts serving on {@code bind:port} (0 picks a free port). */
  public static AdminServer start(ProxyServer proxy, String bind, int port) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 16);
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "proxy-admin");
      t.setDaemon(true);
      return t;
    });
    AdminServer a = new AdminServer(proxy, http, thread);
    http.createContext("/metrics", ex -> a.answer(ex, "text/plain; version=0.0.4", a::metricsText));
    http.createContext("/stats", ex -> a.answer(ex, "application/json", () -> JSON.writeValueAsString(a.stats())));
    http.createContext("/slowlog", ex -> a.answer(ex, "application/json",
        () -> JSON.writeValueAsString(proxy.metrics().slowlog().entries())));
    http.setExecutor(thread);
    http.start();
    LOG.info("codis-proxy admin port on {}:{}", bind, a.port());
    return a;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private interface Body {
    String get() throws IOException;
  }

  private void answer(HttpExchange ex, String type, Body body) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, "text/plain", "method not allowed\n");
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (!path.equals(ex.getHttpContext().getPath())) {
        send(ex, 404, "text/plain", "not found\n");
        return;
      }
      send(ex, 200, type, body.get());
    } catch (RuntimeException e) {
      LOG.warn("admin request failed", e);
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Backend address -> state, merged over every loop ("connected" wins over "down"). */
  Map<String, String> backends() {
    Map<String, String> out = new TreeMap<>();
    for (BackendPool pool : proxy.pools()) {
      CompletableFuture<Map<String, String>> f = new CompletableFuture<>();
      pool.loopExecute(() -> f.complete(pool.states()));
      try {
        f.get(LOOP_REPORT_TIMEOUT_MS, TimeUnit.MILLISECONDS).forEach((a, s) -> out.merge(a, s,
            (x, y) -> x.equals("connected") || y.equals("connected") ? "connected" : x));
      } catch (Exception e) {
        LOG.debug("event loop did not report its backends", e);
      }
    }
    return out;
  }

  Map<String, Object> stats() {
    ProxyMetrics.Snapshot m = proxy.metrics().snapshot();
    Map<String, Object> s = new LinkedHashMap<>();
    SlotTable t = proxy.tableSource().usable();
    s.put("serving", t != null);
    s.put("tableVersion", t == null ? 0 : t.version());
    s.put("downReason", t == null ? proxy.tableSource().downReason() : null);
    s.put("sessions", proxy.sessionCount());
    s.put("inFlight", proxy.inFlightCount());
    s.put("requests", m.requests());
    s.put("latencyMicros", Map.of("p50", m.p50Micros(), "p99", m.p99Micros(), "p999", m.p999Micros(),
        "sum", m.sumMicros()));
    s.put("retries", m.retries());
    s.put("retriesExhausted", m.retriesExhausted());
    s.put("errorsByCode", m.errorsByCode());
    Map<String, Object> cmds = new TreeMap<>();
    m.byCommand().forEach((name, v) -> cmds.put(name, Map.of("calls", v[0], "errors", v[1], "usec", v[2])));
    s.put("commands", cmds);
    s.put("backends", backends());
    return s;
  }

  String metricsText() {
    ProxyMetrics.Snapshot m = proxy.metrics().snapshot();
    StringBuilder o = new StringBuilder();
    help(o, "codis_proxy_commands_total", "counter", "Requests answered, by command.");
    m.byCommand().forEach((c, v) -> line(o, "codis_proxy_commands_total", "command", c, v[0]));
    help(o, "codis_proxy_command_errors_total", "counter", "Requests answered with an error, by command.");
    m.byCommand().forEach((c, v) -> line(o, "codis_proxy_command_errors_total", "command", c, v[1]));
    help(o, "codis_proxy_command_duration_microseconds_total", "counter", "Time to answer, by command.");
    m.byCommand().forEach((c, v) -> line(o, "codis_proxy_command_duration_microseconds_total", "command", c, v[2]));
    help(o, "codis_proxy_errors_total", "counter", "Error replies by error code.");
    m.errorsByCode().forEach((code, n) -> line(o, "codis_proxy_errors_total", "code", code, n));
    help(o, "codis_proxy_request_duration_seconds", "summary", "Time from request to reply.");
    for (Object[] q : new Object[][] {{"0.5", m.p50Micros()}, {"0.99", m.p99Micros()}, {"0.999", m.p999Micros()}}) {
      o.append("codis_proxy_request_duration_seconds{quantile=\"").append(q[0]).append("\"} ")
          .append(seconds((Long) q[1])).append('\n');
    }
    o.append("codis_proxy_request_duration_seconds_sum ").append(seconds(m.sumMicros())).append('\n');
    o.append("codis_proxy_request_duration_seconds_count ").append(m.requests()).append('\n');
    help(o, "codis_proxy_request_latency_seconds", "histogram", "Time from request to reply.");
    for (long le : HISTOGRAM_BOUNDS_MICROS) {
      o.append("codis_proxy_request_latency_seconds_bucket{le=\"").append(seconds(le)).append("\"} ")
          .append(LatencyHistogram.countAtMost(m.latencyBuckets(), le)).append('\n');
    }
    o.append("codis_proxy_request_latency_seconds_bucket{le=\"+Inf\"} ").append(m.requests()).append('\n');
    o.append("codis_proxy_request_latency_seconds_sum ").append(seconds(m.sumMicros())).append('\n');
    o.append("codis_proxy_request_latency_seconds_count ").append(m.requests()).append('\n');
    help(o, "codis_proxy_retries_total", "counter", "Requests sent again after MOVED/TRYAGAIN or a refused connection.");
    o.append("codis_proxy_retries_total ").append(m.retries()).append('\n');
    help(o, "codis_proxy_retries_exhausted_total", "counter", "Retryable refusals passed on because the budget was spent.");
    o.append("codis_proxy_retries_exhausted_total ").append(m.retriesExhausted()).append('\n');
    help(o, "codis_proxy_sessions", "gauge", "Connected clients.");
    o.append("codis_proxy_sessions ").append(proxy.sessionCount()).append('\n');
    help(o, "codis_proxy_requests_in_flight", "gauge", "Requests received and not yet answered.");
    o.append("codis_proxy_requests_in_flight ").append(proxy.inFlightCount()).append('\n');
    SlotTable t = proxy.tableSource().usable();
    help(o, "codis_proxy_serving", "gauge", "1 while the proxy has a table and a valid lease.");
    o.append("codis_proxy_serving ").append(t == null ? 0 : 1).append('\n');
    help(o, "codis_proxy_table_version", "gauge", "Cluster version of the slot table in use.");
    o.append("codis_proxy_table_version ").append(t == null ? 0 : t.version()).append('\n');
    if (proxy.replicaHealth() != null) {
      help(o, "codis_proxy_replica_reads_total", "counter", "Read-only requests sent to a replica (--read-from-replica).");
      o.append("codis_proxy_replica_reads_total ").append(proxy.replicaHealth().reads()).append('\n');
      help(o, "codis_proxy_replica_readable", "gauge", "1 while the replica is fresh enough to serve reads.");
      proxy.replicaHealth().states().forEach((a, s) -> line(o, "codis_proxy_replica_readable", "addr", a,
          s.equals("readable") ? 1 : 0));
    }
    help(o, "codis_proxy_backend_up", "gauge", "1 when some loop holds a connection to the backend, 0 while it is down.");
    backends().forEach((a, s) -> line(o, "codis_proxy_backend_up", "addr", a, s.equals("connected") ? 1 : 0));
    return o.toString();
  }

  private static String seconds(long micros) {
    return Double.toString(micros / 1e6);
  }

  private static void help(StringBuilder o, String name, String type, String text) {
    o.append("# HELP ").append(name).append(' ').append(text).append('\n');
    o.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void line(StringBuilder o, String name, String label, String value, long n) {
    o.append(name).append('{').append(label).append("=\"")
        .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"} ").append(n).append('\n');
  }

  @Override
  public void close() {
    http.stop(0);
    thread.shutdownNow();
  }
}
