package io.codis.cli.commands;

import io.codis.cli.CodisCtl;
import io.codis.cli.Table;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code codisctl node info ADDR}. */
@Command(name = "node", description = "Ask a data node directly.")
public final class NodeCommand {
  @ParentCommand
  CodisCtl root;

  @Command(name = "info", description = "The node's INFO, as a table of section, field and value.")
  int info(@Parameters(paramLabel = "HOST:PORT") String addr,
      @Option(names = "--section", description = "One INFO section (server, clients, memory, replication, keyspace, ...).") String section) {
    Map<String, Map<String, String>> info = NodeProbe.info(addr, section);
    Table t = new Table(null, "SECTION", "FIELD", "VALUE");
    info.forEach((s, fields) -> fields.forEach((k, v) -> t.row(s, k, v)));
    root.out().emit(info, t);
    return 0;
  }
}
