package io.codis.proxy.differential;

import io.codis.node.testing.DifferentialTarget;

/**
 * The node's differential suites pointed at a proxy in front of two groups ({@link ProxyCluster}),
 * selected by the failsafe execution {@code differential-through-proxy} in proxy/pom.xml through
 * {@value DifferentialTarget#PROPERTY}. One cluster serves every suite of the test JVM (starting it
 * takes a few seconds); a shutdown hook stops it. Tests the proxy cannot pass are listed in
 * {@link ProxySkips}.
 */
public final class ProxyTarget implements DifferentialTarget {
  private static ProxyCluster shared;

  private final ProxyCluster cluster;

  public ProxyTarget() throws Exception {
    this.cluster = shared();
  }

  private static synchronized ProxyCluster shared() throws Exception {
    if (shared == null) {
      ProxyCluster c = ProxyCluster.start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "differential-cluster-stop"));
      shared = c;
    }
    return shared;
  }

  @Override
  public int port() {
    return cluster.proxyPort();
  }

  @Override
  public String skipReason(Class<?> testClass, String method) {
    return ProxySkips.reason(testClass.getSimpleName(), method);
  }

  /** The cluster outlives one suite: it is stopped at JVM exit. */
  @Override
  public void close() {
  }
}
