package io.codis.proxy.server;

import static org.junit.jupiter.api.Assertions.*;

import io.codis.protocol.command.CommandTable;
import io.codis.proxy.backend.BackendConnection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockingDeadlineTest {
  static final long NOW = 1_000_000_000L;
  static final long MARGIN_MS = 3_000;

  static long deadline(String... args) {
    byte[][] argv = Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    return BlockingDeadline.of(CommandTable.standard().resolve(argv), argv, MARGIN_MS, NOW);
  }

  @Test
  void timeoutZeroWaitsForever() {
    assertEquals(BackendConnection.NO_DEADLINE, deadline("BLPOP", "a", "b", "0"));
    assertEquals(BackendConnection.NO_DEADLINE, deadline("BLMPOP", "0", "1", "a", "LEFT"));
    assertEquals(BackendConnection.NO_DEADLINE, deadline("BZMPOP", "0.0", "1", "z", "MIN"));
  }

  @Test
  void theCommandsTimeoutPlusTheMargin() {
    assertEquals(NOW + 1_500_000_000L + MARGIN_MS * 1_000_000, deadline("BRPOP", "a", "1.5"));
    assertEquals(NOW + 2_000_000_000L + MARGIN_MS * 1_000_000,
        deadline("BLMOVE", "a", "b", "LEFT", "RIGHT", "2"));
    // BLMPOP's timeout comes first; a numkeys of 5 must not be read as the timeout.
    assertEquals(NOW + 7_000_000_000L + MARGIN_MS * 1_000_000, deadline("BLMPOP", "7", "1", "a", "LEFT"));
  }

  @Test
  void anUnreadableTimeoutGetsThePlainRequestDeadline() {
    assertEquals(NOW + MARGIN_MS * 1_000_000, deadline("BLPOP", "a", "soon"));
    assertEquals(NOW + MARGIN_MS * 1_000_000, deadline("BLPOP", "a", "-1"));
  }
}
