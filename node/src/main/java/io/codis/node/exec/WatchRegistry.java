package io.codis.node.exec;

import io.codis.node.server.Session;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who WATCHes which key. A write to a watched key (or a flush) marks every watcher's transaction as
 * touched, and its EXEC then answers a null array, as in Redis.
 */
public final class WatchRegistry {
  private final Map<String, Set<Session>> watchersByKey = new HashMap<>();

  public void watch(Session session, byte[] key) {
    String k = new String(key, StandardCharsets.ISO_8859_1);
    if (session.watchedKeys().add(k)) {
      watchersByKey.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(session);
    }
  }

  /** Forgets every key the session watches (EXEC, DISCARD, UNWATCH, RESET, disconnect). */
  public void unwatchAll(Session session) {
    for (String k : session.watchedKeys()) {
      Set<Session> watchers = watchersByKey.get(k);
      if (watchers != null) {
        watchers.remove(session);
        if (watchers.isEmpty()) {
          watchersByKey.remove(k);
        }
      }
    }
    session.watchedKeys().clear();
    session.watchedKeyTouched(false);
  }

  void keyModified(byte[] key) {
    if (watchersByKey.isEmpty()) {
      return;
    }
    Set<Session> watchers = watchersByKey.get(new String(key, StandardCharsets.ISO_8859_1));
    if (watchers != null) {
      for (Session s : watchers) {
        s.watchedKeyTouched(true);
      }
    }
  }

  void keyspaceFlushed() {
    for (Set<Session> watchers : watchersByKey.values()) {
      for (Session s : watchers) {
        s.watchedKeyTouched(true);
      }
    }
  }

  public int watchedKeyCount() {
    return watchersByKey.size();
  }
}
