package io.codis.node.commands.strings;

import io.codis.node.exec.Call;
import io.codis.node.exec.CommandRegistry;

/** GET, SET. */
public final class StringCommands {
  private StringCommands() {}

  public static void register(CommandRegistry r) {
    r.register("get", StringCommands::get);
    r.register("set", StringCommands::set);
  }

  /* GET key */
  static void get(Call c) {
    c.reply().bulk(c.string(c.arg(1)));
  }

  /* SET key value (options come with the strings family) */
  static void set(Call c) {
    c.keyspace().put(c.arg(1), c.arg(2));
    c.keyspace().modified(c.arg(1));
    c.reply().ok();
  }
}
