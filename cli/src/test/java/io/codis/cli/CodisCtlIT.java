package io.codis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codis.protocol.Slots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

/**
 * End to end: {@code bin/codisctl local up} in a temporary directory (3 metaservers, 2 groups of 2
 * nodes, 1 proxy as real processes), every codisctl verb against it (in-process, through the same
 * command line and exit codes as bin/codisctl), tables against golden files, JSON, refusals and exit
 * codes; then data written with redis-cli and Jedis survives a SIGKILLed local up, local down (which
 * stops the orphans) and local up again; the final local down must stop every child. About 2
 * minutes on a loaded 2-core machine, most of it JVM start-up of the 8 processes, twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CodisCtlIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Path dir;
  private LocalClusterProcess cluster;

  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  @BeforeAll
  void up() throws Exception {
    dir = Files.createTempDirectory("codisctl-it");
    cluster = new LocalClusterProcess(dir);
    try {
      cluster.up();
    } catch (Throwable t) {
      cluster.close();
      throw t;
    }
  }

  @AfterAll
  void down() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      LocalClusterProcess.deleteTree(dir);
    }
  }

  Result ctl(String... args) {
    List<String> all = new ArrayList<>(List.of("--meta", cluster.meta()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    CodisCtl root = new CodisCtl(env, new PrintWriter(out, true), false);
    int code = CodisCtl.commandLine(root, new PrintWriter(err, true)).execute(all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  Result ok(String... args) {
    Result r = ctl(args);
    assertEquals(0, r.code(), () -> String.join(" ", args) + " failed: " + r.err() + r.out());
    return r;
  }

  Result refused(int code, String expectedInErr, String... args) {
    Result r = ctl(args);
    assertEquals(code, r.code(), () -> String.join(" ", args) + ": " + r.err() + r.out());
    assertTrue(r.err().contains(expectedInErr), () -> "stderr of " + String.join(" ", args) + ": " + r.err());
    return r;
  }

  // ---- golden tables (first, while the cluster is as local up made it) ----

  @Test
  @Order(1)
  void tablesMatchTheGoldenFiles() throws Exception {
    golden("group-list.txt", ok("group", "list").out());
    golden("slot-list.txt", ok("slot", "list").out());
    golden("proxy-list.txt", ok("proxy", "list").out());
    golden("cluster-status.txt", status(ok("cluster", "status").out()));
  }

  @Test
  @Order(2)
  void statusAsJson() throws Exception {
    JsonNode s = ok("cluster", "status", "-o", "json").json();
    assertTrue(s.get("initialized").asBoolean());
    assertEquals(1024, s.get("slotCount").asInt());
    assertEquals(3, s.get("peers").size());
    assertEquals(4, s.get("servers").size());
    assertEquals(2, s.get("slots").size());
    assertEquals(1, s.get("proxies").size());
    assertEquals("live", s.get("proxies").get(0).get("state").asText());
    JsonNode groups = ok("-o", "json", "group", "list").json();
    assertEquals(cluster.node(0), groups.get(0).get("master").asText());
    assertEquals(cluster.node(1), groups.get(0).get("replicas").get(0).asText());
  }

  // ---- refusals and exit codes ----

  @Test
  @Order(3)
  void initTwiceIsRefused() {
    Result r = refused(Exit.REFUSED, "ALREADY_INITIALIZED", "cluster", "init");
    assertTrue(r.err().contains("next:"), r.err());
  }

  @Test
  @Order(4)
  void groupsCreateAndRemove() throws Exception {
    ok("group", "create", "3");
    refused(Exit.REFUSED, "GROUP_EXISTS", "group", "create", "3");
    refused(Exit.REFUSED, "owns 512 slots", "group", "remove", "1");
    ok("group", "add-server", "3", cluster.node(10));
    assertEquals(cluster.node(10), ok("-o", "json", "group", "list").json().get(2).get("master").asText());
    refused(Exit.REFUSED, "SERVER_IN_GROUP", "group", "add-server", "3", cluster.node(0));
    ok("group", "remove-server", "3", cluster.node(10));
    ok("group", "remove", "3");
    refused(Exit.REFUSED, "NO_SUCH_GROUP", "group", "remove", "3");
  }

  @Test
  @Order(5)
  void promoteRefusesNonReplicasAndReplicasThatDoNotReplicate() throws Exception {
    refused(Exit.REFUSED, "is not a replica of group 1", "group", "promote", "1", cluster.node(2));
    refused(Exit.REFUSED, "already the master", "group", "promote", "1", cluster.node(0));
    JsonNode info = ok("-o", "json", "node", "info", cluster.node(1), "--section", "replication").json();
    String role = info.get("replication").get("role").asText();
    if (!role.equals("slave")) {
      // today's node has no replication: the replica would miss writes, so promotion is refused
      refused(Exit.REFUSED, "does not replicate", "group", "promote", "1", cluster.node(1));
    }
    refused(Exit.USAGE, "", "group", "promote", "1");

    // --force cannot take the group from a master that holds its lease (nodes renew it every second)
    refused(Exit.REFUSED, "LEASE_HELD", "group", "promote", "1", cluster.node(1), "--force");

    // the default is a planned switchover: the master fences itself, the target catches up
    JsonNode before = ok("-o", "json", "group", "list").json().get(0);
    Result switched = ok("group", "promote", "1", cluster.node(1));
    assertTrue(switched.out().contains(cluster.node(1) + " is now the master of group 1"), switched.out());
    assertTrue(switched.out().contains("writes paused"), switched.out());
    JsonNode after = ok("-o", "json", "group", "list").json().get(0);
    assertEquals(cluster.node(1), after.get("master").asText());
    assertEquals(cluster.node(0), after.get("replicas").get(0).asText());
    assertTrue(after.get("epoch").asLong() > before.get("epoch").asLong());
    assertEquals("switchover", after.get("failovers").get(after.get("failovers").size() - 1)
        .get("reason").asText());
    // and back, once the old master has linked to the new one as a replica
    Result back = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      back = ctl("group", "promote", "1", cluster.node(0));
      if (back.code() == 0) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals(0, back.code(), back.err());
    assertEquals(cluster.node(0), ok("-o", "json", "group", "list").json().get(0).get("master").asText());
  }

  @Test
  @Order(6)
  void slotsAssignOfflineListInfoTop() throws Exception {
    ok("slot", "assign", "--range", "0-9", "--group", "2");
    ok("slot", "offline", "--range", "1000-1023");
    JsonNode ranges = ok("-o", "json", "slot", "list").json();
    assertEquals("[{\"first\":0,\"last\":9,\"groupId\":2,\"state\":\"STABLE\"},"
        + "{\"first\":10,\"last\":511,\"groupId\":1,\"state\":\"STABLE\"},"
        + "{\"first\":512,\"last\":999,\"groupId\":2,\"state\":\"STABLE\"},"
        + "{\"first\":1000,\"last\":1023,\"groupId\":0,\"state\":\"OFFLINE\"}]", ranges.toString());
    ok("slot", "assign", "--range", "0-9", "--group", "1");
    ok("slot", "assign", "--range", "1000-1023", "--group", "2");
    refused(Exit.REFUSED, "OUT_OF_RANGE", "slot", "assign", "--range", "1000-1024", "--group", "2");
    refused(Exit.USAGE, "expected: A-B", "slot", "assign", "--range", "x-y", "--group", "2");

    try (Jedis j = new Jedis("127.0.0.1", cluster.proxyPort())) {
      for (int i = 0; i < 20; i++) {
        j.set("{hot}" + i, "v".repeat(50));
      }
    }
    int slot = Slots.slotOf("{hot}".getBytes(StandardCharsets.UTF_8), 1024);
    JsonNode info = ok("-o", "json", "slot", "info", String.valueOf(slot)).json();
    assertEquals(20, info.get("keys").asLong());
    assertTrue(info.get("bytes").asLong() >= 20 * 50, info.toString());
    JsonNode top = ok("-o", "json", "slot", "top", "--limit", "3").json();
    assertEquals(slot, top.get(0).get("slot").asInt());
    assertEquals(20, top.get(0).get("keys").asLong());
    assertTrue(ok("slot", "info", String.valueOf(slot)).out().startsWith("SLOT  GROUP  STATE"));
    refused(Exit.REFUSED, "out of range", "slot", "info", "5000");
  }

  @Test
  @Order(8)
  void migrateMovesASlotWithItsKeysAndRefusesABadTarget() throws Exception {
    int slot = Slots.slotOf("{mig}".getBytes(StandardCharsets.UTF_8), 1024);
    int from = slot < 512 ? 1 : 2;
    int to = 3 - from;
    try (Jedis j = new Jedis("127.0.0.1", cluster.proxyPort())) {
      for (int i = 0; i < 500; i++) {
        j.set("{mig}" + i, "v" + i);
      }
      j.zadd("{mig}z", Map.of("a", 1.0, "b", 2.0));
    }
    refused(Exit.REFUSED, "group 9 does not exist", "migrate", "--slots", String.valueOf(slot), "--to", "9");
    refused(Exit.USAGE, "needs --slots", "migrate");
    Result moved = ok("migrate", "--slots", String.valueOf(slot), "--to", String.valueOf(to));
    assertTrue(moved.out().contains("slot " + slot + ": moved from group " + from + " to group " + to), moved.out());
    JsonNode slots = ok("-o", "json", "slot", "info", String.valueOf(slot)).json();
    assertEquals(to, slots.get("groupId").asInt());
    assertEquals(501, slots.get("keys").asLong(), "the new owner's master holds every key");
    try (Jedis j = new Jedis("127.0.0.1", cluster.proxyPort())) {
      for (int i = 0; i < 500; i++) {
        assertEquals("v" + i, j.get("{mig}" + i));
      }
      assertEquals(2L, j.zcard("{mig}z"));
    }
    JsonNode status = ok("-o", "json", "migrate", "status", "--slots", String.valueOf(slot)).json();
    assertEquals("done", status.get(0).get("phase").asText(), status.toString());
    ok("migrate", "--slots", String.valueOf(slot), "--to", String.valueOf(from)); // and back
  }

  @Test
  @Order(7)
  void proxiesNodesPeers() throws Exception {
    refused(Exit.REFUSED, "NO_SUCH_PROXY", "proxy", "remove", "nosuch");
    JsonNode info = ok("-o", "json", "node", "info", cluster.node(0)).json();
    assertTrue(info.has("server") && info.has("keyspace"), info.toString());
    refused(Exit.UNREACHABLE, "cannot connect", "node", "info", "127.0.0.1:1");
    JsonNode peers = ok("-o", "json", "meta", "peers").json();
    assertEquals(3, peers.size());
    refused(Exit.REFUSED, "NO_SUCH_PEER", "meta", "remove-peer", "nosuch");
  }

  @Test
  @Order(8)
  void keyValueNamespace() throws Exception {
    long v1 = ok("-o", "json", "kv", "put", "feature/x", "on").json().get("kvVersion").asLong();
    assertEquals("on", ok("-o", "json", "kv", "get", "feature/x").json().get("value").asText());
    refused(Exit.REFUSED, "CAS_FAILED", "kv", "cas", "feature/x", "off", "--expect-version", String.valueOf(v1 + 100));
    ok("kv", "cas", "feature/x", "off", "--expect-version", String.valueOf(v1));
    ok("kv", "cas", "feature/x", "on", "--expect-value", "off");
    refused(Exit.USAGE, "exactly one", "kv", "cas", "feature/x", "on");
    assertTrue(ok("kv", "get").out().contains("feature/x"));
    ok("kv", "del", "feature/x");
    refused(Exit.REFUSED, "no key feature/x", "kv", "get", "feature/x");
  }

  @Test
  @Order(9)
  void configCompletionUsageUnreachable() throws Exception {
    JsonNode settings = ok("-o", "json", "config", "show").json();
    assertEquals("--meta", find(settings, "codisctl", "meta-source"));
    assertEquals("yes", find(settings, "node " + cluster.node(0), "appendonly"));
    assertTrue(ok("completion").out().contains("complete -F"));
    refused(Exit.USAGE, "Unmatched argument", "nosuch");
    refused(Exit.USAGE, "Missing required option", "slot", "assign", "--range", "1-2");
    StringWriter err = new StringWriter();
    CodisCtl root = new CodisCtl(Map.of(), new PrintWriter(new StringWriter()), false);
    int code = CodisCtl.commandLine(root, new PrintWriter(err, true))
        .execute("--meta", "127.0.0.1:1", "cluster", "status");
    assertEquals(Exit.UNREACHABLE, code, err.toString());
    assertTrue(err.toString().contains("codisctl local up"), err.toString());
  }

  // ---- data survives a restart ----

  @Test
  @Order(20)
  void dataWrittenThroughTheProxySurvivesDownAndUp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-cli")), "redis-cli is not installed");
    try (Jedis j = new Jedis("127.0.0.1", cluster.proxyPort())) {
      for (int i = 0; i < 200; i++) {
        assertEquals("OK", j.set("jedis:" + i, "value-" + i));
      }
      j.hset("jedis:hash", Map.of("a", "1", "b", "2"));
    }
    assertEquals("OK", redisCli("SET", "cli:key", "from redis-cli").trim());
    // the harshest stop: local up itself is killed with SIGKILL; its children are orphans until
    // local down stops them by the PIDs it recorded (SIGTERM, so the nodes close RocksDB cleanly)
    List<Long> children = cluster.childPids();
    assertEquals(8, children.size(), "3 metaservers, 4 nodes, 1 proxy");
    cluster.killUpHard();
    assertTrue(children.stream().allMatch(LocalClusterProcess::alive), "children outlive a killed local up");
    LocalClusterProcess.assertDown(cluster.down(), children);
    assertFalse(Files.exists(dir.resolve("pids")), "local down leaves no PID file");

    cluster.up();
    try (Jedis j = new Jedis("127.0.0.1", cluster.proxyPort())) {
      for (int i = 0; i < 200; i++) {
        String key = "jedis:" + i;
        assertEquals("value-" + i, retryClusterDown(() -> j.get(key)));
      }
      assertEquals(Map.of("a", "1", "b", "2"), retryClusterDown(() -> j.hgetAll("jedis:hash")));
    }
    assertEquals("from redis-cli", retryClusterDown(() -> {
      String out = uncheckedRedisCli("GET", "cli:key").trim();
      if (out.startsWith("CLUSTERDOWN")) {
        throw new redis.clients.jedis.exceptions.JedisDataException(out);
      }
      return out;
    }));
    assertTrue(cluster.output.toString().contains("already initialised"), cluster.output.toString());
    refused(Exit.REFUSED, "ALREADY_INITIALIZED", "cluster", "init");
  }

  /**
   * Retries a read the proxy answered CLUSTERDOWN ("not executed": safe to retry), for up to 30 s:
   * right after a restart the proxy may briefly lose its lease while the metaservers settle.
   */
  private static <T> T retryClusterDown(java.util.function.Supplier<T> read) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return read.get();
      } catch (redis.clients.jedis.exceptions.JedisDataException e) {
        if (!String.valueOf(e.getMessage()).startsWith("CLUSTERDOWN") || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private String uncheckedRedisCli(String... args) {
    try {
      return redisCli(args);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String redisCli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(cluster.proxyPort())));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return out;
  }

  private static String find(JsonNode settings, String component, String name) {
    for (JsonNode s : settings) {
      if (s.get("component").asText().equals(component) && s.get("name").asText().equals(name)) {
        return s.get("value").asText();
      }
    }
    return null;
  }

  // ---- golden files ----

  /**
   * Ports become P+NNN (same width); ages, epochs and table versions (which move when nodes
   * register with the metaserver) become 9s of the same width, so the layout is still compared.
   */
  String normalise(String text) {
    Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      int offset = Integer.parseInt(m.group(1)) - cluster.basePort;
      m.appendReplacement(b, String.format("127.0.0.1:P+%03d", offset));
    }
    m.appendTail(b);
    String s = nines(b.toString(), Pattern.compile("\\b\\d+\\.\\ds\\b"));
    // The table version (last column) moves with every registration: one digit, not its width.
    s = Pattern.compile("(?m)(?<=(?:live|expired)\\s{1,20})\\d+$").matcher(s).replaceAll("9");
    // Epochs collapse to one digit: how many promotions earlier tests made is not layout.
    return Pattern.compile("(?m)(?<=^\\d{1,5}\\s{1,10})\\d+ +(?=127\\.0\\.0\\.1:)").matcher(s)
        .replaceAll(r -> "9" + " ".repeat(r.group().length() - 1)); // same width: the layout is still compared
  }

  /**
   * cluster status from GROUPS to PROXIES: the peers section (roles and health move on their own)
   * is checked through JSON instead, and the warnings and replication state change as nodes gain
   * replication.
   */
  String status(String text) {
    String s = normalise(text);
    s = s.substring(s.indexOf("GROUPS"), s.indexOf("WARNINGS"));
    s = s.replaceAll("(?m)^(\\d+\\s+\\d+\\s+\\S+\\s+(?:master|replica)\\s+\\S+\\s+).*$", "$1<replication>");
    return Pattern.compile("(?<=cluster version )\\d+").matcher(s).replaceAll("9");
  }

  private static String nines(String s, Pattern p) {
    return p.matcher(s).replaceAll(r -> r.group().replaceAll("\\d", "9"));
  }

  private void golden(String name, String actual) throws Exception {
    String got = name.equals("cluster-status.txt") ? actual : normalise(actual);
    Path file = cluster.home.resolve("cli/src/test/resources/golden").resolve(name);
    if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, got);
      return;
    }
    assertEquals(Files.readString(file), got, "table layout of " + name + " (rerun with -Dgolden.update=true after a deliberate change)");
  }
}
