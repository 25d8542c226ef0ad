package io.codis.proxy.testing;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes Netty's buffer leak detector fail tests: sets it to PARANOID (every buffer tracked) and
 * records every leak it reports. Netty reports a leak only once the leaked buffer has been
 * garbage-collected and another buffer is allocated, so {@link #leaksAfterGc} collects and
 * allocates until a report comes or a bound passes. {@link #proveItWorks} leaks one buffer on
 * purpose and waits for its report, so a test using this cannot pass merely because nothing was
 * ever reported. Netty's detector lives in a static field of {@code AbstractByteBuf}; the listener is
 * set through reflection (one per JVM; installing again replaces it). {@link #close} puts the level
 * back and removes the listener, so later tests in the same JVM run at their usual speed.
 */
public final class LeakWatch implements AutoCloseable {
  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private final ResourceLeakDetector<ByteBuf> detector;
  private final ResourceLeakDetector.Level levelBefore;

  private LeakWatch(ResourceLeakDetector<ByteBuf> detector, ResourceLeakDetector.Level levelBefore) {
    this.detector = detector;
    this.levelBefore = levelBefore;
  }

  /** Installs the watch (PARANOID from now on for the whole JVM). */
  public static LeakWatch install() throws ReflectiveOperationException {
    ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
    f.setAccessible(true);
    @SuppressWarnings("unchecked")
    ResourceLeakDetector<ByteBuf> detector = (ResourceLeakDetector<ByteBuf>) f.get(null);
    LeakWatch watch = new LeakWatch(detector, before);
    detector.setLeakListener((type, records) -> watch.leaks.add(type + ": " + records));
    return watch;
  }

  /** Back to the level before {@link #install}, no listener. */
  @Override
  public void close() {
    detector.setLeakListener(null);
    ResourceLeakDetector.setLevel(levelBefore);
  }

  /** Leaks one pooled buffer and returns true once the detector reported it (within ~10 s). */
  public boolean proveItWorks() throws InterruptedException {
    leakOne();
    boolean seen = !leaksAfterGc(10_000).isEmpty();
    leaks.clear();
    return seen;
  }

  private static void leakOne() {
    ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    lost.writeLong(42); // and never released
  }

  /**
   * Collects garbage and allocates tracked buffers for up to {@code boundMs} (stopping at the first
   * report), then returns every leak reported so far.
   */
  public List<String> leaksAfterGc(long boundMs) throws InterruptedException {
    long end = System.nanoTime() + boundMs * 1_000_000;
    int rounds = 0;
    while (leaks.isEmpty() && System.nanoTime() - end < 0 && rounds++ < 40) {
      System.gc();
      Thread.sleep(50);
      for (int i = 0; i < 64; i++) {
        PooledByteBufAllocator.DEFAULT.directBuffer(16).release(); // lets the detector poll its queue
      }
    }
    return List.copyOf(leaks);
  }
}
