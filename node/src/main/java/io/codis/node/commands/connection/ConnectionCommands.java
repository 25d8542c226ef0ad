package io.codis.node.commands.connection;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandRegistry;
import io.codis.protocol.resp.RespWriter;

/** PING, ECHO, QUIT. */
public final class ConnectionCommands {
  private ConnectionCommands() {}

  public static void register(CommandRegistry r) {
    r.register("ping", ConnectionCommands::ping);
    r.register("echo", c -> c.reply().bulk(c.arg(1)));
    r.register("quit", ConnectionCommands::quit);
  }

  /* PING [message] */
  static void ping(Call c) {
    if (c.argc() > 2) {
      throw new io.codis.node.exec.CommandException(io.codis.node.exec.Errors.wrongArgs("ping"));
    }
    RespWriter out = c.reply();
    boolean subscribedResp2 = c.session().protocol() == 2 && c.session().subscriptionCount() > 0;
    if (subscribedResp2) {
      out.arrayHeader(2);
      out.bulk("pong");
      out.bulk(c.argc() == 2 ? c.arg(1) : new byte[0]);
    } else if (c.argc() == 2) {
      out.bulk(c.arg(1));
    } else {
      out.simple("PONG");
    }
  }

  /* QUIT */
  static void quit(Call c) {
    c.reply().ok();
    c.session().closeAfterReply();
  }
}
