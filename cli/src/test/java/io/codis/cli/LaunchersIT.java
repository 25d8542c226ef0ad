package io.codis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bin/ launchers share bin/lib/launcher.sh: arguments pass through unchanged, the JVM flags come
 * from CODIS_GC/CODIS_HEAP (or CODIS_JAVA_OPTS), and a bad setting is a usage error; the proxy's defaults. About 7 s.
 */
class LaunchersIT {
  private final Path home = Path.of(System.getProperty("codis.home", "..")).toAbsolutePath().normalize();

  private record Run(int code, String out) {}

  private Run run(Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().remove("CODIS_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }

  @Test
  void everyLauncherPassesItsArgumentsThrough() throws Exception {
    for (String launcher : List.of("codis-node", "codis-proxy", "codis-metaserver", "codisctl")) {
      Run r = run(Map.of(), "bash", "bin/" + launcher, "--help");
      assertEquals(0, r.code(), launcher + ": " + r.out());
      assertTrue(r.out().startsWith("Usage: " + launcher), launcher + ": " + r.out());
    }
  }

  @Test
  void collectorAndHeapComeFromTheEnvironment() throws Exception {
    Run traced = run(Map.of("CODIS_GC", "parallel", "CODIS_HEAP", "64m"), "bash", "-x", "bin/codis-node", "--version");
    assertEquals(0, traced.code(), traced.out());
    assertTrue(traced.out().contains("-XX:+UseParallelGC -Xms64m -Xmx64m"), traced.out());
    assertTrue(traced.out().contains("codis-node 0.1.0"), traced.out());
    // The proxy's own defaults: ZGC and a fixed, pre-touched 1 GiB heap (docs/proxy.md, "Engine").
    Run proxy = run(Map.of(), "bash", "-x", "bin/codis-proxy", "--version");
    assertEquals(0, proxy.code(), proxy.out());
    assertTrue(proxy.out().contains("-XX:+UseZGC") && proxy.out().contains("-Xms1g -Xmx1g -XX:+AlwaysPreTouch"),
        proxy.out()); // (JDK 21-22 get -XX:+ZGenerational between the two)
    Run proxyHeap = run(Map.of("CODIS_HEAP", "256m"), "bash", "-x", "bin/codis-proxy", "--version");
    assertTrue(proxyHeap.out().contains("-Xms256m -Xmx256m -XX:+AlwaysPreTouch"), proxyHeap.out());
    Run bad = run(Map.of("CODIS_GC", "bogus"), "bash", "bin/codis-node", "--version");
    assertEquals(2, bad.code(), bad.out());
    assertTrue(bad.out().contains("expected: g1, parallel, zgc or serial"), bad.out());
  }
}
