package io.codis.meta.server;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MetaServerMainTest {
  private static MetaConfig parse(String... args) {
    MetaServerMain m = new MetaServerMain();
    new CommandLine(m).parseArgs(args);
    return m.toConfig();
  }

  @Test
  void defaultsAreThreeLocalPeers() {
    MetaConfig c = parse();
    assertEquals("m0", c.id());
    assertEquals(3, c.peers().size());
    assertEquals(7101, c.peers().get(1).raftPort());
    assertEquals(7202, c.peers().get(2).httpPort());
    assertEquals("127.0.0.1", c.bindHost());
  }

  @Test
  void portFlagsOverrideOnlyThisPeer() {
    MetaConfig c = parse("--id", "b", "--peers", "a=h1:1:2,b=h2:3:4", "--http-port", "9000");
    assertEquals(9000, c.self().httpPort());
    assertEquals(3, c.self().raftPort());
    assertEquals(2, c.peers().get(0).httpPort());
  }

  @Test
  void failoverFlags() {
    MetaServerMain m = new MetaServerMain();
    new CommandLine(m).parseArgs();
    var d = m.toFailoverConfig();
    assertEquals(io.codis.meta.server.control.FailoverConfig.DEFAULT, d);
    m = new MetaServerMain();
    new CommandLine(m).parseArgs("--probe-interval", "200", "--detection-timeout", "1000",
        "--node-password", "pw", "--failover-max-lag", "5", "--failover", "off");
    var f = m.toFailoverConfig();
    assertEquals(200, f.probeIntervalMs());
    assertEquals(1000, f.detectionTimeoutMs());
    assertEquals(400, f.probeTimeoutMs());
    assertEquals("pw", f.nodePassword());
    assertFalse(f.toString().contains("pw"), "the password never reaches a log");
    assertEquals(5, f.maxLagBytes());
    assertFalse(f.enabled());
    MetaServerMain bad = new MetaServerMain();
    new CommandLine(bad).parseArgs("--detection-timeout", "100", "--probe-interval", "500");
    assertThrows(IllegalArgumentException.class, bad::toFailoverConfig);
  }

  @Test
  void badPeersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> parse("--peers", "a=h:1"));
    assertThrows(IllegalArgumentException.class, () -> parse("--peers", "a=h:1:70000"));
    assertThrows(IllegalArgumentException.class, () -> parse("--id", "z"));
    assertThrows(IllegalArgumentException.class,
        () -> parse("--election-timeout-min-ms", "500", "--election-timeout-max-ms", "100"));
  }
}
