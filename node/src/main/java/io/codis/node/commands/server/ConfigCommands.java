package io.codis.node.commands.server;

import io.codis.node.commands.connection.Help;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.Errors;
import java.util.ArrayList;
import java.util.List;

/** CONFIG GET/SET/RESETSTAT/REWRITE/HELP over the {@link io.codis.node.config.ConfigStore}. */
final class ConfigCommands {
  private ConfigCommands() {}

  static void register(CommandRegistry r) {
    r.register("config|get", ConfigCommands::get);
    r.register("config|set", ConfigCommands::set);
    r.register("config|resetstat", ConfigCommands::resetstat);
    r.register("config|rewrite", c -> {
      throw new CommandException("ERR The server is running without a config file");
    });
    r.register("config|help", ConfigCommands::help);
  }

  /* CONFIG GET parameter [parameter ...] */
  static void get(Call c) {
    List<String> patterns = new ArrayList<>();
    for (int i = 2; i < c.argc(); i++) {
      patterns.add(c.argString(i));
    }
    List<String[]> pairs = c.node().configStore().matching(patterns);
    c.reply().mapHeader(pairs.size());
    for (String[] pair : pairs) {
      c.reply().bulk(pair[0]);
      c.reply().bulk(pair[1]);
    }
  }

  /* CONFIG SET parameter value [parameter value ...]: all or nothing. */
  static void set(Call c) {
    if (c.argc() % 2 != 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    List<String[]> pairs = new ArrayList<>();
    for (int i = 2; i < c.argc(); i += 2) {
      pairs.add(new String[] {c.argString(i), c.argString(i + 1)});
    }
    for (String[] pair : pairs) {
      // The store is opened (and loaded) at start-up only; switching it at run time is not supported.
      if (pair[0].equalsIgnoreCase("appendonly")
          && !pair[1].equalsIgnoreCase(c.node().configStore().get("appendonly"))
          && (pair[1].equalsIgnoreCase("yes") || pair[1].equalsIgnoreCase("no"))) {
        throw new CommandException("ERR CONFIG SET failed (possibly related to argument '" + pair[0]
            + "') - appendonly can only be set at start-up (--appendonly yes|no)");
      }
    }
    String error = c.node().configStore().set(pairs);
    if (error != null) {
      throw new CommandException(error);
    }
    c.node().applyMemorySettings();
    if (c.node().persistence() != null) {
      c.node().persistence().fsyncMode(
          io.codis.node.storage.FsyncMode.parse(c.node().configStore().get("appendfsync")));
    }
    c.reply().ok();
  }

  /* CONFIG RESETSTAT */
  static void resetstat(Call c) {
    c.node().stats().reset();
    if (c.node().tier() != null) {
      c.node().tier().resetStats();
    }
    c.reply().ok();
  }

  /* CONFIG HELP */
  static void help(Call c) {
    Help.reply(c.reply(), "CONFIG",
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.");
  }
}
