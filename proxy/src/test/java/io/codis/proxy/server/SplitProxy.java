package io.codis.proxy.server;

import io.codis.proxy.ProxyLimits;
import io.codis.proxy.testing.InJvmNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two in-JVM nodes with the slots split between them (0-511 on {@link #n1}, 512-1023 on
 * {@link #n2}) behind one proxy on a free port, started once per test class and closed after it
 * even when a test (or the start itself) failed. Register with {@code @RegisterExtension static
 * final SplitProxy cluster = new SplitProxy(limits)}.
 */
final class SplitProxy implements BeforeAllCallback, AfterAllCallback {
  private final ProxyLimits limits;
  private InJvmNode n1;
  private InJvmNode n2;
  private ProxyServer proxy;
  private int port;

  SplitProxy(ProxyLimits limits) {
    this.limits = limits;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    n1 = InJvmNode.start();
    n2 = InJvmNode.start();
    proxy = ProxyEngineIT.proxy(ProxyEngineIT.split(n1.addr(), n2.addr()), limits);
    port = proxy.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (proxy != null) {
      proxy.close();
    }
    if (n1 != null) {
      n1.close();
    }
    if (n2 != null) {
      n2.close();
    }
  }

  /** The node holding slots 0-511. */
  InJvmNode n1() {
    return n1;
  }

  /** The node holding slots 512-1023. */
  InJvmNode n2() {
    return n2;
  }

  /** The proxy's port. */
  int port() {
    return port;
  }
}
