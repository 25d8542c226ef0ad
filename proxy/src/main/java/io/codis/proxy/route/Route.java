package io.codis.proxy.route;

import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.resp.RespValue;
import java.util.List;

/** What the router decided for one request. A closed set: the session switches over it. */
public sealed interface Route {

  /** Answered without a backend; {@code close} closes the client after the reply (QUIT). */
  record Reply(RespValue value, boolean close) implements Route {
    public static Reply of(RespValue value) {
      return new Reply(value, false);
    }
  }

  /**
   * Sent unchanged to one master. {@code keyed}: routed by its keys, so a MOVED/TRYAGAIN answer
   * (or a refused connection) may be retried by routing it again.
   */
  record Forward(String addr, byte[][] argv, boolean keyed) implements Route {
    public Forward(String addr, byte[][] argv) {
      this(addr, argv, true);
    }
  }

  /**
   * Split into one request per master; the replies are combined by {@code merge}.
   * {@code replyLength} is the number of elements of a merged array reply.
   */
  record FanOut(List<Part> parts, Merger merge, int replyLength) implements Route {}

  /**
   * A command that changes or depends on the session's connection state (policies TRANSACTION,
   * PUBSUB, BLOCKING): the client session serves it on its dedicated backend connections.
   */
  record Stateful(CommandSpec spec, byte[][] argv) implements Route {}

  /**
   * One master's share of a fan-out: the request to send and, for array merges, where each
   * element of its reply goes in the merged reply. {@code keyed} as for {@link Forward}: parts of
   * a cluster-wide command are not (routing them again would reach every master).
   */
  record Part(String addr, byte[][] argv, int[] positions, boolean keyed) {
    public Part(String addr, byte[][] argv, int[] positions) {
      this(addr, argv, positions, positions.length > 0);
    }
  }
}
