package io.codis.node.cluster;

import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.node.exec.NodeServices;
import java.util.Arrays;
import java.util.List;

/** Wires a node to the metaserver from its {@code --meta} and {@code --announce} settings. */
public final class ClusterLink {
  /** Metaserver client settings of a node: short timeouts, 30 s long polls. */
  static final MetaClientOptions OPTIONS = new MetaClientOptions(1_000, 2_000, 2_000, 100, 30_000);

  private ClusterLink() {}

  /**
   * With metaserver addresses: refuses keyed commands until the first table arrives, then starts
   * following the cluster. Without (null or blank): does nothing and returns null (standalone).
   */
  public static ClusterMember startIfConfigured(String metaAddrs, String announce, NodeServices node,
      RoleListener roles) {
    if (metaAddrs == null || metaAddrs.isBlank()) {
      return null;
    }
    List<String> addrs = Arrays.stream(metaAddrs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    node.ownership(SlotOwnership.unknown(node.config().slotCount()));
    ClusterMember member = new ClusterMember(new MetaClient(addrs, OPTIONS), announce, node::ownership, roles);
    member.start();
    return member;
  }
}
