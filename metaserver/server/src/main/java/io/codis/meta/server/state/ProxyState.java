package io.codis.meta.server.state;

/** Mutable proxy record, owned by {@link ClusterState}. */
final class ProxyState {
  final String id;
  String addr;
  String adminAddr;
  long leaseTtlMs;
  long leaseExpiresAtMs;
  long lastSeenMs;
  long tableVersionSeen;
  boolean expired;

  ProxyState(String id) {
    this.id = id;
  }
}
