package io.codis.node.commands.connection;

import io.codis.node.exec.BlockingTimeout;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.server.Session;
import io.codis.protocol.resp.RespWriter;
import java.util.ArrayList;
import java.util.List;

/** CLIENT subcommands. Tracking (client-side caching) is not supported and says so. */
public final class ClientCommands {
  private static final String TRACKING_UNSUPPORTED =
      "ERR CLIENT TRACKING (client-side caching) is not supported by this server";

  private ClientCommands() {}

  static void register(CommandRegistry r) {
    r.register("client|id", c -> c.reply().integer(c.session().id()));
    r.register("client|getname", ClientCommands::getname);
    r.register("client|setname", ClientCommands::setname);
    r.register("client|setinfo", ClientCommands::setinfo);
    r.register("client|info", c -> c.reply().verbatim(ClientInfo.line(c.session(), c.now())));
    r.register("client|list", ClientCommands::list);
    r.register("client|kill", ClientKill::kill);
    r.register("client|no-evict", c -> c.session().noEvict(onOff(c)));
    r.register("client|no-touch", c -> c.session().noTouch(onOff(c)));
    r.register("client|reply", ClientCommands::reply);
    r.register("client|pause", ClientCommands::pause);
    r.register("client|unpause", c -> c.reply().ok());
    r.register("client|unblock", ClientCommands::unblock);
    r.register("client|tracking", c -> {
      throw new CommandException(TRACKING_UNSUPPORTED);
    });
    r.register("client|caching", c -> {
      throw new CommandException("ERR CLIENT CACHING can be called only when the client is in "
          + "tracking mode with OPTIN or OPTOUT mode enabled");
    });
    r.register("client|getredir", c -> c.reply().integer(-1));
    r.register("client|trackinginfo", ClientCommands::trackinginfo);
    r.register("client|help", ClientCommands::help);
  }

  /* CLIENT GETNAME */
  static void getname(Call c) {
    String name = c.session().name();
    if (name.isEmpty()) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(name);
    }
  }

  /* CLIENT SETNAME connection-name */
  static void setname(Call c) {
    String name = c.argString(2);
    checkName(name);
    c.session().name(name);
    c.reply().ok();
  }

  /** Redis allows printable ASCII without spaces in client names. */
  static void checkName(String name) {
    if (!printableWithoutSpaces(name)) {
      throw new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
    }
  }

  private static boolean printableWithoutSpaces(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch < '!' || ch > '~') {
        return false;
      }
    }
    return true;
  }

  /* CLIENT SETINFO <LIB-NAME libname | LIB-VER libver> (Redis 7.2; clients send it on connect) */
  static void setinfo(Call c) {
    String value = c.argString(3);
    if (c.argIs(2, "lib-name")) {
      if (!printableWithoutSpaces(value)) {
        throw new CommandException("ERR lib-name cannot contain spaces, newlines or special characters.");
      }
      c.session().libName(value);
    } else if (c.argIs(2, "lib-ver")) {
      if (!printableWithoutSpaces(value)) {
        throw new CommandException("ERR lib-ver cannot contain spaces, newlines or special characters.");
      }
      c.session().libVersion(value);
    } else {
      throw new CommandException("ERR Unrecognized option '" + c.argString(2) + "'");
    }
    c.reply().ok();
  }

  /* CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]] */
  static void list(Call c) {
    String type = null;
    List<Long> ids = null;
    int i = 2;
    while (i < c.argc()) {
      if (c.argIs(i, "type") && i + 1 < c.argc()) {
        type = ClientKill.clientType(c.argString(i + 1));
        i += 2;
      } else if (c.argIs(i, "id") && i + 1 < c.argc()) {
        ids = new ArrayList<>();
        for (i = i + 1; i < c.argc(); i++) {
          long id;
          try {
            id = c.argLong(i);
          } catch (CommandException e) {
            throw new CommandException("ERR Invalid client ID");
          }
          if (id <= 0) {
            throw new CommandException("ERR Invalid client ID");
          }
          ids.add(id);
        }
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    StringBuilder out = new StringBuilder();
    for (Session s : c.node().clients().all()) {
      if (type != null && !ClientKill.clientType(s).equals(type)) {
        continue;
      }
      if (ids != null && !ids.contains(s.id())) {
        continue;
      }
      out.append(ClientInfo.line(s, c.now()));
    }
    c.reply().verbatim(out.toString());
  }

  /** CLIENT NO-EVICT / NO-TOUCH argument: ON or OFF; replies +OK. */
  private static boolean onOff(Call c) {
    boolean on;
    if (c.argIs(2, "on")) {
      on = true;
    } else if (c.argIs(2, "off")) {
      on = false;
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    c.reply().ok();
    return on;
  }

  /* CLIENT REPLY ON|OFF|SKIP */
  static void reply(Call c) {
    if (c.argIs(2, "on")) {
      c.session().replyMode(Session.ReplyMode.ON);
      c.reply().ok();
    } else if (c.argIs(2, "off")) {
      c.session().replyMode(Session.ReplyMode.OFF);
    } else if (c.argIs(2, "skip")) {
      if (c.session().replyMode() != Session.ReplyMode.OFF) {
        c.session().replyMode(Session.ReplyMode.SKIP_NEXT);
      }
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
  }

  /* CLIENT PAUSE timeout [WRITE|ALL]: arguments checked as Redis does; pausing is not supported. */
  static void pause(Call c) {
    long timeout = BlockingTimeout.millis(c.arg(2));
    if (c.argc() > 4) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (c.argc() == 4 && !c.argIs(3, "write") && !c.argIs(3, "all")) {
      throw new CommandException("ERR CLIENT PAUSE mode must be WRITE or ALL");
    }
    throw new CommandException("ERR CLIENT PAUSE is not supported by this server");
  }

  /* CLIENT UNBLOCK client-id [TIMEOUT|ERROR] */
  static void unblock(Call c) {
    long id = c.argLong(2);
    boolean withError = false;
    if (c.argc() == 4) {
      if (c.argIs(3, "error")) {
        withError = true;
      } else if (!c.argIs(3, "timeout")) {
        throw new CommandException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
      }
    } else if (c.argc() > 4) {
      throw new CommandException(Errors.SYNTAX);
    }
    Session target = c.node().clients().get(id);
    boolean unblocked = target != null && c.node().blocking().unblockByClient(target, withError);
    c.reply().integer(unblocked ? 1 : 0);
  }

  /* CLIENT TRACKINGINFO: tracking is always off here. */
  static void trackinginfo(Call c) {
    RespWriter out = c.reply();
    out.mapHeader(3);
    out.bulk("flags");
    out.setHeader(1);
    out.bulk("off");
    out.bulk("redirect");
    out.integer(-1);
    out.bulk("prefixes");
    out.arrayHeader(0);
  }

  /* CLIENT HELP */
  static void help(Call c) {
    Help.reply(c.reply(), "CLIENT",
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.");
  }
}
