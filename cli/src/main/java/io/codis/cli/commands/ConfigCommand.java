package io.codis.cli.commands;

import io.codis.cli.CliException;
import io.codis.cli.CodisCtl;
import io.codis.cli.Discovery;
import io.codis.cli.Resp;
import io.codis.cli.Table;
import io.codis.meta.client.model.ClusterView;
import io.codis.meta.client.model.GroupView;
import io.codis.meta.client.model.KvEntry;
import io.codis.meta.client.model.ProxyView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code codisctl config show}: the effective settings of every component codisctl can ask:
 * codisctl's own discovery, the cluster model, the settings namespace, each node's CONFIG GET *,
 * and each proxy's registration.
 */
@Command(name = "config", description = "Effective settings of every component.")
public final class ConfigCommand {
  @ParentCommand
  CodisCtl root;

  /** One setting of one component. */
  public record Setting(String component, String name, String value) {}

  @Command(name = "show", description = "codisctl, cluster, kv namespace, nodes (CONFIG GET *), proxies.")
  int show() {
    List<Setting> settings = new ArrayList<>();
    Discovery.Found d = root.discovery();
    settings.add(new Setting("codisctl", "meta", String.join(",", d.addrs())));
    settings.add(new Setting("codisctl", "meta-source", d.source()));
    ClusterView v = root.meta().cluster();
    settings.add(new Setting("cluster", "initialized", String.valueOf(v.initialized())));
    settings.add(new Setting("cluster", "slot-count", String.valueOf(v.slotCount())));
    settings.add(new Setting("cluster", "version", String.valueOf(v.version())));
    for (KvEntry e : root.meta().kvList()) {
      settings.add(new Setting("kv", e.key(), e.value()));
    }
    Set<String> nodes = new LinkedHashSet<>();
    for (GroupView g : v.groups()) {
      if (g.master() != null) {
        nodes.add(g.master());
      }
      nodes.addAll(g.replicas());
    }
    for (String addr : nodes) {
      settings.addAll(nodeConfig(addr));
    }
    for (ProxyView p : v.proxies()) {
      String c = "proxy " + p.id();
      settings.add(new Setting(c, "addr", p.addr()));
      settings.add(new Setting(c, "admin-addr", p.adminAddr()));
      settings.add(new Setting(c, "lease-ttl-ms", String.valueOf(p.leaseTtlMs())));
    }
    Table t = new Table(null, "COMPONENT", "SETTING", "VALUE");
    settings.forEach(s -> t.row(s.component(), s.name(), s.value()));
    root.out().emit(settings, t);
    return 0;
  }

  /** Passwords are shown as set or empty, never printed. */
  static boolean secret(String name) {
    return name.contains("pass") || name.contains("auth");
  }

  private static List<Setting> nodeConfig(String addr) {
    List<Setting> out = new ArrayList<>();
    String c = "node " + addr;
    try (Resp r = Resp.connect(addr, NodeProbe.PROBE_TIMEOUT_MS)) {
      Object reply = r.call("CONFIG", "GET", "*");
      if (reply instanceof List<?> kv) {
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < kv.size(); i += 2) {
          pairs.add(new String[] {String.valueOf(kv.get(i)), String.valueOf(kv.get(i + 1))});
        }
        pairs.sort((a, b) -> a[0].compareTo(b[0]));
        pairs.forEach(p -> out.add(new Setting(c, p[0], secret(p[0]) && !p[1].isEmpty() ? "(set)" : p[1])));
      } else {
        out.add(new Setting(c, "error", String.valueOf(reply)));
      }
    } catch (CliException e) {
      out.add(new Setting(c, "error", "unreachable"));
    }
    return out;
  }
}
