package io.codis.node.commands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.DifferentialTestBase;
import io.codis.node.testing.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerDifferentialIT extends DifferentialTestBase {
  /** Commands of the connection, transactions and server rows, compared in full. */
  private static final List<String> OURS = List.of("ping", "echo", "quit", "auth", "hello", "select",
      "reset", "multi", "exec", "discard", "watch", "unwatch", "flushall", "flushdb", "dbsize", "time",
      "info", "lastsave", "swapdb", "wait", "shutdown", "debug", "command", "config", "slowlog",
      "latency");

  @Test
  void commandInfoOfOurRowsIsRedis() throws Exception {
    for (String name : OURS) {
      d.sameUnordered("COMMAND", "INFO", name);
    }
    for (String sub : List.of("getname", "setname", "id", "info", "list", "kill", "no-evict", "pause",
        "reply", "unblock", "unpause", "tracking", "trackinginfo", "caching", "getredir", "help")) {
      d.same("COMMAND", "INFO", "client|" + sub);
    }
    for (String sub : List.of("doctor", "stats", "purge", "malloc-stats", "help")) {
      d.same("COMMAND", "INFO", "memory|" + sub);
    }
    d.same("COMMAND", "INFO", "nosuch");
    d.same("COMMAND", "INFO", "watch", "nosuch", "multi");
  }

  @Test
  void commandSubcommands() throws Exception {
    d.same("COMMAND", "HELP");
    d.same("COMMAND", "COUNT", "x");
    d.same("COMMAND", "NOSUCH");
    d.same("COMMAND", "GETKEYS");
    d.same("COMMAND", "GETKEYS", "get");
    d.same("COMMAND", "GETKEYS", "set", "a", "b");
    d.same("COMMAND", "GETKEYS", "get", "a", "b");
    d.same("COMMAND", "GETKEYS", "nosuch", "a");
    d.same("COMMAND", "GETKEYS", "ping", "x");
    d.same("COMMAND", "GETKEYS", "watch", "a", "b", "c");
    d.same("COMMAND", "GETKEYS", "memory", "usage", "k");
    d.same("COMMAND", "GETKEYS", "config", "get", "x");
    d.same("COMMAND", "GETKEYS", "client", "nosuch");
    d.same("COMMAND", "GETKEYSANDFLAGS", "watch", "a", "b");
    d.same("COMMAND", "GETKEYSANDFLAGS", "get", "a");
    d.sameUnordered("COMMAND", "LIST", "FILTERBY", "PATTERN", "conf*");
    d.sameUnordered("COMMAND", "LIST", "FILTERBY", "PATTERN", "slowlog|*");
    d.sameUnordered("COMMAND", "LIST", "FILTERBY", "ACLCAT", "transaction");
    d.same("COMMAND", "LIST", "FILTERBY", "MODULE", "x");
    d.same("COMMAND", "LIST", "FILTERBY", "FOO", "x");
    d.same("COMMAND", "LIST", "x");
    d.same("COMMAND", "DOCS", "nosuch");
    assertInstanceOf(Reply.Int.class, d.ours().call("COMMAND", "COUNT"));
    Reply docs = d.ours().call("COMMAND", "DOCS", "watch");
    assertEquals("*[$\"watch\", *[$\"summary\", $\"Watch the given keys to determine execution of the MULTI/EXEC block\", "
        + "$\"since\", $\"2.2.0\", $\"group\", $\"transactions\"]]", docs.toString());
    Reply all = d.ours().call("COMMAND");
    assertEquals(((Reply.Int) d.ours().call("COMMAND", "COUNT")).value(), ((Reply.Arr) all).items().size());
  }

  @Test
  void configGetForTheDocumentedSubset() throws Exception {
    for (String name : List.of("maxclients", "timeout", "requirepass", "maxmemory", "maxmemory-policy",
        "appendonly", "appendfsync", "save", "databases", "proto-max-bulk-len", "client-query-buffer-limit",
        "slowlog-log-slower-than", "slowlog-max-len", "latency-tracking", "notify-keyspace-events", "hz",
        "hash-max-listpack-entries", "hash-max-listpack-value", "hash-max-ziplist-entries",
        "hash-max-ziplist-value", "set-max-intset-entries", "zset-max-listpack-entries",
        "zset-max-listpack-value", "zset-max-ziplist-entries", "zset-max-ziplist-value",
        "list-max-listpack-size", "list-max-ziplist-size", "list-compress-depth", "activerehashing",
        "lazyfree-lazy-eviction", "lazyfree-lazy-expire", "lazyfree-lazy-server-del",
        "lazyfree-lazy-user-del", "lazyfree-lazy-user-flush", "latency-monitor-threshold")) {
      d.same("CONFIG", "GET", name);
    }
    d.samePairsUnordered("CONFIG", "GET", "save", "appendonly");
    d.samePairsUnordered("CONFIG", "GET", "hash-max-*");
    d.samePairsUnordered("CONFIG", "GET", "lazyfree-*");
    d.samePairsUnordered("CONFIG", "GET", "TIMEOUT", "timeout", "time*");
    d.same("CONFIG", "GET", "nosuch");
    d.same("CONFIG", "GET");
    d.same("CONFIG", "HELP");
    d.same("CONFIG", "REWRITE");
    // the test node is configured with port 0 (any free port) and reports its configuration
    assertEquals("*[$\"port\", $\"0\"]", d.ours().call("CONFIG", "GET", "port").toString());
    assertEquals("*[$\"set-max-listpack-entries\", $\"128\"]",
        d.ours().call("CONFIG", "GET", "set-max-listpack-entries").toString());
  }

  @Test
  void configSetValidatesLikeRedisAndIsAtomic() throws Exception {
    try {
      d.same("CONFIG", "SET", "maxclients", "abc");
      d.same("CONFIG", "SET", "nosuch", "1");
      d.same("CONFIG", "SET", "timeout", "5", "maxclients", "x");
      d.same("CONFIG", "GET", "timeout");
      d.same("CONFIG", "SET", "timeout", "5", "timeout", "6");
      d.same("CONFIG", "SET", "timeout", "5", "nosuch", "6");
      d.same("CONFIG", "SET", "timeout");
      d.same("CONFIG", "SET", "timeout", "1", "hz");
      d.same("CONFIG", "SET", "timeout", "-1");
      d.same("CONFIG", "SET", "save", "x");
      d.same("CONFIG", "SET", "save", "1 2 3");
      d.same("CONFIG", "SET", "save", "3600 1 300 100");
      d.same("CONFIG", "GET", "save");
      d.same("CONFIG", "SET", "save", "");
      d.same("CONFIG", "SET", "maxmemory", "1gb");
      d.same("CONFIG", "GET", "maxmemory");
      d.same("CONFIG", "SET", "maxmemory", "10x");
      d.same("CONFIG", "SET", "maxmemory-policy", "foo");
      d.same("CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU");
      d.same("CONFIG", "GET", "maxmemory-policy");
      d.same("CONFIG", "SET", "appendfsync", "bad");
      d.same("CONFIG", "SET", "latency-tracking", "maybe");
      d.same("CONFIG", "SET", "proto-max-bulk-len", "10");
      d.same("CONFIG", "SET", "databases", "3");
      d.same("CONFIG", "SET", "hz", "1000");
      d.same("CONFIG", "GET", "hz");
      d.same("CONFIG", "SET", "notify-keyspace-events", "KEA");
      d.same("CONFIG", "GET", "notify-keyspace-events");
      d.same("CONFIG", "SET", "notify-keyspace-events", "Q");
      d.same("CONFIG", "SET", "notify-keyspace-events", "Kgx$");
      d.same("CONFIG", "GET", "notify-keyspace-events");
      d.same("CONFIG", "SET", "hash-max-ziplist-entries", "100", "zset-max-listpack-value", "32");
      d.samePairsUnordered("CONFIG", "GET", "hash-max-*", "zset-max-*");
      d.same("CONFIG", "SET", "list-max-listpack-size", "-3", "activerehashing", "NO");
      d.samePairsUnordered("CONFIG", "GET", "list-*", "activerehashing");
    } finally {
      for (var c : List.of(d.ours(), d.reference())) {
        c.call("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction", "save", "", "hz", "10",
            "notify-keyspace-events", "", "hash-max-listpack-entries", "512", "zset-max-listpack-value", "64",
            "list-max-listpack-size", "-2", "activerehashing", "yes", "timeout", "0");
      }
    }
  }

  @Test
  void configResetstatClearsCommandstats() throws Exception {
    d.same("ECHO", "x");
    d.same("CONFIG", "RESETSTAT");
    assertEquals("# Commandstats\r\ncmdstat_config|resetstat:calls=1",
        ((Reply.Bulk) d.ours().call("INFO", "commandstats")).text().replaceAll(",usec=.*", "").strip());
  }

  @Test
  void infoSectionsAndFields() throws Exception {
    d.same("CONFIG", "RESETSTAT");
    d.same("SET", "a", "1");
    d.same("NOSUCHCOMMAND");
    for (String[] args : List.of(new String[] {"INFO"}, new String[] {"INFO", "all"},
        new String[] {"INFO", "everything"}, new String[] {"INFO", "default"},
        new String[] {"INFO", "server", "clients"}, new String[] {"INFO", "KEYSPACE", "cpu", "server"},
        new String[] {"INFO", "commandstats"}, new String[] {"INFO", "errorstats"})) {
      Map<String, Map<String, String>> ours = sections(d.ours().call(args));
      Map<String, Map<String, String>> theirs = sections(d.reference().call(args));
      assertEquals(theirs.keySet(), ours.keySet(), String.join(" ", args));
    }
    Map<String, Map<String, String>> ours = sections(d.ours().call("INFO", "everything"));
    Map<String, Map<String, String>> theirs = sections(d.reference().call("INFO", "everything"));
    for (String section : List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication",
        "CPU", "Cluster")) {
      for (String field : theirs.get(section).keySet()) {
        assertTrue(ours.get(section).containsKey(field), section + " lacks " + field);
      }
    }
    assertEquals("7.0.15", ours.get("Server").get("redis_version"));
    assertEquals("standalone", ours.get("Server").get("redis_mode"));
    assertTrue(ours.get("Keyspace").get("db0").matches("keys=1,expires=0,avg_ttl=0"), ours.get("Keyspace").toString());
    assertTrue(ours.get("Commandstats").get("cmdstat_set")
        .matches("calls=1,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0"));
    assertEquals("count=1", ours.get("Errorstats").get("errorstat_ERR"));
    assertEquals(theirs.get("Errorstats"), ours.get("Errorstats"));
    Long.parseLong(ours.get("Memory").get("used_memory"));
    Double.parseDouble(ours.get("CPU").get("used_cpu_user"));
    d.same("INFO", "nosuch");
    String raw = ((Reply.Bulk) d.ours().call("INFO", "server", "clients")).text();
    assertTrue(raw.startsWith("# Server\r\nredis_version:7.0.15\r\n"), raw);
    assertTrue(raw.contains("\r\n\r\n# Clients\r\n") && raw.endsWith("\r\n") && !raw.endsWith("\r\n\r\n"), raw);
  }

  @Test
  void infoIsVerbatimInResp3() throws Exception {
    try {
      d.ours().call("HELLO", "3");
      d.reference().call("HELLO", "3");
      d.sameType("INFO", "server");
      assertInstanceOf(Reply.Verbatim.class, d.ours().call("INFO", "server"));
      d.sameType("CLIENT", "LIST");
      d.same("CONFIG", "GET", "timeout");
    } finally {
      d.ours().call("HELLO", "2");
      d.reference().call("HELLO", "2");
    }
  }

  @Test
  void slowlog() throws Exception {
    try {
      d.same("CONFIG", "SET", "slowlog-log-slower-than", "0");
      d.same("SLOWLOG", "RESET");
      d.same("ECHO", "x".repeat(200));
      d.same("SLOWLOG", "LEN");
      d.compare(ServerDifferentialIT::slowlogArgsOnly, bytes("SLOWLOG", "GET", "2"));
      d.compare(ServerDifferentialIT::slowlogArgsOnly, bytes("SLOWLOG", "GET", "-1"));
      String[] many = new String[40];
      many[0] = "ECHO";
      for (int i = 1; i < many.length; i++) {
        many[i] = "a" + i;
      }
      d.same(many);
      d.compare(ServerDifferentialIT::slowlogArgsOnly, bytes("SLOWLOG", "GET", "1"));
      d.same("SLOWLOG", "GET", "-5");
      d.same("SLOWLOG", "GET", "x");
      d.same("SLOWLOG", "GET", "1", "2");
      d.same("SLOWLOG", "HELP");
      d.same("CONFIG", "SET", "slowlog-max-len", "2");
      d.same("ECHO", "y");
      d.same("SLOWLOG", "LEN");
      d.same("CONFIG", "SET", "slowlog-log-slower-than", "-1");
      d.same("SLOWLOG", "RESET");
      d.same("ECHO", "z");
      d.same("SLOWLOG", "LEN");
    } finally {
      for (var c : List.of(d.ours(), d.reference())) {
        c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128");
      }
    }
  }

  /** A slow-log reply with id, time, duration and peer masked: what stays is the arguments and names. */
  private static String slowlogArgsOnly(Reply reply) {
    return reply.toString().replaceAll(":\\d+", ":N").replaceAll("\\$\"127\\.0\\.0\\.1:\\d+\"", "PEER");
  }

  @Test
  void latencyAndMemory() throws Exception {
    d.same("LATENCY", "LATEST");
    d.same("LATENCY", "HISTORY", "command");
    d.same("LATENCY", "RESET");
    d.same("LATENCY", "DOCTOR");
    d.same("LATENCY", "HELP");
    d.same("LATENCY", "GRAPH", "command");
    d.same("LATENCY", "NOSUCH");
    d.same("MEMORY", "USAGE", "nosuch");
    d.same("MEMORY", "DOCTOR");
    d.same("MEMORY", "HELP");
    d.same("MEMORY", "PURGE");
    d.same("SET", "k", "v");
    d.sameType("MEMORY", "USAGE", "k");
    d.sameType("MEMORY", "USAGE", "k", "SAMPLES", "0");
    d.same("MEMORY", "USAGE", "k", "SAMPLES");
    d.same("MEMORY", "USAGE", "k", "SAMPLES", "x");
    d.same("MEMORY", "USAGE", "k", "SAMPLES", "-1");
    d.same("MEMORY", "USAGE", "k", "FOO", "1");
    assertInstanceOf(Reply.Arr.class, d.ours().call("MEMORY", "STATS"));
  }

  @Test
  void smallServerCommands() throws Exception {
    d.same("DBSIZE");
    d.same("SET", "a", "1");
    d.same("DBSIZE");
    d.same("DBSIZE", "x");
    d.sameType("TIME");
    d.sameType("LASTSAVE");
    d.same("WAIT", "0", "0");
    d.same("WAIT", "x", "0");
    d.same("WAIT", "0", "x");
    d.same("WAIT", "0", "-1");
    d.same("FLUSHALL", "x");
    d.same("FLUSHDB", "SYNC");
    d.same("SHUTDOWN", "foo");
    d.same("SHUTDOWN", "ABORT");
    d.same("SHUTDOWN", "SAVE", "NOSAVE");
    d.same("SWAPDB", "0");
    assertEquals("-ERR SWAPDB is not allowed in cluster mode", d.ours().call("SWAPDB", "0", "1").toString());
    long start = System.nanoTime();
    assertEquals("+OK", d.ours().call("DEBUG", "SLEEP", "0.2").toString());
    assertTrue(System.nanoTime() - start >= 150_000_000L);
    assertTrue(d.ours().call("DEBUG", "NOSUCH").toString().startsWith("-ERR unknown subcommand"));
    Reply time = d.ours().call("TIME");
    long seconds = Long.parseLong(((Reply.Bulk) ((Reply.Arr) time).items().get(0)).text());
    assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 5);
  }

  /** INFO text to section title to (field to value). */
  static Map<String, Map<String, String>> sections(Reply reply) {
    String text = reply instanceof Reply.Verbatim v ? v.text() : ((Reply.Bulk) reply).text();
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : text.split("\r\n")) {
      if (line.startsWith("# ")) {
        current = new LinkedHashMap<>();
        out.put(line.substring(2), current);
      } else if (!line.isEmpty()) {
        int colon = line.indexOf(':');
        assertTrue(colon > 0 && current != null, "not a field line: " + line);
        current.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }

  private static byte[][] bytes(String... args) {
    List<byte[]> out = new ArrayList<>();
    for (String a : args) {
      out.add(a.getBytes(StandardCharsets.UTF_8));
    }
    return out.toArray(new byte[0][]);
  }
}
