package io.codis.proxy;

import io.codis.protocol.resp.RespLimits;
import java.util.List;

/**
 * Start-up settings of a proxy.
 *
 * @param id the proxy's name at the metaserver (unique per cluster)
 * @param bind address to listen on
 * @param port RESP port (0 picks a free one)
 * @param eventLoops I/O threads; each owns its clients and their backend connections
 * @param metaAddrs metaserver HTTP addresses ({@code host:port}); empty only in tests that give the
 *     proxy a fixed table
 * @param leaseTtlMs lease asked of the metaserver; renewed every {@link #renewPeriodMs}
 * @param renewPeriodMs period of lease renewals
 * @param limits the proxy's named limits
 * @param respLimits limits of the RESP decoders (client requests and backend replies)
 */
public record ProxyConfig(
    String id,
    String bind,
    int port,
    int eventLoops,
    List<String> metaAddrs,
    long leaseTtlMs,
    long renewPeriodMs,
    ProxyLimits limits,
    RespLimits respLimits) {

  public static final int DEFAULT_PORT = 19000;

  public ProxyConfig {
    metaAddrs = List.copyOf(metaAddrs);
    if (eventLoops <= 0) {
      throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: > 0)");
    }
    if (renewPeriodMs <= 0 || renewPeriodMs * 2 > leaseTtlMs) {
      throw new IllegalArgumentException(
          "renewPeriodMs: " + renewPeriodMs + " (expected: > 0 and <= leaseTtlMs / 2)");
    }
  }

  public static ProxyConfig defaults(String id, List<String> metaAddrs) {
    return new ProxyConfig(id, "127.0.0.1", DEFAULT_PORT,
        Math.max(1, Runtime.getRuntime().availableProcessors()), metaAddrs, 5_000, 1_000,
        ProxyLimits.DEFAULTS, RespLimits.DEFAULTS);
  }

  public ProxyConfig withPort(int value) {
    return new ProxyConfig(id, bind, value, eventLoops, metaAddrs, leaseTtlMs, renewPeriodMs, limits,
        respLimits);
  }

  public ProxyConfig withBind(String value) {
    return new ProxyConfig(id, value, port, eventLoops, metaAddrs, leaseTtlMs, renewPeriodMs, limits,
        respLimits);
  }

  public ProxyConfig withEventLoops(int value) {
    return new ProxyConfig(id, bind, port, value, metaAddrs, leaseTtlMs, renewPeriodMs, limits,
        respLimits);
  }

  public ProxyConfig withLimits(ProxyLimits value) {
    return new ProxyConfig(id, bind, port, eventLoops, metaAddrs, leaseTtlMs, renewPeriodMs, value,
        respLimits);
  }

  public ProxyConfig withLease(long ttlMs, long renewMs) {
    return new ProxyConfig(id, bind, port, eventLoops, metaAddrs, ttlMs, renewMs, limits,
        respLimits);
  }
}
