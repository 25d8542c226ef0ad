package io.codis.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stored replication id and offset: what is written decodes back; anything else is no state. */
class ReplicationStateTest {
  private static final String ID = "0123456789abcdef0123456789abcdef01234567";

  @Test
  void roundTrips() {
    ReplicationState state = new ReplicationState(ID, 123_456_789_012L);
    assertEquals(state, ReplicationState.decode(state.encode()));
    assertEquals("v1 " + ID + " 0", new String(new ReplicationState(ID, 0).encode(), StandardCharsets.US_ASCII));
  }

  @Test
  void anythingElseIsNoState() {
    assertNull(ReplicationState.decode(null));
    for (String bad : new String[] {"", "v1", "v2 " + ID + " 5", "v1 " + ID, "v1 short 5", "v1 " + ID + " -1",
        "v1 " + ID + " x", "v1 " + ID + " 5 extra"}) {
      assertNull(ReplicationState.decode(bad.getBytes(StandardCharsets.US_ASCII)), bad);
    }
  }
}
