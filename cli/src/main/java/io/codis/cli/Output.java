package io.codis.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders results: aligned tables (words that carry health in colour, only on a terminal) or JSON
 * for scripts ({@code -o json}). In JSON mode every command prints exactly one JSON document.
 */
public final class Output {
  public enum Format { table, json }

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

  private final Format format;
  private final boolean colour;
  private final PrintWriter out;
  private final boolean terminal;
  private boolean progressShown;

  public Output(Format format, boolean colour, PrintWriter out) {
    this(format, colour, colour, out);
  }

  /** terminal: stdout is a terminal, so a live progress line may be redrawn in place. */
  public Output(Format format, boolean colour, boolean terminal, PrintWriter out) {
    this.format = format;
    this.colour = colour && format == Format.table;
    this.terminal = terminal && format == Format.table;
    this.out = out;
  }

  /** A live line redrawn in place (only on a terminal, never in JSON mode). */
  public synchronized void progress(String line) {
    if (terminal) {
      out.print("\r\u001b[K" + line);
      out.flush();
      progressShown = true;
    }
  }

  private synchronized void endProgress() {
    if (progressShown) {
      out.print("\r\u001b[K");
      progressShown = false;
    }
  }

  public boolean json() {
    return format == Format.json;
  }

  /** Prints the JSON document in JSON mode, else the tables. */
  public void emit(Object jsonValue, Table... tables) {
    if (json()) {
      printJson(jsonValue);
      return;
    }
    for (int i = 0; i < tables.length; i++) {
      if (i > 0) {
        out.println();
      }
      printTable(tables[i]);
    }
    out.flush();
  }

  /** A one-line confirmation of a change in table mode; the JSON document in JSON mode. */
  public void done(String message, Object jsonValue) {
    if (json()) {
      printJson(jsonValue);
    } else {
      out.println(message);
      out.flush();
    }
  }

  /** A progress or informational line: only in table mode (JSON mode stays machine-readable). */
  public void info(String line) {
    endProgress();
    if (!json()) {
      out.println(line);
      out.flush();
    }
  }

  public void printJson(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (Exception e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
    out.flush();
  }

  /** Colours health words on a terminal: green for good, red for bad, yellow for degraded. */
  public String health(String word) {
    if (!colour) {
      return word;
    }
    String code = switch (word) {
      case "up", "ok", "leader", "live", "master", "STABLE" -> "32";
      case "down", "failed", "expired", "unreachable", "OFFLINE" -> "31";
      default -> "33";
    };
    return "\u001b[" + code + "m" + word + "\u001b[0m";
  }

  void printTable(Table t) {
    if (t.title() != null) {
      out.println(t.title());
    }
    List<String> headers = t.headers();
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
    }
    for (List<String> row : t.rows()) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], visible(row.get(i)));
      }
    }
    line(headers, widths);
    for (List<String> row : t.rows()) {
      line(row, widths);
    }
    if (t.rows().isEmpty()) {
      out.println("(none)");
    }
  }

  private void line(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      b.append(c);
      if (i < cells.size() - 1) {
        b.append(" ".repeat(widths[i] - visible(c) + 2));
      }
    }
    out.println(b.toString().stripTrailing());
  }

  private static int visible(String s) {
    return ANSI.matcher(s).replaceAll("").length();
  }
}
