package io.codis.cli;

import io.codis.cli.commands.ClusterCommand;
import io.codis.cli.commands.CompletionCommand;
import io.codis.cli.commands.ConfigCommand;
import io.codis.cli.commands.GroupCommand;
import io.codis.cli.commands.KvCommand;
import io.codis.cli.commands.MetaCommand;
import io.codis.cli.commands.NodeCommand;
import io.codis.cli.commands.ProxyCommand;
import io.codis.cli.commands.SlotCommand;
import io.codis.cli.local.LocalCommand;
import io.codis.meta.client.MetaClient;
import io.codis.meta.client.MetaClientOptions;
import io.codis.meta.client.MetaException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code codisctl}: the root command. Global options are inherited by every subcommand, so they may
 * be given before or after the verb ({@code codisctl -o json group list} or
 * {@code codisctl group list -o json}).
 */
@Command(name = "codisctl", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "codisctl 0.1.0",
    description = "Operate a Codis for Java cluster: metaservers, groups, slots, proxies, nodes.",
    subcommands = {ClusterCommand.class, GroupCommand.class, SlotCommand.class, ProxyCommand.class,
        NodeCommand.class, MetaCommand.class, KvCommand.class, ConfigCommand.class,
        LocalCommand.class, CompletionCommand.class, io.codis.cli.commands.MigrateCommand.class},
    footer = {"", "Exit codes: 0 ok, 2 usage error, 3 refused (nothing changed), 4 unreachable,",
        "5 outcome unknown (a write may still be applied), 1 anything else."})
public final class CodisCtl {
  /** Client bounds: fail over across peers within about 2 s; one request may take 5 s. */
  static final MetaClientOptions CLIENT_OPTIONS = new MetaClientOptions(1_000, 5_000, 2_000, 100, 30_000);

  @Option(names = "--meta", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT,...",
      description = "Metaserver HTTP addresses (else CODIS_META, else codis.toml, else the local cluster's).")
  String meta;

  @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "table|json",
      description = "Output format: table (default) or json.")
  Output.Format format = Output.Format.table;

  @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Never colour the output.")
  boolean noColour;

  @Option(names = "--node-password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
      defaultValue = "${env:CODIS_NODE_PASSWORD}",
      description = "Password codisctl sends with AUTH to nodes and proxies (else CODIS_NODE_PASSWORD).")
  void nodePassword(String value) {
    Resp.password(value);
  }

  private final Map<String, String> env;
  private final PrintWriter out;
  private final boolean terminal;
  private MetaClient client;

  public CodisCtl(Map<String, String> env, PrintWriter out, boolean terminal) {
    this.env = env;
    this.out = out;
    this.terminal = terminal;
  }

  public Discovery.Found discovery() {
    return Discovery.find(meta, env, Discovery.configFiles(env));
  }

  /** The metaserver client, created on first use from the discovered addresses. */
  public MetaClient meta() {
    if (client == null) {
      client = new MetaClient(discovery().addrs(), CLIENT_OPTIONS);
    }
    return client;
  }

  public Output out() {
    return new Output(format, terminal && !noColour && env.get("NO_COLOR") == null, terminal, out);
  }

  public Map<String, String> env() {
    return env;
  }

  /** Builds the command line with codisctl's error handling (exit codes and hints). */
  public static CommandLine commandLine(CodisCtl root, PrintWriter err) {
    CommandLine cmd = new CommandLine(root);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setOut(root.out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((ex, line, parse) -> report(root, ex, err));
    return cmd;
  }

  static int report(CodisCtl root, Exception ex, PrintWriter err) {
    CliException e = ex instanceof MetaException m ? Errors.fromMeta(m, root.discovery()) :
        ex instanceof CliException c ? c :
        new CliException(Exit.FAILED, ex.toString(), "this is a bug in codisctl; please report it");
    err.println("codisctl: " + e.getMessage());
    if (e.hint() != null) {
      err.println("  next: " + e.hint());
    }
    err.flush();
    return e.exitCode();
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    CodisCtl root = new CodisCtl(System.getenv(), out, System.console() != null);
    int code = commandLine(root, err).execute(args);
    out.flush();
    System.exit(code);
  }
}
