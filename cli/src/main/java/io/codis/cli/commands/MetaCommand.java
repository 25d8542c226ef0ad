package io.codis.cli.commands;

import io.codis.cli.CodisCtl;
import io.codis.cli.Table;
import io.codis.meta.client.model.PeerView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code codisctl meta peers|add-peer|remove-peer}: the metaserver Raft group's membership. */
@Command(name = "meta", description = "The metaserver group's peers.")
public final class MetaCommand {
  @ParentCommand
  CodisCtl root;

  @Command(name = "peers", description = "The peers as the answering metaserver knows them.")
  int peers() {
    List<PeerView> peers = root.meta().peers();
    root.out().emit(peers, table(peers));
    return 0;
  }

  @Command(name = "add-peer", description = "Add a peer (start it first with the new full --peers list).")
  int addPeer(@Option(names = "--id", required = true) String id,
      @Option(names = "--host", defaultValue = "127.0.0.1") String host,
      @Option(names = "--raft-port", required = true) int raftPort,
      @Option(names = "--http-port", required = true) int httpPort) {
    List<PeerView> peers = root.meta().addPeer(id, host, raftPort, httpPort);
    root.out().emit(peers, table(peers));
    return 0;
  }

  @Command(name = "remove-peer", description = "Remove a peer from the group (then stop its process).")
  int removePeer(@Parameters(paramLabel = "ID") String id) {
    List<PeerView> peers = root.meta().removePeer(id);
    root.out().emit(peers, table(peers));
    return 0;
  }

  private static Table table(List<PeerView> peers) {
    Table t = new Table(null, "ID", "HTTP", "RAFT", "LEADER");
    peers.forEach(p -> t.row(p.id(), p.httpAddr(), p.raftAddr(), p.leader() ? "yes" : "no"));
    return t;
  }
}
