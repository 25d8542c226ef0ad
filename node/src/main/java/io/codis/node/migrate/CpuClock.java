package io.codis.node.migrate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the calling thread: what a batch costs the event loop itself, apart from GC pauses
 * and the time the thread waited for a core (both show in wall time on a loaded machine).
 */
final class CpuClock {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();

  private CpuClock() {}

  /** Nanoseconds of CPU the current thread used, or 0 where the JVM cannot tell. */
  static long threadNanos() {
    return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : 0;
  }
}
