package io.codis.node.commands.server;

import io.codis.node.commands.connection.Help;
import io.codis.node.keyspace.Glob;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import io.codis.protocol.command.CommandFlag;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.KeySpec;
import io.codis.protocol.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** COMMAND and its subcommands, all answered from the command table. */
final class CommandCommands {
  private CommandCommands() {}

  static void register(CommandRegistry r) {
    r.register("command", CommandCommands::all);
    r.register("command|count", c -> c.reply().integer(c.node().table().size()));
    r.register("command|info", CommandCommands::info);
    r.register("command|docs", CommandCommands::docs);
    r.register("command|list", CommandCommands::list);
    r.register("command|getkeys", c -> getkeys(c, false));
    r.register("command|getkeysandflags", c -> getkeys(c, true));
    r.register("command|help", CommandCommands::help);
  }

  /* COMMAND */
  static void all(Call c) {
    Collection<CommandSpec> all = c.node().table().all();
    c.reply().arrayHeader(all.size());
    for (CommandSpec spec : all) {
      CommandInfoReply.info(c.reply(), spec);
    }
  }

  /* COMMAND INFO [command-name ...] */
  static void info(Call c) {
    if (c.argc() == 2) {
      all(c);
      return;
    }
    c.reply().arrayHeader(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      CommandSpec spec = lookupFullName(c, c.argString(i));
      if (spec == null) {
        c.reply().nullBulk();
      } else {
        CommandInfoReply.info(c.reply(), spec);
      }
    }
  }

  /** A command by name, or a subcommand by {@code container|sub}, as COMMAND INFO accepts. */
  private static CommandSpec lookupFullName(Call c, String name) {
    int bar = name.indexOf('|');
    if (bar < 0) {
      return c.node().table().lookup(name);
    }
    CommandSpec parent = c.node().table().lookup(name.substring(0, bar));
    return parent == null ? null
        : parent.subcommands().get(name.substring(bar + 1).toLowerCase(java.util.Locale.ROOT));
  }

  /* COMMAND DOCS [command-name ...]: unknown names are left out of the map. */
  static void docs(Call c) {
    List<CommandSpec> specs = new ArrayList<>();
    if (c.argc() == 2) {
      specs.addAll(c.node().table().all());
    } else {
      for (int i = 2; i < c.argc(); i++) {
        CommandSpec spec = lookupFullName(c, c.argString(i));
        if (spec != null) {
          specs.add(spec);
        }
      }
    }
    c.reply().mapHeader(specs.size());
    for (CommandSpec spec : specs) {
      c.reply().bulk(spec.name());
      CommandInfoReply.docs(c.reply(), spec);
    }
  }

  /* COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern] */
  static void list(Call c) {
    String kind = null;
    String arg = null;
    if (c.argc() == 5 && c.argIs(2, "filterby")) {
      if (c.argIs(3, "module") || c.argIs(3, "aclcat") || c.argIs(3, "pattern")) {
        kind = c.argString(3).toLowerCase(java.util.Locale.ROOT);
        arg = c.argString(4);
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    } else if (c.argc() != 2) {
      throw new CommandException(Errors.SYNTAX);
    }
    List<String> names = new ArrayList<>();
    for (CommandSpec spec : c.node().table().all()) {
      collect(spec, kind, arg, names);
    }
    c.reply().arrayHeader(names.size());
    for (String name : names) {
      c.reply().bulk(name);
    }
  }

  private static void collect(CommandSpec spec, String kind, String arg, List<String> names) {
    if (kind == null
        || (kind.equals("aclcat") && CommandInfoReply.categories(spec).contains("@" + arg.toLowerCase(java.util.Locale.ROOT)))
        || (kind.equals("pattern") && Glob.matches(arg, spec.name(), true))) {
      names.add(spec.name());
    }
    for (CommandSpec sub : spec.subcommands().values()) {
      collect(sub, kind, arg, names);
    }
  }

  /* COMMAND GETKEYS command [arg ...], COMMAND GETKEYSANDFLAGS command [arg ...] */
  static void getkeys(Call c, boolean withFlags) {
    byte[][] argv = java.util.Arrays.copyOfRange(c.argv(), 2, c.argc());
    CommandSpec spec = c.node().table().lookup(argv[0]);
    if (spec != null && spec.hasSubcommands() && argv.length >= 2) {
      spec = spec.subcommands().get(new String(argv[1], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT));
    }
    if (spec == null) {
      throw new CommandException("ERR Invalid command specified");
    }
    if (spec.keys().isEmpty()) {
      throw new CommandException("ERR The command has no key arguments");
    }
    if (!spec.arityAccepts(argv.length)) {
      throw new CommandException("ERR Invalid number of arguments specified for command");
    }
    if (!keysComplete(spec, argv)) {
      throw new CommandException("ERR Invalid arguments specified for command");
    }
    int[] indexes = spec.keyIndexes(argv);
    if (indexes.length == 0) {
      if (spec.is(CommandFlag.NO_MANDATORY_KEYS)) {
        c.reply().arrayHeader(0);
        return;
      }
      throw new CommandException("ERR Invalid arguments specified for command");
    }
    RespWriter out = c.reply();
    out.arrayHeader(indexes.length);
    List<String> flags = CommandInfoReply.keyFlags(spec);
    for (int index : indexes) {
      if (withFlags) {
        out.arrayHeader(2);
        out.bulk(argv[index]);
        out.setHeader(flags.size());
        for (String f : flags) {
          out.simple(f);
        }
      } else {
        out.bulk(argv[index]);
      }
    }
  }

  /** False when a numkeys argument is not a count or promises more keys than there are arguments. */
  private static boolean keysComplete(CommandSpec spec, byte[][] argv) {
    for (KeySpec key : spec.keys()) {
      if (key instanceof KeySpec.Keynum kn) {
        if (kn.numkeysIndex() >= argv.length) {
          return false;
        }
        long count;
        try {
          count = Long.parseLong(new String(argv[kn.numkeysIndex()], StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
          return false;
        }
        if (count < 0 || (count > 0 && kn.numkeysIndex() + kn.firstKeyOffset() + (count - 1) * kn.step() >= argv.length)) {
          return false;
        }
      }
    }
    return true;
  }

  /* COMMAND HELP */
  static void help(Call c) {
    Help.reply(c.reply(), "COMMAND",
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.");
  }
}
