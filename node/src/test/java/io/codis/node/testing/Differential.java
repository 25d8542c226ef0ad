package io.codis.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Sends the same command to our node and to a real redis-server and asserts the replies are equal,
 * type included. Use one per test class (it owns both connections); FLUSHALL both in between tests.
 */
public final class Differential implements AutoCloseable {
  private final RespClient ours;
  private final RespClient reference;
  private final StringBuilder transcript = new StringBuilder();

  public Differential(int ourPort, int referencePort) throws IOException {
    this.ours = new RespClient(ourPort);
    this.reference = new RespClient(referencePort);
  }

  /** Asserts identical replies; returns ours. */
  public Reply same(String... args) throws IOException {
    return compare(Reply::toString, toBytes(args));
  }

  public Reply same(byte[]... args) throws IOException {
    return compare(Reply::toString, args);
  }

  /** Asserts equal replies ignoring the order of array elements (SMEMBERS, KEYS...). */
  public Reply sameUnordered(String... args) throws IOException {
    return compare(Reply::unordered, toBytes(args));
  }

  /** Asserts equal replies ignoring the order of (field, value) pairs (HGETALL, CONFIG GET...). */
  public Reply samePairsUnordered(String... args) throws IOException {
    return compare(Reply::unorderedPairs, toBytes(args));
  }

  /** Asserts only that both replies have the same type (random results: SPOP, RANDOMKEY...). */
  public Reply sameType(String... args) throws IOException {
    return compare(r -> r.getClass().getSimpleName(), toBytes(args));
  }

  public Reply compare(Function<Reply, String> canonical, byte[]... args) throws IOException {
    Reply expected = reference.call(args);
    Reply actual = ours.call(args);
    transcript.append(render(args)).append(" -> ").append(expected).append('\n');
    assertEquals(canonical.apply(expected), canonical.apply(actual),
        () -> "reply differs for " + render(args) + "\nredis: " + expected + "\nours:  " + actual
            + "\nlast commands:\n" + tail());
    return actual;
  }

  public RespClient ours() {
    return ours;
  }

  public RespClient reference() {
    return reference;
  }

  private String tail() {
    String[] lines = transcript.toString().split("\n");
    int from = Math.max(0, lines.length - 15);
    return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }

  private static byte[][] toBytes(String... args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }

  private static String render(byte[][] args) {
    StringBuilder sb = new StringBuilder();
    for (byte[] a : args) {
      sb.append(Reply.escape(a)).append(' ');
    }
    return sb.toString().trim();
  }

  @Override
  public void close() throws IOException {
    ours.close();
    reference.close();
  }
}
