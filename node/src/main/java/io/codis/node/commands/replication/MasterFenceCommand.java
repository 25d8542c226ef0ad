package io.codis.node.commands.replication;

import io.codis.node.cluster.MasterLease;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;

/**
 * {@code MASTERFENCE <epoch>} and {@code MASTERFENCE CLEAR <epoch>}: the planned switchover's fence
 * (docs/failover.md). Sent by the metaserver's controller, refused by the proxy.
 */
public final class MasterFenceCommand {
  private MasterFenceCommand() {}

  public static void register(CommandRegistry r) {
    r.register("masterfence", MasterFenceCommand::masterfence);
  }

  /*
   * MASTERFENCE epoch: a master at that epoch stops serving keyed commands at once and answers its
   * replication offset, every executed write included (its effects are put in the stream first).
   * MASTERFENCE CLEAR epoch: lifts the fence (the switchover was abandoned). Another epoch, or not a
   * master: FENCED with this node's epoch. A standalone node has no epochs: ERR.
   */
  static void masterfence(Call c) {
    boolean clear = c.argc() == 3 && c.argIs(1, "clear");
    if (c.argc() != 2 && !clear) {
      throw new CommandException("ERR syntax error");
    }
    long epoch = c.argLong(clear ? 2 : 1);
    MasterLease lease = c.node().masterLease();
    if (lease == null) {
      throw new CommandException("ERR MASTERFENCE needs a cluster-mode node (started with --meta)");
    }
    if (c.node().replication().isReplica()) {
      throw new CommandException("FENCED this node is a replica (group " + lease.groupId() + ", epoch "
          + lease.epoch() + ")");
    }
    if (clear) {
      String refused = lease.clearSwitchoverFence(epoch);
      if (refused != null) {
        throw new CommandException(refused);
      }
      c.reply().ok();
      return;
    }
    String refused = lease.fenceForSwitchover(epoch);
    if (refused != null) {
      throw new CommandException(refused);
    }
    c.node().replication().emitPending(); // every executed write is in the offset we answer
    c.reply().integer(c.node().replication().offset());
  }
}
