package io.codis.node.config;

import io.codis.node.config.ConfigParam.InvalidValue;
import io.codis.node.config.ConfigParam.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The kinds of CONFIG values, parsed and reported with Redis 7.0's rules and error texts. */
final class ConfigTypes {
  private ConfigTypes() {}

  /** A signed integer in {@code [min, max]} (Redis's numeric configs, without units). */
  static Type integer(long min, long max) {
    return value -> {
      long n;
      try {
        n = Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        throw new InvalidValue("argument couldn't be parsed into an integer");
      }
      return checkRange(n, min, max);
    };
  }

  /** Like {@link #integer} but out-of-range values are clamped (Redis's {@code hz}). */
  static Type clampedInteger(long min, long max, long clampLow, long clampHigh) {
    Type base = integer(min, max);
    return value -> {
      long n = Long.parseLong(base.normalize(value));
      return Long.toString(Math.max(clampLow, Math.min(clampHigh, n)));
    };
  }

  /** A byte count with optional unit (k, kb, m, mb, g, gb), reported in bytes. */
  static Type memory(long min, long max) {
    return value -> {
      long n = parseMemory(value);
      return checkRange(n, min, max);
    };
  }

  static final Type BOOL = value -> {
    String v = value.toLowerCase(Locale.ROOT);
    if (!v.equals("yes") && !v.equals("no")) {
      throw new InvalidValue("argument must be 'yes' or 'no'");
    }
    return v;
  };

  static final Type STRING = value -> value;

  /** One of a fixed set of words (case-insensitive, reported in lowercase). */
  static Type oneOf(String... words) {
    return value -> {
      String v = value.toLowerCase(Locale.ROOT);
      for (String w : words) {
        if (w.equals(v)) {
          return w;
        }
      }
      throw new InvalidValue("argument(s) must be one of the following: " + String.join(", ", words));
    };
  }

  /** {@code save}: pairs of "seconds changes", or empty to disable snapshots. */
  static final Type SAVE = value -> {
    String[] parts = value.strip().isEmpty() ? new String[0] : value.strip().split("\\s+");
    if (parts.length % 2 != 0) {
      throw new InvalidValue("Invalid save parameters");
    }
    List<String> normalized = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      long n;
      try {
        n = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        throw new InvalidValue("Invalid save parameters");
      }
      if ((i % 2 == 0 && n < 1) || (i % 2 == 1 && n < 0)) {
        throw new InvalidValue("Invalid save parameters");
      }
      normalized.add(Long.toString(n));
    }
    return String.join(" ", normalized);
  };

  /** Classes of {@code notify-keyspace-events}, in the order Redis prints them. */
  private static final String CLASSES = "g$lshzxetd";

  /** {@code notify-keyspace-events}: class characters, reported in Redis's canonical order. */
  static final Type KEYSPACE_EVENTS = value -> {
    StringBuilder classes = new StringBuilder();
    boolean all = false;
    boolean keyspace = false;
    boolean keyevent = false;
    boolean miss = false;
    boolean created = false;
    for (char ch : value.toCharArray()) {
      if (ch == 'A') {
        all = true;
      } else if (ch == 'K') {
        keyspace = true;
      } else if (ch == 'E') {
        keyevent = true;
      } else if (ch == 'm') {
        miss = true;
      } else if (ch == 'n') {
        created = true;
      } else if (CLASSES.indexOf(ch) >= 0) {
        if (classes.indexOf(String.valueOf(ch)) < 0) {
          classes.append(ch);
        }
      } else {
        throw new InvalidValue("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
      }
    }
    StringBuilder out = new StringBuilder();
    boolean everyClass = all || classes.length() == CLASSES.length();
    if (everyClass) {
      out.append('A');
    } else {
      for (char ch : CLASSES.toCharArray()) {
        if (classes.indexOf(String.valueOf(ch)) >= 0) {
          out.append(ch);
        }
      }
    }
    // Redis prints 'n' only next to individual classes, never after 'A'.
    if (created && !everyClass) {
      out.append('n');
    }
    if (keyspace) {
      out.append('K');
    }
    if (keyevent) {
      out.append('E');
    }
    if (miss) {
      out.append('m');
    }
    return out.toString();
  };

  private static String checkRange(long n, long min, long max) throws InvalidValue {
    if (n < min || n > max) {
      throw new InvalidValue("argument must be between " + min + " and " + max + " inclusive");
    }
    return Long.toString(n);
  }

  /** Redis's memtoll: a number with an optional unit; k = 1000, kb = 1024, and so on. */
  static long parseMemory(String value) throws InvalidValue {
    String v = value.strip().toLowerCase(Locale.ROOT);
    long multiplier = 1;
    String digits = v;
    String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
        {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
    for (String[] unit : units) {
      if (v.endsWith(unit[0])) {
        multiplier = Long.parseLong(unit[1]);
        digits = v.substring(0, v.length() - unit[0].length());
        break;
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(digits), multiplier);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidValue("argument must be a memory value");
    }
  }
}
