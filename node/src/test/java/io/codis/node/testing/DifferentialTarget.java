package io.codis.node.testing;

import java.lang.reflect.InvocationTargetException;

/**
 * Something other than one in-JVM node that a differential suite can talk to instead (a proxy in
 * front of a cluster), chosen with the system property {@value #PROPERTY} naming an implementation
 * with a public no-argument constructor. The same suites then compare that endpoint's replies with
 * redis-server's; tests the endpoint cannot pass by design are skipped with the reason it gives.
 */
public interface DifferentialTarget extends AutoCloseable {
  /** System property naming the implementation class; unset means "one in-JVM node". */
  String PROPERTY = "codis.differential.target";

  /** Loopback port the suite's clients connect to. */
  int port();

  /**
   * Why {@code method} of {@code testClass} cannot run against this target (shown as the skip
   * reason), or null to run it.
   */
  String skipReason(Class<?> testClass, String method);

  /** Called once per test class; a target shared by several classes may ignore it. */
  @Override
  void close();

  /** The target named by {@value #PROPERTY}, or null when the property is unset. */
  static DifferentialTarget fromSystemProperty() {
    String name = System.getProperty(PROPERTY, "").trim();
    if (name.isEmpty()) {
      return null;
    }
    try {
      return (DifferentialTarget) Class.forName(name).getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("differential target " + name + " did not start", e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(PROPERTY + "=" + name + " is not a DifferentialTarget", e);
    }
  }
}
