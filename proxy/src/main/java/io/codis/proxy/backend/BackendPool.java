package io.codis.proxy.backend;

import io.codis.proxy.ProxyLimits;
import io.codis.protocol.resp.RespLimits;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;

/**
 * The backend connections of one event loop, by node address. Confined to that loop: every method
 * must be called from it. A connection that closes removes itself; a failed connect keeps the
 * address "down" for {@link ProxyLimits#backendReconnectBackoffMs()} so a dead node costs a
 * client an immediate error, not a connect attempt per request.
 */
public final class BackendPool {
  private final EventLoop loop;
  private final Class<? extends Channel> channelType;
  private final ProxyLimits limits;
  private final RespLimits respLimits;
  private final String backendPassword;
  /** Shared connections speaking RESP2, by address. */
  private final Map<String, BackendConnection> byAddr = new HashMap<>();
  /** Shared connections speaking RESP3 (for RESP3 clients: replies pass through unconverted). */
  private final Map<String, BackendConnection> byAddr3 = new HashMap<>();
  private final Map<String, Long> downUntilNanos = new HashMap<>();
  private final Map<String, String> downReason = new HashMap<>();

  public BackendPool(EventLoop loop, Class<? extends Channel> channelType, ProxyLimits limits,
      RespLimits respLimits) {
    this(loop, channelType, limits, respLimits, null);
  }

  /** {@code backendPassword}: sent with AUTH on every new connection, or null. */
  public BackendPool(EventLoop loop, Class<? extends Channel> channelType, ProxyLimits limits,
      RespLimits respLimits, String backendPassword) {
    this.loop = loop;
    this.channelType = channelType;
    this.limits = limits;
    this.respLimits = respLimits;
    this.backendPassword = backendPassword;
  }

  /** The password the proxy AUTHs to nodes with ({@code --backend-password}), or null. */
  String backendPassword() {
    return backendPassword;
  }

  /**
   * The connection to {@code addr}, opening one if needed, or null while the address is in its
   * reconnect back-off (then {@link #downReason(String)} says why).
   */
  public BackendConnection get(String addr) {
    return get(addr, 2);
  }

  /** As {@link #get(String)}, for a client speaking RESP {@code protover} (2 or 3). */
  public BackendConnection get(String addr, int protover) {
    assert loop.inEventLoop();
    Map<String, BackendConnection> shared = protover == 3 ? byAddr3 : byAddr;
    BackendConnection c = shared.get(addr);
    if (c != null) {
      return c;
    }
    if (inBackoff(addr)) {
      return null;
    }
    c = BackendConnection.open(this, addr, protover);
    shared.put(addr, c);
    return c;
  }

  /**
   * A new connection used by one client session only (pub/sub, blocking commands, transactions),
   * never shared and never in this pool's maps; null while the address backs off. The session
   * closes it.
   */
  public BackendConnection openDedicated(String addr, int protover) {
    assert loop.inEventLoop();
    return inBackoff(addr) ? null : BackendConnection.open(this, addr, protover);
  }

  private boolean inBackoff(String addr) {
    Long until = downUntilNanos.get(addr);
    if (until != null) {
      if (System.nanoTime() < until) {
        return true;
      }
      downUntilNanos.remove(addr);
      downReason.remove(addr);
    }
    return false;
  }

  public String downReason(String addr) {
    return "backend " + addr + " is down: " + downReason.getOrDefault(addr, "unknown");
  }

  void closed(BackendConnection c, boolean connectFailed, String reason) {
    byAddr.remove(c.addr(), c);
    byAddr3.remove(c.addr(), c);
    if (connectFailed) {
      downUntilNanos.put(c.addr(), System.nanoTime() + limits.backendReconnectBackoffMs() * 1_000_000);
      downReason.put(c.addr(), reason);
    }
  }

  /**
   * State of every backend address this loop knows: {@code "connected"} or {@code "down"} (in its
   * reconnect back-off). Call on the loop (admin port: through {@link #loopExecute}).
   */
  public Map<String, String> states() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String a : byAddr.keySet()) {
      out.put(a, "connected");
    }
    for (String a : byAddr3.keySet()) {
      out.put(a, "connected");
    }
    long now = System.nanoTime();
    downUntilNanos.forEach((a, until) -> {
      if (now < until) {
        out.put(a, "down");
      }
    });
    return out;
  }

  /** Closes every connection (shutdown). */
  public void closeAll() {
    for (BackendConnection c : byAddr.values().toArray(new BackendConnection[0])) {
      c.close("proxy shutting down");
    }
    for (BackendConnection c : byAddr3.values().toArray(new BackendConnection[0])) {
      c.close("proxy shutting down");
    }
  }

  /** Runs {@code task} on this pool's loop. */
  public void loopExecute(Runnable task) {
    loop.execute(task);
  }

  EventLoop loop() {
    return loop;
  }

  Class<? extends Channel> channelType() {
    return channelType;
  }

  ProxyLimits limits() {
    return limits;
  }

  RespLimits respLimits() {
    return respLimits;
  }
}
