package io.codis.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.cli.CliException;
import io.codis.cli.Exit;
import io.codis.meta.client.model.GroupView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every reason codisctl refuses a promotion, against scripted nodes on loopback (about 1 s). */
class PromoteCheckIT {
  private static String refusal(GroupView g, String addr, long maxLag) {
    CliException e = assertThrows(CliException.class, () -> PromoteCheck.verify(g, addr, maxLag));
    assertEquals(Exit.REFUSED, e.exitCode());
    return e.getMessage();
  }

  @Test
  void refusesUnlessALinkedCaughtUpReplicaOfTheGroup() throws Exception {
    try (FakeNode master = new FakeNode("role:master\r\nmaster_repl_offset:1000\r\n");
        FakeNode replica = new FakeNode("role:master\r\n")) {
      String m = master.addr();
      String r = replica.addr();
      GroupView g = new GroupView(1, 3, m, List.of(r), null, 0);

      assertTrue(refusal(g, m, 0).contains("already the master"));
      assertTrue(refusal(g, "127.0.0.1:1", 0).contains("is not a replica of group 1"));
      assertTrue(refusal(g, r, 0).contains("does not replicate (INFO replication says role:master)"));

      replica.replication("role:slave\r\nmaster_host:10.0.0.9\r\nmaster_port:1\r\nmaster_link_status:up\r\nslave_repl_offset:1000\r\n");
      assertTrue(refusal(g, r, 0).contains("replicates from 10.0.0.9:1, not from the group's master"));

      String[] hp = m.split(":");
      String linked = "role:slave\r\nmaster_host:" + hp[0] + "\r\nmaster_port:" + hp[1] + "\r\n";
      replica.replication(linked + "master_link_status:down\r\nslave_repl_offset:1000\r\n");
      assertTrue(refusal(g, r, 0).contains("has its link to " + m + " down"));

      replica.replication(linked + "master_link_status:up\r\nslave_repl_offset:900\r\n");
      assertTrue(refusal(g, r, 0).contains("is 100 bytes behind the master (allowed: 0)"));
      PromoteCheck.verify(g, r, 100); // within --max-lag

      replica.replication(linked + "master_link_status:up\r\nslave_repl_offset:1000\r\n");
      PromoteCheck.verify(g, r, 0); // caught up
    }
  }

  @Test
  void refusesAReplicaThatDoesNotAnswer() {
    GroupView g = new GroupView(1, 3, "127.0.0.1:1", List.of("127.0.0.1:2"), null, 0);
    assertTrue(refusal(g, "127.0.0.1:2", 0).contains("does not answer PING"));
  }
}
