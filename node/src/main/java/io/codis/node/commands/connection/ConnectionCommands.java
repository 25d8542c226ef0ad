package io.codis.node.commands.connection;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.node.server.Session;
import io.codis.protocol.resp.RespWriter;

/** PING, ECHO, QUIT, AUTH, HELLO, SELECT, RESET; CLIENT lives in {@link ClientCommands}. */
public final class ConnectionCommands {
  /** What HELLO reports as the server's version: the Redis version whose behaviour we follow. */
  public static final String REDIS_VERSION = "7.0.15";

  private ConnectionCommands() {}

  public static void register(CommandRegistry r) {
    r.register("ping", ConnectionCommands::ping);
    r.register("echo", c -> c.reply().bulk(c.arg(1)));
    r.register("quit", ConnectionCommands::quit);
    r.register("auth", ConnectionCommands::auth);
    r.register("hello", ConnectionCommands::hello);
    r.register("select", ConnectionCommands::select);
    r.register("reset", ConnectionCommands::reset);
    ClientCommands.register(r);
  }

  /* PING [message] */
  static void ping(Call c) {
    if (c.argc() > 2) {
      throw new CommandException(Errors.wrongArgs("ping"));
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

  /* AUTH [username] password */
  static void auth(Call c) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    String password = c.argString(c.argc() - 1);
    if (c.argc() == 2 && c.node().configStore().requirepass() == null) {
      throw new CommandException("ERR AUTH <password> called without any password configured for "
          + "the default user. Are you sure your configuration is correct?");
    }
    String user = c.argc() == 3 ? c.argString(1) : "default";
    if (!Passwords.check(c.node().configStore().requirepass(), user, password)) {
      throw new CommandException(Errors.WRONGPASS);
    }
    c.session().authenticated(true);
    c.reply().ok();
  }

  /* HELLO [protover [AUTH username password] [SETNAME clientname]] */
  static void hello(Call c) {
    Session session = c.session();
    int protocol = session.protocol();
    if (c.argc() >= 2) {
      long version;
      try {
        version = c.argLong(1);
      } catch (CommandException e) {
        throw new CommandException("ERR Protocol version is not an integer or out of range");
      }
      if (version < 2 || version > 3) {
        throw new CommandException("NOPROTO unsupported protocol version");
      }
      protocol = (int) version;
    }
    String user = null;
    String password = null;
    String name = null;
    for (int i = 2; i < c.argc(); i++) {
      int more = c.argc() - i - 1;
      if (c.argIs(i, "auth") && more >= 2) {
        user = c.argString(i + 1);
        password = c.argString(i + 2);
        i += 2;
      } else if (c.argIs(i, "setname") && more >= 1) {
        name = c.argString(i + 1);
        i += 1;
      } else {
        throw new CommandException("ERR Syntax error in HELLO option '" + c.argString(i) + "'");
      }
    }
    if (user != null) {
      if (!Passwords.check(c.node().configStore().requirepass(), user, password)) {
        throw new CommandException(Errors.WRONGPASS);
      }
      session.authenticated(true);
    }
    if (!session.authenticated()) {
      throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, "
          + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the "
          + "client and select the RESP protocol version at the same time");
    }
    if (name != null) {
      ClientCommands.checkName(name);
      session.name(name);
    }
    session.writer().protocol(protocol);
    RespWriter out = c.reply();
    out.mapHeader(7);
    out.bulk("server");
    out.bulk("redis");
    out.bulk("version");
    out.bulk(REDIS_VERSION);
    out.bulk("proto");
    out.integer(protocol);
    out.bulk("id");
    out.integer(session.id());
    out.bulk("mode");
    out.bulk("standalone");
    out.bulk("role");
    out.bulk("master");
    out.bulk("modules");
    out.arrayHeader(0);
  }

  /* SELECT index: only database 0 exists, as in Redis Cluster. */
  static void select(Call c) {
    long index = c.argLong(1);
    if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
      throw new CommandException("ERR value is out of range, value must between -2147483648 and 2147483647");
    }
    if (index != 0) {
      throw new CommandException("ERR SELECT is not allowed in cluster mode");
    }
    c.reply().ok();
  }

  /* RESET: back to a fresh connection's state (keeps the id and the socket). */
  static void reset(Call c) {
    Session session = c.session();
    if (session.inMulti()) {
      session.endMulti();
    }
    c.node().watches().unwatchAll(session);
    c.node().pubsub().disconnected(session);
    session.name("");
    session.replyMode(Session.ReplyMode.ON);
    session.noEvict(false);
    session.noTouch(false);
    session.writer().protocol(2);
    session.authenticated(c.node().configStore().requirepass() == null);
    c.reply().simple("RESET");
  }
}
