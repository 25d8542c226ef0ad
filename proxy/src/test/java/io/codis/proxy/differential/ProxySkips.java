package io.codis.proxy.differential;

import java.util.Map;

/**
 * Tests of the node's differential suites that cannot pass through the proxy, each with its reason
 * (the same list is in docs/proxy.md, "Differential suite through the proxy"). Keys are
 * {@code SimpleClassName#method}, or {@code SimpleClassName#*} for a whole suite.
 */
final class ProxySkips {
  private static final Map<String, String> REASONS = Map.ofEntries(
  );

  private ProxySkips() {
  }

  static String reason(String testClass, String method) {
    String exact = REASONS.get(testClass + "#" + method);
    return exact != null ? exact : REASONS.get(testClass + "#*");
  }
}
