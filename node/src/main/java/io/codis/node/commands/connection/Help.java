package io.codis.node.commands.connection;

import io.codis.protocol.resp.RespWriter;

/** The reply of {@code X HELP}: status lines, framed the way Redis's addReplyHelp frames them. */
public final class Help {
  private Help() {}

  public static void reply(RespWriter out, String command, String... lines) {
    out.arrayHeader(lines.length + 3);
    out.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    for (String line : lines) {
      out.simple(line);
    }
    out.simple("HELP");
    out.simple("    Prints this help.");
  }
}
