package io.codis.node.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoded RESP2/RESP3 reply, for tests. {@link #toString()} is a canonical text that names the type
 * ({@code +OK}, {@code :1}, {@code $"abc"}, {@code *[...]}) so two replies compare by value and type.
 */
public sealed interface Reply {
  record Simple(String text) implements Reply {
    public String toString() { return "+" + text; }
  }

  record Error(String text) implements Reply {
    public String toString() { return "-" + text; }
  }

  record Int(long value) implements Reply {
    public String toString() { return ":" + value; }
  }

  record Bulk(byte[] bytes) implements Reply {
    public String toString() { return "$\"" + escape(bytes) + "\""; }

    public String text() { return new String(bytes, StandardCharsets.UTF_8); }

    @Override
    public boolean equals(Object o) { return o instanceof Bulk b && java.util.Arrays.equals(bytes, b.bytes); }

    @Override
    public int hashCode() { return java.util.Arrays.hashCode(bytes); }
  }

  /** RESP2 {@code $-1}. */
  record NullBulk() implements Reply {
    public String toString() { return "$nil"; }
  }

  /** RESP2 {@code *-1}. */
  record NullArray() implements Reply {
    public String toString() { return "*nil"; }
  }

  /** RESP3 {@code _}. */
  record Null() implements Reply {
    public String toString() { return "_"; }
  }

  /** {@code *} array, RESP3 {@code ~} set ({@code kind='~'}), {@code >} push, {@code %} map (flattened). */
  record Arr(char kind, List<Reply> items) implements Reply {
    public String toString() { return kind + items.toString(); }
  }

  record Dbl(String text) implements Reply {
    public String toString() { return "," + text; }
  }

  record Bool(boolean value) implements Reply {
    public String toString() { return "#" + (value ? "t" : "f"); }
  }

  record Verbatim(String format, String text) implements Reply {
    public String toString() { return "=" + format + ":" + text; }
  }

  record BigNum(String text) implements Reply {
    public String toString() { return "(" + text; }
  }

  /** The canonical text with every array's elements sorted: for replies whose order Redis leaves unspecified. */
  static String unordered(Reply reply) {
    if (reply instanceof Arr a) {
      List<String> parts = new ArrayList<>();
      for (Reply r : a.items()) {
        parts.add(unordered(r));
      }
      parts.sort(null);
      return a.kind() + parts.toString();
    }
    return reply.toString();
  }

  /** Like {@link #unordered} but keeps pairs (field, value) together: HGETALL, ZRANGE WITHSCORES... */
  static String unorderedPairs(Reply reply) {
    if (reply instanceof Arr a) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i + 1 < a.items().size(); i += 2) {
        parts.add(a.items().get(i) + "=" + a.items().get(i + 1));
      }
      parts.sort(null);
      return a.kind() + parts.toString();
    }
    return reply.toString();
  }

  static String escape(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 32 && c < 127 && c != '"' && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }
}
