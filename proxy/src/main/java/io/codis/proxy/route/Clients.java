package io.codis.proxy.route;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The proxy's connected clients by id, for CLIENT LIST; sessions add and remove themselves. */
public final class Clients {
  private final ConcurrentHashMap<Long, ClientState> byId = new ConcurrentHashMap<>();

  public void opened(ClientState c) {
    byId.put(c.id(), c);
  }

  public void closed(ClientState c) {
    byId.remove(c.id(), c);
  }

  public int count() {
    return byId.size();
  }

  Collection<ClientState> all() {
    return byId.values();
  }
}
