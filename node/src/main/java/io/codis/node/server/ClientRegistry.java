package io.codis.node.server;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Connected clients by id, in connection order (CLIENT LIST, CLIENT KILL, INFO clients). */
public final class ClientRegistry {
  private final Map<Long, Session> byId = new LinkedHashMap<>();
  private long nextId = 1;

  public long nextId() {
    return nextId++;
  }

  public void add(Session session) {
    byId.put(session.id(), session);
  }

  public void remove(Session session) {
    byId.remove(session.id());
  }

  public Session get(long id) {
    return byId.get(id);
  }

  public int size() {
    return byId.size();
  }

  public Collection<Session> all() {
    return Collections.unmodifiableCollection(byId.values());
  }
}
