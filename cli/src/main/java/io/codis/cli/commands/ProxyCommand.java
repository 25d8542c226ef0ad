package io.codis.cli.commands;

import io.codis.cli.CodisCtl;
import io.codis.cli.Table;
import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.ProxyView;
import io.codis.meta.client.model.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code codisctl proxy list|remove}. */
@Command(name = "proxy", description = "Proxies and their leases.")
public final class ProxyCommand {
  @ParentCommand
  CodisCtl root;

  @Command(name = "list", description = "Registered proxies, lease age and state.")
  int list() {
    ClusterView v = root.meta().cluster();
    Table t = new Table(null, "ID", "ADDR", "ADMIN", "LEASE AGE", "STATE", "TABLE VERSION");
    for (ProxyView p : v.proxies()) {
      t.row(p.id(), p.addr(), p.adminAddr(),
          String.format("%.1fs", Math.max(0, v.nowMs() - p.lastSeenMs()) / 1000.0),
          root.out().health(p.expired() ? "expired" : "live"), p.tableVersionSeen());
    }
    root.out().emit(v.proxies(), t);
    return 0;
  }

  @Command(name = "remove", description = "Forget a proxy (a live one registers again on its next renewal).")
  int remove(@Parameters(paramLabel = "ID") String id) {
    WriteResult r = root.meta().removeProxy(id);
    root.out().done("proxy " + id + " removed", r);
    return 0;
  }
}
