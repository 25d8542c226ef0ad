package io.codis.node.commands.replication;

import io.codis.node.exec.BlockingTimeout;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.replication.Replication;
import io.codis.node.replication.ReplicationView;
import java.util.List;
import java.util.Locale;

/** REPLICAOF/SLAVEOF, ROLE, WAIT, REPLCONF, PSYNC, SYNC. */
public final class ReplicationCommands {
  private ReplicationCommands() {}

  public static void register(CommandRegistry r) {
    r.register("replicaof", ReplicationCommands::replicaof);
    r.register("slaveof", ReplicationCommands::replicaof);
    r.register("role", ReplicationCommands::role);
    r.register("wait", ReplicationCommands::waitReplicas);
    r.register("replconf", ReplicationCommands::replconf);
    r.register("psync", ReplicationCommands::psync);
    r.register("sync", ReplicationCommands::sync);
    MasterFenceCommand.register(r);
  }

  /* REPLICAOF host port | REPLICAOF NO ONE */
  static void replicaof(Call c) {
    Replication repl = c.node().replication();
    if (c.argIs(1, "no") && c.argIs(2, "one")) {
      repl.becomeMaster();
      c.reply().ok();
      return;
    }
    long port;
    try {
      port = Long.parseLong(c.argString(2));
    } catch (NumberFormatException e) {
      throw new CommandException("ERR Invalid master port");
    }
    if (port < 0 || port > 65535) {
      throw new CommandException("ERR Invalid master port");
    }
    String host = c.argString(1);
    ReplicationView v = repl.view();
    if (v.replica() && v.masterHost().equalsIgnoreCase(host) && v.masterPort() == port) {
      c.reply().simple("OK Already connected to specified master");
      return;
    }
    repl.replicaOf(host, (int) port);
    c.reply().ok();
  }

  /* ROLE: ["master", offset, [[ip, port, offset]...]] or ["slave", host, port, state, offset] */
  static void role(Call c) {
    ReplicationView v = c.node().replication().view();
    if (v.replica()) {
      c.reply().arrayHeader(5);
      c.reply().bulk("slave");
      c.reply().bulk(v.masterHost());
      c.reply().integer(v.masterPort());
      c.reply().bulk(v.linkState());
      c.reply().integer(v.linkUp() ? v.offset() : -1);
      return;
    }
    List<ReplicationView.ReplicaInfo> replicas = v.replicas();
    c.reply().arrayHeader(3);
    c.reply().bulk("master");
    c.reply().integer(v.offset());
    c.reply().arrayHeader(replicas.size());
    for (ReplicationView.ReplicaInfo r : replicas) {
      c.reply().arrayHeader(3);
      c.reply().bulk(r.ip());
      c.reply().bulk(Integer.toString(r.port()));
      c.reply().bulk(Long.toString(r.offset()));
    }
  }

  /*
   * WAIT numreplicas timeout: blocks until numreplicas replicas acknowledged every write made so far
   * or timeout ms passed (0 = forever); replies with the number that did.
   */
  static void waitReplicas(Call c) {
    Replication repl = c.node().replication();
    if (repl.isReplica()) {
      throw new CommandException("ERR WAIT cannot be used with replica instances. Please also note that "
          + "since Redis 4.0 if a replica is configured to be writable (which is not the default) writes "
          + "to replicas are just local and are not propagated.");
    }
    long numReplicas = c.argLong(1);
    long timeout = BlockingTimeout.millis(c.arg(2));
    repl.waitFor(c.session(), (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, numReplicas)),
        timeout, c.inTransaction(), c.reply());
  }

  /* REPLCONF <option> <value> [<option> <value> ...] */
  static void replconf(Call c) {
    if (c.argc() % 2 == 0) {
      throw new CommandException("ERR syntax error");
    }
    Replication repl = c.node().replication();
    String answer = "OK";
    for (int i = 1; i < c.argc(); i += 2) {
      String option = c.argString(i).toLowerCase(Locale.ROOT);
      switch (option) {
        case "listening-port" -> {
          long port = c.argLong(i + 1);
          if (port < 0 || port > 65535) {
            throw new CommandException("ERR value is out of range");
          }
          repl.listeningPort(c.session(), (int) port);
        }
        case "ip-address", "capa", "rdb-only", "rdb-filter-only" -> {
          // accepted; our stream has one format
        }
        case "ack" -> {
          repl.ack(c.session(), c.argLong(i + 1));
          return; // a replica's ACK gets no reply
        }
        case "getack" -> {
          return; // only a master sends GETACK, to its replicas' links, which answer it there
        }
        case "epoch" -> answer = epoch(c, c.argLong(i + 1));
        default -> throw new CommandException("ERR Unrecognized REPLCONF option: " + c.argString(i));
      }
    }
    c.reply().simple(answer);
  }

  /*
   * REPLCONF epoch E (ours, docs/failover.md): the group epoch the replica knows. A master of an older
   * epoch fences itself and refuses (FENCED); otherwise the answer carries this node's epoch and its
   * PSYNC2 switch point, with which a rejoining old master counts the writes it must discard.
   */
  private static String epoch(io.codis.node.exec.Call c, long replicaEpoch) {
    io.codis.node.cluster.MasterLease lease = c.node().masterLease();
    long mine = 0;
    if (lease != null) {
      String refused = lease.replicaKnows(replicaEpoch);
      if (refused != null) {
        throw new CommandException(refused);
      }
      mine = lease.epoch();
    }
    ReplicationView v = c.node().replication().view();
    return "OK epoch " + mine + " replid2 " + v.replid2() + " second-offset " + v.secondOffset();
  }

  /* PSYNC replicationid offset: ? -1 asks for a full sync */
  static void psync(Call c) {
    if (c.argc() != 3) {
      throw new CommandException("ERR wrong number of arguments for 'psync' command");
    }
    long offset;
    try {
      offset = Long.parseLong(c.argString(2));
    } catch (NumberFormatException e) {
      throw new CommandException("ERR value is not an integer or out of range");
    }
    String refused = c.node().replication().psync(c.session(), c.argString(1), offset);
    if (refused != null) {
      throw new CommandException(refused);
    }
  }

  /* SYNC: the pre-2.8 protocol, whose RDB payload a codis node does not produce. */
  static void sync(Call c) {
    throw new CommandException("ERR SYNC is not supported by codis-node: replicas use PSYNC (docs/replication.md)");
  }
}
