package io.codis.proxy;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProxyMainTest {
  @Test
  void flagsHaveDefaults() {
    ProxyMain m = new ProxyMain();
    new CommandLine(m).parseArgs("--meta", "127.0.0.1:7200,127.0.0.1:7201");
    assertEquals(19000, m.port);
    assertEquals("127.0.0.1", m.bind);
    assertEquals(1024, m.pipelineDepthMax);
    assertEquals(3000, m.requestDeadlineMs);
    assertEquals("127.0.0.1:7200,127.0.0.1:7201", m.meta);
    assertEquals(11080, m.adminPort);
    assertEquals("yes", m.flushEnabled);
    assertNull(m.requirepass);
  }

  @Test
  void readsFromReplicasAreOffByDefaultAndTheirFlagsAreChecked() {
    ProxyMain m = new ProxyMain();
    new CommandLine(m).parseArgs("--meta", "127.0.0.1:7200");
    assertEquals("no", m.readFromReplica);
    assertEquals(1000, m.replicaMaxLagMs);
    assertEquals(250, m.replicaProbeIntervalMs);
    java.io.PrintWriter quiet = new java.io.PrintWriter(java.io.Writer.nullWriter());
    // Refused before anything starts: a lag bound below two probe periods, a value other than yes/no.
    assertEquals(2, new CommandLine(new ProxyMain()).setErr(quiet).execute("--meta", "127.0.0.1:1",
        "--read-from-replica", "yes", "--replica-max-lag-ms", "400"));
    assertEquals(2, new CommandLine(new ProxyMain()).setErr(quiet).execute("--meta", "127.0.0.1:1",
        "--read-from-replica", "maybe"));
  }

  @Test
  void metaAddressesAreRequired() {
    int code = new CommandLine(new ProxyMain()).setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
        .execute("--port", "0");
    assertNotEquals(0, code);
  }

  @Test
  void limitsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> ProxyLimits.DEFAULTS.withPipelineDepthMax(0));
    assertEquals(1, ProxyLimits.DEFAULTS.withPipelineDepthMax(1).pipelineDepthMax());
  }
}
