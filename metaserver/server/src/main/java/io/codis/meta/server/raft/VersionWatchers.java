package io.codis.meta.server.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Long-poll waiters for "cluster version greater than v". Completed by the applier thread after each
 * command; a waiter whose version already passed completes at once. Bounded: past the limit a new
 * waiter fails fast instead of growing the list.
 */
public final class VersionWatchers {
  private record Waiter(long afterVersion, CompletableFuture<Long> future) {}

  private final int waitersMax;
  private final List<Waiter> waiters = new ArrayList<>();
  private long version;

  public VersionWatchers(int waitersMax) {
    this.waitersMax = waitersMax;
  }

  /** Completes with the version once it is greater than afterVersion; null when over the limit. */
  public synchronized CompletableFuture<Long> await(long afterVersion) {
    if (version > afterVersion) {
      return CompletableFuture.completedFuture(version);
    }
    if (waiters.size() >= waitersMax) {
      return null;
    }
    CompletableFuture<Long> f = new CompletableFuture<>();
    waiters.add(new Waiter(afterVersion, f));
    // A caller that times out completes the future itself; drop it then so the list stays short.
    f.whenComplete((v, e) -> remove(f));
    return f;
  }

  private synchronized void remove(CompletableFuture<Long> f) {
    waiters.removeIf(w -> w.future == f);
  }

  /** Called after every applied command and after loading a snapshot. */
  public void advance(long newVersion) {
    List<Waiter> ready = new ArrayList<>();
    synchronized (this) {
      if (newVersion <= version) {
        return;
      }
      version = newVersion;
      for (Waiter w : waiters) {
        if (newVersion > w.afterVersion) {
          ready.add(w);
        }
      }
    }
    // Complete outside the lock: completion runs the HTTP reply and calls remove().
    for (Waiter w : ready) {
      w.future.complete(newVersion);
    }
  }

  public synchronized int size() {
    return waiters.size();
  }
}
