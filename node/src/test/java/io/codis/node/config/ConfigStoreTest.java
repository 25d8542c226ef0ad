package io.codis.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codis.node.NodeConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigStoreTest {
  private final ConfigStore store = new ConfigStore(NodeConfig.defaults());

  @Test
  void setIsAllOrNothing() {
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer",
        store.set(List.of(new String[] {"timeout", "5"}, new String[] {"maxclients", "x"})));
    assertEquals("0", store.get("timeout"));
    assertNull(store.set(List.of(new String[] {"timeout", "5"}, new String[] {"maxclients", "7"})));
    assertEquals(5, store.timeoutSeconds());
    assertEquals(7, store.maxclients());
  }

  @Test
  void aliasesShareTheirValue() {
    assertNull(store.set(List.<String[]>of(new String[] {"hash-max-ziplist-entries", "100"})));
    assertEquals("100", store.get("hash-max-listpack-entries"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - duplicate parameter",
        store.set(List.of(new String[] {"hash-max-ziplist-entries", "1"}, new String[] {"hash-max-listpack-entries", "2"})));
  }

  @Test
  void memoryValuesAcceptUnitsAndReportBytes() {
    assertNull(store.set(List.<String[]>of(new String[] {"maxmemory", "1gb"})));
    assertEquals("1073741824", store.get("maxmemory"));
    assertNull(store.set(List.<String[]>of(new String[] {"maxmemory", "2k"})));
    assertEquals("2000", store.get("maxmemory"));
  }

  @Test
  void startupSettingsAreValidated() {
    assertThrows(IllegalArgumentException.class,
        () -> new ConfigStore(NodeConfig.defaults().withSetting("appendfsync", "sometimes")));
    ConfigStore s = new ConfigStore(NodeConfig.defaults().withSetting("maxmemory-policy", "ALLKEYS-LRU"));
    assertEquals("allkeys-lru", s.get("maxmemory-policy"));
  }

  @Test
  void keyspaceEventsAreNormalised() {
    assertNull(store.set(List.<String[]>of(new String[] {"notify-keyspace-events", "KEA"})));
    assertEquals("AKE", store.get("notify-keyspace-events"));
    assertNull(store.set(List.<String[]>of(new String[] {"notify-keyspace-events", "Ex$"})));
    assertEquals("$xE", store.get("notify-keyspace-events"));
  }
}
