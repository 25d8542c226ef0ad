package io.codis.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A titled table of strings, rendered with aligned columns by {@link Output}. */
public final class Table {
  private final String title;
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String title, String... headers) {
    this.title = title;
    this.headers = List.of(headers);
  }

  public Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("cells: " + cells.length + " (expected: " + headers.size() + ")");
    }
    rows.add(Arrays.stream(cells).map(c -> c == null || "".equals(c) ? "-" : String.valueOf(c)).toList());
    return this;
  }

  public String title() {
    return title;
  }

  public List<String> headers() {
    return headers;
  }

  public List<List<String>> rows() {
    return rows;
  }
}
