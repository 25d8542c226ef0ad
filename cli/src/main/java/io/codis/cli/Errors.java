package io.codis.cli;

import io.codis.meta.client.MetaException;

/** Turns metaserver errors into exit codes and a next step for the operator. */
final class Errors {
  private Errors() {}

  static CliException fromMeta(MetaException e, Discovery.Found where) {
    String msg = e.getMessage();
    return switch (e.code()) {
      case UNAVAILABLE -> CliException.unreachable(
          "no metaserver quorum reachable at " + String.join(",", where.addrs())
              + " (from " + where.source() + "): " + msg,
          "start the cluster (codisctl local up) or point codisctl at it with --meta host:port,...");
      case TIMEOUT -> new CliException(Exit.UNKNOWN_OUTCOME, msg,
          "the change may still be applied: check with codisctl cluster status before retrying");
      case NOT_INITIALIZED -> CliException.refused(msg, "run codisctl cluster init");
      case ALREADY_INITIALIZED -> CliException.refused(msg,
          "nothing to do; codisctl cluster status shows the cluster");
      case GROUP_BUSY -> CliException.refused(msg,
          "move its slots away first (codisctl slot assign --range A-B --group OTHER) "
              + "or remove its replicas before the master");
      case GROUP_EXISTS -> CliException.refused(msg, "codisctl group list shows the groups");
      case SERVER_IN_GROUP -> CliException.refused(msg,
          "remove it from its group first (codisctl group remove-server)");
      case NO_SUCH_GROUP -> CliException.refused(msg,
          "codisctl group list shows the groups; create one with codisctl group create ID");
      case NO_SUCH_SERVER -> CliException.refused(msg, "codisctl group list shows the servers");
      case NO_SUCH_PROXY -> CliException.refused(msg, "codisctl proxy list shows the proxies");
      case NO_SUCH_PEER -> CliException.refused(msg, "codisctl meta peers shows the peers");
      case LEASE_HELD -> CliException.refused(msg,
          "the master's lease is still valid: a live master renews it, so switch over instead "
              + "(group promote without --force); a lost master's lease expires within seconds");
      case SWITCHOVER_FAILED -> CliException.refused(msg,
          "nothing changed; check the target's replication (codisctl node info HOST:PORT --section "
              + "replication), retry with a longer --timeout-ms, or --force if the master is lost");
      case VERSION_MISMATCH, CAS_FAILED -> CliException.refused(msg,
          "the state changed meanwhile: read it again and retry");
      case OUT_OF_RANGE, BAD_REQUEST -> CliException.refused(msg, "check the arguments (--help)");
      default -> e.httpStatus() >= 400 && e.httpStatus() < 500
          ? CliException.refused(msg, null)
          : new CliException(Exit.FAILED, msg, "see the metaserver logs");
    };
  }
}
