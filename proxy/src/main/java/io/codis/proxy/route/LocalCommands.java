package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.command.CommandFlag;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.CommandTable;
import io.codis.protocol.command.KeySpec;
import io.codis.protocol.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Commands of policy LOCAL that the proxy answers itself. A LOCAL row without an entry here gets
 * {@link Replies#notYet}. Entries are keyed by the row's full name ({@code "client|id"}), as the
 * node's handlers are.
 */
final class LocalCommands {
  /** One local command; {@code clientId} is the session's id. */
  interface Handler {
    Route.Reply run(byte[][] argv, ClientState client);
  }

  static final String PROXY_VERSION = "7.0.15";

  private final CommandTable table;
  private final Map<String, Handler> handlers = new HashMap<>();
  private final Access access;
  private final Clients clients;

  LocalCommands(CommandTable table, RouterOptions options, Clients clients) {
    this.table = table;
    this.access = new Access(options.requirepass());
    this.clients = clients;
    /* PING [message] */
    handlers.put("ping", (argv, c) -> reply(argv.length == 1
        ? new RespValue.SimpleString("PONG") : argv.length == 2 ? Replies.bulk(argv[1])
        : Replies.arity("ping")));
    /* ECHO message */
    handlers.put("echo", (argv, c) -> reply(Replies.bulk(argv[1])));
    /* QUIT */
    handlers.put("quit", (argv, c) -> new Route.Reply(Replies.OK, true));
    /* SELECT index: the cluster has database 0 only */
    handlers.put("select", (argv, c) -> reply(select(argv[1])));
    /* HELLO [protover [AUTH username password] [SETNAME clientname]] */
    handlers.put("hello", this::hello);
    /* TIME */
    handlers.put("time", (argv, c) -> reply(time()));
    /* AUTH [username] password: the proxy's own password (--requirepass) */
    handlers.put("auth", (argv, c) -> reply(access.auth(argv, 1, argv.length, c)));
    /* CLIENT ID */
    handlers.put("client|id", (argv, c) -> reply(new RespValue.IntegerValue(c.id())));
    /* CLIENT SETNAME name */
    handlers.put("client|setname", (argv, c) -> reply(setName(argv[2], c)));
    /* CLIENT GETNAME */
    handlers.put("client|getname", (argv, c) -> reply(c.name().isEmpty() ? RespValue.BulkString.NULL
        : Replies.bulk(c.name())));
    /* CLIENT INFO */
    handlers.put("client|info", (argv, c) -> reply(Replies.bulk(c.infoLine() + "\n")));
    /* CLIENT LIST [TYPE normal] [ID id ...]: the proxy's own client connections */
    handlers.put("client|list", this::clientList);
    /* CLIENT SETINFO attr value: accepted and ignored (clients send it on connect) */
    handlers.put("client|setinfo", (argv, c) -> reply(Replies.OK));
    /* COMMAND COUNT */
    handlers.put("command|count", (argv, c) -> reply(new RespValue.IntegerValue(table.size())));
    /* COMMAND LIST (without FILTERBY) */
    handlers.put("command|list", (argv, c) -> reply(argv.length == 2 ? list()
        : Replies.error(ErrorCode.ERR, "COMMAND LIST FILTERBY is not supported by the proxy yet")));
    /* COMMAND INFO [name ...] */
    handlers.put("command|info", (argv, c) -> reply(info(argv, 2)));
    /* COMMAND: every row */
    handlers.put("command", (argv, c) -> reply(argv.length == 1 ? info(null, 0)
        : Replies.error(ErrorCode.ERR, "unknown subcommand '"
            + new String(argv[1], StandardCharsets.UTF_8) + "'. Try COMMAND HELP.")));
  }

  Route.Reply run(CommandSpec spec, byte[][] argv, ClientState client) {
    Handler h = handlers.get(spec.name());
    return h == null ? Route.Reply.of(Replies.notYet(spec.name().replace('|', ' '))) : h.run(argv, client);
  }

  /** Redis's rule for client names: no spaces, newlines or other special characters. */
  static RespValue setName(byte[] name, ClientState c) {
    for (byte b : name) {
      if (b < '!' || b > '~') {
        return Replies.error(ErrorCode.ERR,
            "Client names cannot contain spaces, newlines or special characters.");
      }
    }
    c.name(new String(name, StandardCharsets.UTF_8));
    return Replies.OK;
  }

  private Route.Reply clientList(byte[][] argv, ClientState self) {
    java.util.Set<Long> ids = null;
    for (int i = 2; i < argv.length; i++) {
      String opt = new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      if (opt.equals("type") && i + 1 < argv.length) {
        String type = new String(argv[++i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (!type.equals("normal")) {
          ids = ids == null ? new java.util.HashSet<>() : ids; // no pubsub/replica/master clients
          ids.add(-1L);
        }
      } else if (opt.equals("id") && i + 1 < argv.length) {
        ids = ids == null ? new java.util.HashSet<>() : ids;
        for (i = i + 1; i < argv.length; i++) {
          try {
            ids.add(Long.parseLong(new String(argv[i], StandardCharsets.US_ASCII)));
          } catch (NumberFormatException e) {
            return reply(Replies.error(ErrorCode.ERR, "Invalid client ID"));
          }
        }
      } else {
        return reply(Replies.error(ErrorCode.ERR, "syntax error"));
      }
    }
    StringBuilder out = new StringBuilder();
    for (ClientState c : clients.all()) {
      if (ids == null || ids.contains(c.id())) {
        out.append(c.infoLine()).append('\n');
      }
    }
    return reply(Replies.bulk(out.toString()));
  }

  private static Route.Reply reply(RespValue v) {
    return Route.Reply.of(v);
  }

  private static RespValue select(byte[] arg) {
    String s = new String(arg, StandardCharsets.US_ASCII);
    try {
      long db = Long.parseLong(s);
      return db == 0 ? Replies.OK : Replies.error(ErrorCode.ERR, "DB index is out of range");
    } catch (NumberFormatException e) {
      return Replies.error(ErrorCode.ERR, "value is not an integer or out of range");
    }
  }

  private Route.Reply hello(byte[][] argv, ClientState client) {
    int proto = 2;
    if (argv.length >= 2) {
      String ver = new String(argv[1], StandardCharsets.US_ASCII);
      long v;
      try {
        v = Long.parseLong(ver);
      } catch (NumberFormatException e) {
        return reply(Replies.error(ErrorCode.ERR, "Protocol version is not an integer or out of range"));
      }
      if (v != 2 && v != 3) {
        // Redis's answer to a version it does not speak.
        return reply(Replies.error(ErrorCode.NOPROTO, "unsupported protocol version"));
      }
      proto = (int) v; // the client session switches its protocol when it sees this reply succeed
    }
    byte[] setName = null;
    boolean authed = false;
    for (int i = 2; i < argv.length; i++) {
      String opt = new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      if (opt.equals("auth") && i + 2 < argv.length) {
        RespValue r = access.auth(argv, i + 1, i + 3, client);
        if (r instanceof RespValue.ErrorValue) {
          return reply(r);
        }
        authed = true;
        i += 2;
      } else if (opt.equals("setname") && i + 1 < argv.length) {
        setName = argv[++i];
      } else {
        return reply(Replies.error(ErrorCode.ERR, "Syntax error in HELLO option '" + opt + "'"));
      }
    }
    if (!authed && !client.authenticated()) {
      return reply(Replies.error(ErrorCode.NOAUTH, "HELLO must be called with the client already "
          + "authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to "
          + "authenticate the client and select the RESP protocol version at the same time"));
    }
    if (setName != null) {
      RespValue r = setName(setName, client);
      if (r instanceof RespValue.ErrorValue) {
        return reply(r);
      }
    }
    long clientId = client.id();
    // RESP2 shape of HELLO's map: a flat array of field, value pairs (a map in RESP3).
    List<RespValue> m = new ArrayList<>();
    m.add(Replies.bulk("server")); m.add(Replies.bulk("redis"));
    m.add(Replies.bulk("version")); m.add(Replies.bulk(PROXY_VERSION));
    m.add(Replies.bulk("proto")); m.add(new RespValue.IntegerValue(proto));
    m.add(Replies.bulk("id")); m.add(new RespValue.IntegerValue(clientId));
    m.add(Replies.bulk("mode")); m.add(Replies.bulk("standalone"));
    m.add(Replies.bulk("role")); m.add(Replies.bulk("master"));
    m.add(Replies.bulk("modules")); m.add(new RespValue.ArrayValue(List.of()));
    if (proto == 3) {
      List<RespValue.Entry> entries = new ArrayList<>();
      for (int i = 0; i < m.size(); i += 2) {
        entries.add(new RespValue.Entry(m.get(i), m.get(i + 1)));
      }
      return reply(new RespValue.MapValue(entries));
    }
    return reply(new RespValue.ArrayValue(m));
  }

  private static RespValue time() {
    long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
    return new RespValue.ArrayValue(List.of(Replies.bulk(Long.toString(micros / 1_000_000)),
        Replies.bulk(Long.toString(micros % 1_000_000))));
  }

  private RespValue list() {
    List<RespValue> names = new ArrayList<>();
    for (CommandSpec spec : table.all()) {
      names.add(Replies.bulk(spec.name()));
    }
    return new RespValue.ArrayValue(names);
  }

  /** COMMAND INFO rows from argv[from..], or every row when argv is null. */
  private RespValue info(byte[][] argv, int from) {
    List<RespValue> out = new ArrayList<>();
    if (argv == null) {
      for (CommandSpec spec : table.all()) {
        out.add(row(spec));
      }
    } else {
      for (int i = from; i < argv.length; i++) {
        CommandSpec spec = table.lookup(argv[i]);
        out.add(spec == null ? RespValue.ArrayValue.NULL : row(spec));
      }
    }
    return new RespValue.ArrayValue(out);
  }

  /**
   * One COMMAND INFO entry: name, arity, flags, first/last/step of the legacy key range, ACL
   * categories (the row's declared ones only), tips, key specs (not yet: empty) and subcommands.
   */
  private static RespValue row(CommandSpec spec) {
    List<RespValue> flags = new ArrayList<>();
    for (CommandFlag f : spec.flags()) {
      flags.add(new RespValue.SimpleString(f.replyName()));
    }
    int first = 0;
    int last = 0;
    int step = 0;
    if (!spec.keys().isEmpty() && spec.keys().get(0) instanceof KeySpec.Range r) {
      first = r.first();
      last = r.last();
      step = r.step();
    }
    List<RespValue> acl = new ArrayList<>();
    for (String c : spec.aclCategories()) {
      acl.add(new RespValue.SimpleString("@" + c.toLowerCase(Locale.ROOT)));
    }
    List<RespValue> tips = new ArrayList<>();
    for (String t : spec.tips()) {
      tips.add(Replies.bulk(t));
    }
    List<RespValue> subs = new ArrayList<>();
    for (CommandSpec sub : spec.subcommands().values()) {
      subs.add(row(sub));
    }
    return new RespValue.ArrayValue(List.of(Replies.bulk(spec.name()),
        new RespValue.IntegerValue(spec.arity()), new RespValue.ArrayValue(flags),
        new RespValue.IntegerValue(first), new RespValue.IntegerValue(last),
        new RespValue.IntegerValue(step), new RespValue.ArrayValue(acl),
        new RespValue.ArrayValue(tips), new RespValue.ArrayValue(List.of()),
        new RespValue.ArrayValue(subs)));
  }
}
