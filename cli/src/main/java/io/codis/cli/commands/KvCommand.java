package io.codis.cli.commands;

import io.codis.cli.CliException;
import io.codis.cli.CodisCtl;
import io.codis.cli.Table;
import io.codis.meta.client.model.KvEntry;
import io.codis.meta.client.model.WriteResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code codisctl kv get|put|cas|del}: the metaserver's settings namespace. */
@Command(name = "kv", description = "The metaserver's key/value settings namespace.")
public final class KvCommand {
  @ParentCommand
  CodisCtl root;

  @Command(name = "get", description = "One key, or every key when none is given.")
  int get(@Parameters(paramLabel = "KEY", arity = "0..1") String key) {
    List<KvEntry> entries;
    if (key == null) {
      entries = root.meta().kvList();
    } else {
      entries = List.of(root.meta().kvGet(key).orElseThrow(() -> CliException.refused(
          "no key " + key, "codisctl kv get (no key) lists every key")));
    }
    Table t = new Table(null, "KEY", "VERSION", "VALUE");
    entries.forEach(e -> t.row(e.key(), e.version(), e.value()));
    root.out().emit(key == null ? entries : entries.get(0), t);
    return 0;
  }

  @Command(name = "put", description = "Write a key.")
  int put(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "VALUE") String value) {
    WriteResult r = root.meta().kvPut(key, value);
    root.out().done(key + " written (version " + r.kvVersion() + ")", r);
    return 0;
  }

  @Command(name = "cas", description = "Write a key only if it is at a version (0: absent) or holds a value.")
  int cas(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "VALUE") String value,
      @Option(names = "--expect-version") Long version, @Option(names = "--expect-value") String expected) {
    if ((version == null) == (expected == null)) {
      throw new CliException(io.codis.cli.Exit.USAGE,
          "give exactly one of --expect-version and --expect-value", "codisctl kv cas --help");
    }
    WriteResult r = version != null ? root.meta().kvCas(key, version, value)
        : root.meta().kvCasValue(key, expected, value);
    root.out().done(key + " written (version " + r.kvVersion() + ")", r);
    return 0;
  }

  @Command(name = "del", description = "Delete a key.")
  int del(@Parameters(paramLabel = "KEY") String key, @Option(names = "--expect-version") Long version) {
    WriteResult r = root.meta().kvDelete(key, version);
    root.out().done(key + " deleted", r);
    return 0;
  }
}
