package io.codis.node.commands.server;

import io.codis.node.commands.connection.Help;
import io.codis.node.exec.Call;
import io.codis.node.exec.CommandException;
import io.codis.node.exec.CommandRegistry;
import io.codis.node.exec.SlowLog;
import io.codis.protocol.resp.RespWriter;
import java.util.List;

/**
 * SLOWLOG and LATENCY. The latency monitor records no events (it is off, as in a default Redis), so
 * LATENCY answers what Redis answers with nothing recorded.
 */
final class DiagnosticCommands {
  private DiagnosticCommands() {}

  static void register(CommandRegistry r) {
    r.register("slowlog|get", DiagnosticCommands::slowlogGet);
    r.register("slowlog|len", c -> c.reply().integer(c.node().slowlog().size()));
    r.register("slowlog|reset", c -> {
      c.node().slowlog().reset();
      c.reply().ok();
    });
    r.register("slowlog|help", DiagnosticCommands::slowlogHelp);
    r.register("latency|doctor", DiagnosticCommands::latencyDoctor);
    r.register("latency|latest", c -> c.reply().arrayHeader(0));
    r.register("latency|history", c -> c.reply().arrayHeader(0));
    r.register("latency|reset", c -> c.reply().integer(0));
    r.register("latency|graph", c -> {
      throw new CommandException("ERR No samples available for event '" + c.argString(2) + "'");
    });
    r.register("latency|histogram", c -> c.reply().mapHeader(0));
    r.register("latency|help", DiagnosticCommands::latencyHelp);
  }

  /* SLOWLOG GET [count] */
  static void slowlogGet(Call c) {
    long count = 10;
    if (c.argc() == 3) {
      try {
        count = c.argLong(2);
      } catch (CommandException e) {
        count = Long.MIN_VALUE;
      }
      if (count < -1) {
        throw new CommandException("ERR count should be greater than or equal to -1");
      }
    } else if (c.argc() > 3) {
      throw new CommandException(
          "ERR unknown subcommand or wrong number of arguments for '" + c.argString(1) + "'. Try SLOWLOG HELP.");
    }
    List<SlowLog.Entry> entries = c.node().slowlog().newest(count);
    RespWriter out = c.reply();
    out.arrayHeader(entries.size());
    for (SlowLog.Entry e : entries) {
      out.arrayHeader(6);
      out.integer(e.id());
      out.integer(e.timeSeconds());
      out.integer(e.durationMicros());
      out.arrayHeader(e.args().size());
      for (byte[] arg : e.args()) {
        out.bulk(arg);
      }
      out.bulk(e.peer());
      out.bulk(e.clientName());
    }
  }

  static void slowlogHelp(Call c) {
    Help.reply(c.reply(), "SLOWLOG",
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.");
  }

  /* LATENCY DOCTOR */
  static void latencyDoctor(Call c) {
    String threshold = c.node().configStore().get("latency-monitor-threshold");
    if (threshold.equals("0")) {
      c.reply().verbatim("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this "
          + "Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in "
          + "order to enable it. If we weren't in a deep space mission I'd suggest to take a look at "
          + "https://redis.io/topics/latency-monitor.\n");
    } else {
      c.reply().verbatim("Dave, no latency spike was observed during the lifetime of this Redis "
          + "instance, not in the slightest bit. I honestly think you ought to sit down calmly, take "
          + "a stress pill, and think things over.\n");
    }
  }

  static void latencyHelp(Call c) {
    Help.reply(c.reply(), "LATENCY",
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.");
  }
}
