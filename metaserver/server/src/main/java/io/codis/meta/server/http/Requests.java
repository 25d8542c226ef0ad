package io.codis.meta.server.http;

/**
 * JSON request bodies. Boxed fields are optional (null when absent); unknown fields are refused by
 * the mapper. {@code expectedVersion}, where present, makes the change a compare-and-set on the
 * cluster version.
 */
final class Requests {
  private Requests() {}

  record Init(Integer slotCount, Long expectedVersion) {}

  record Group(Integer id, Long expectedVersion) {}

  record Server(String addr, Long expectedVersion) {}

  record SlotRange(Integer first, Integer last, Integer groupId, Long expectedVersion) {}

  record Proxy(String id, String addr, String adminAddr, Long leaseTtlMs) {}

  record ProxyRenew(Long tableVersionSeen) {}

  record Node(String addr, String runId) {}

  record MasterLease(Integer groupId, String addr, Long epoch, Long leaseTtlMs) {}

  record Offset(String addr, Long offset) {}

  record Suspicion(String addr, String peerId, Boolean suspected) {}

  record KvPut(String value) {}

  record KvCas(String value, Long expectedVersion, String expectedValue) {}

  record SwitchoverRequest(String addr, Long timeoutMs) {}

  record Peer(String id, String host, Integer raftPort, Integer httpPort) {}
}
