package io.codis.proxy.server;

import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.command.KeySpec;
import io.codis.proxy.backend.BackendConnection;
import java.nio.charset.StandardCharsets;

/**
 * The deadline of a blocking command: its own timeout plus the proxy's request deadline as a
 * margin, or none for a timeout of 0 (block forever, as Redis does). The timeout is the argument
 * before the numkeys of BLMPOP/BZMPOP ({@code timeout numkeys key...}) and the last argument of the
 * others (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX). An unreadable timeout gets the
 * plain request deadline: the node answers such a request at once with its error.
 */
final class BlockingDeadline {
  private BlockingDeadline() {}

  static long of(CommandSpec spec, byte[][] argv, long requestDeadlineMs, long nowNanos) {
    boolean keynumFirst = !spec.keys().isEmpty() && spec.keys().get(0) instanceof KeySpec.Keynum;
    byte[] arg = keynumFirst ? argv[1] : argv[argv.length - 1];
    double seconds;
    try {
      seconds = Double.parseDouble(new String(arg, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds == 0) {
      return BackendConnection.NO_DEADLINE;
    }
    if (!(seconds > 0) || seconds > 1e9) {
      return nowNanos + requestDeadlineMs * 1_000_000;
    }
    return nowNanos + (long) (seconds * 1e9) + requestDeadlineMs * 1_000_000;
  }
}
