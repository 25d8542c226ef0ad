package io.codis.node.commands.hashes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.testing.Differential;
import io.codis.node.testing.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Canonical forms for collection replies whose order (or content) Redis leaves open, shared by the
 * hash and set differential tests.
 */
public final class CollectionReplies {
  private CollectionReplies() {}

  /**
   * A SCAN-family reply {@code [cursor, [elements]]} with the elements sorted, in pairs when
   * {@code pairs} (HSCAN): equal when both servers returned the same cursor and the same elements.
   */
  public static String scanUnordered(Reply reply, boolean pairs) {
    if (reply instanceof Reply.Arr a && a.items().size() == 2 && a.items().get(1) instanceof Reply.Arr inner) {
      String elements = pairs ? unorderedPairsOf(inner) : unorderedOf(inner);
      return a.kind() + "[" + a.items().get(0) + ", " + elements + "]";
    }
    return reply.toString();
  }

  private static String unorderedPairsOf(Reply.Arr a) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i + 1 < a.items().size(); i += 2) {
      parts.add(a.items().get(i) + "=" + a.items().get(i + 1));
    }
    parts.sort(null);
    return a.kind() + parts.toString();
  }

  private static String unorderedOf(Reply.Arr a) {
    List<String> parts = new ArrayList<>();
    for (Reply r : a.items()) {
      parts.add(r.toString());
    }
    parts.sort(null);
    return a.kind() + parts.toString();
  }

  /**
   * The shape of a reply: bulk strings reduced to their type, arrays to their kind, length and the
   * shapes of the elements, everything else (errors, integers, nulls) kept whole. Two random picks
   * of the same size from the same collection have the same shape.
   */
  public static String shape(Reply reply) {
    if (reply instanceof Reply.Arr a) {
      List<String> parts = new ArrayList<>();
      for (Reply r : a.items()) {
        parts.add(shape(r));
      }
      return a.kind() + parts.toString();
    }
    return reply instanceof Reply.Bulk ? "$bulk" : reply.toString();
  }

  /** The text of a bulk reply (UTF-8). */
  public static String text(Reply reply) {
    assertInstanceOf(Reply.Bulk.class, reply, () -> "expected a bulk reply, got " + reply);
    return new String(((Reply.Bulk) reply).bytes(), StandardCharsets.ISO_8859_1);
  }

  /** The bulk strings of an array reply, in order (ISO-8859-1 so every byte round-trips). */
  public static List<String> texts(Reply reply) {
    assertInstanceOf(Reply.Arr.class, reply, () -> "expected an array reply, got " + reply);
    List<String> out = new ArrayList<>();
    for (Reply r : ((Reply.Arr) reply).items()) {
      out.add(text(r));
    }
    return out;
  }

  /** Every bulk string found anywhere in the reply (nested arrays included). */
  public static List<String> allTexts(Reply reply) {
    List<String> out = new ArrayList<>();
    collect(reply, out);
    return out;
  }

  private static void collect(Reply reply, List<String> out) {
    if (reply instanceof Reply.Arr a) {
      for (Reply r : a.items()) {
        collect(r, out);
      }
    } else if (reply instanceof Reply.Bulk b) {
      out.add(new String(b.bytes(), StandardCharsets.ISO_8859_1));
    }
  }

  /**
   * Sends a random-result command to both servers, asserts the replies have the same shape, and
   * that every string in ours is one of {@code allowed}; returns ours.
   */
  public static Reply sameRandom(Differential d, Set<String> allowed, String... args) throws IOException {
    Reply ours = d.compare(CollectionReplies::shape, bytes(args));
    for (String s : allTexts(ours)) {
      assertTrue(allowed.contains(s), () -> "random pick " + s + " is not one of " + allowed);
    }
    return ours;
  }

  /** Scans to the end on one connection and returns every element seen (fields only for pairs). */
  public static Set<String> scanAll(io.codis.node.testing.RespClient client, String command, String key,
      boolean pairs, String... options) throws IOException {
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<String> args = new ArrayList<>(List.of(command, key, cursor));
      args.addAll(List.of(options));
      Reply r = client.call(args.toArray(new String[0]));
      assertInstanceOf(Reply.Arr.class, r, () -> "scan reply " + r);
      List<Reply> items = ((Reply.Arr) r).items();
      cursor = text(items.get(0));
      List<String> elements = texts(items.get(1));
      for (int i = 0; i < elements.size(); i += pairs ? 2 : 1) {
        seen.add(elements.get(i));
      }
      assertTrue(++calls < 100_000, "scan does not end");
    } while (!cursor.equals("0"));
    return seen;
  }

  public static byte[][] bytes(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
    }
    return out;
  }

  /** Asserts the reply is an array of exactly {@code n} elements. */
  public static void assertLength(Reply reply, int n) {
    assertInstanceOf(Reply.Arr.class, reply, () -> "expected an array reply, got " + reply);
    assertEquals(n, ((Reply.Arr) reply).items().size(), () -> "length of " + reply);
  }
}
