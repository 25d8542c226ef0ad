package io.codis.node.commands.connection;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.Errors;
import io.codis.node.server.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CLIENT KILL, in its old form (one address) and its filter form. */
final class ClientKill {
  private ClientKill() {}

  /*
   * CLIENT KILL ip:port
   * CLIENT KILL [ID id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB] [USER username] [ADDR ip:port]
   *             [LADDR ip:port] [SKIPME YES|NO] ...
   */
  static void kill(Call c) {
    long id = 0;
    String type = null;
    String addr = null;
    String laddr = null;
    boolean skipme = true;
    boolean oldForm = c.argc() == 3;
    if (oldForm) {
      addr = c.argString(2);
      skipme = false; // the old form may kill the caller itself
    } else if (c.argc() % 2 == 0) {
      for (int i = 2; i < c.argc(); i += 2) {
        String value = c.argString(i + 1);
        if (c.argIs(i, "id")) {
          try {
            id = c.argLong(i + 1);
          } catch (CommandException e) {
            id = -1;
          }
          if (id < 1) {
            throw new CommandException("ERR client-id should be greater than 0");
          }
        } else if (c.argIs(i, "type")) {
          type = clientType(value);
        } else if (c.argIs(i, "addr")) {
          addr = value;
        } else if (c.argIs(i, "laddr")) {
          laddr = value;
        } else if (c.argIs(i, "user")) {
          if (!value.equals("default")) {
            throw new CommandException("ERR No such user '" + value + "'");
          }
        } else if (c.argIs(i, "skipme")) {
          if (value.equalsIgnoreCase("yes")) {
            skipme = true;
          } else if (value.equalsIgnoreCase("no")) {
            skipme = false;
          } else {
            throw new CommandException(Errors.SYNTAX);
          }
        } else {
          throw new CommandException(Errors.SYNTAX);
        }
      }
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    List<Session> victims = new ArrayList<>();
    for (Session s : c.node().clients().all()) {
      if ((id != 0 && s.id() != id)
          || (type != null && !clientType(s).equals(type))
          || (addr != null && !s.remoteAddress().equals(addr))
          || (laddr != null && !s.localAddress().equals(laddr))
          || (skipme && s == c.session())) {
        continue;
      }
      victims.add(s);
    }
    for (Session s : victims) {
      if (s == c.session()) {
        s.closeAfterReply();
      } else {
        s.channel().close();
      }
    }
    if (oldForm) {
      if (victims.isEmpty()) {
        throw new CommandException("ERR No such client");
      }
      c.reply().ok();
    } else {
      c.reply().integer(victims.size());
    }
  }

  /** The canonical client type for a TYPE argument, or the error Redis gives for an unknown one. */
  static String clientType(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    switch (n) {
      case "normal":
      case "master":
      case "pubsub":
        return n;
      case "replica":
      case "slave":
        return "replica";
      default:
        throw new CommandException("ERR Unknown client type '" + name + "'");
    }
  }

  /** A connected client's type: every client here is normal unless subscribed. */
  static String clientType(Session s) {
    return s.subscriptionCount() > 0 ? "pubsub" : "normal";
  }
}
