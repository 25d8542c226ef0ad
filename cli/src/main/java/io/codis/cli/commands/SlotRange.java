package io.codis.cli.commands;

import io.codis.meta.client.model.SlotView;
import java.util.ArrayList;
import java.util.List;

/** A run of consecutive slots with the same owner and state: how slot tables are shown. */
public record SlotRange(int first, int last, int groupId, String state) {

  public static List<SlotRange> of(List<SlotView> slots) {
    List<SlotRange> ranges = new ArrayList<>();
    SlotRange cur = null;
    for (SlotView s : slots) {
      if (cur != null && cur.groupId == s.groupId() && cur.state.equals(s.state()) && cur.last + 1 == s.id()) {
        cur = new SlotRange(cur.first, s.id(), cur.groupId, cur.state);
        ranges.set(ranges.size() - 1, cur);
      } else {
        cur = new SlotRange(s.id(), s.id(), s.groupId(), s.state());
        ranges.add(cur);
      }
    }
    return ranges;
  }

  public int count() {
    return last - first + 1;
  }

  public String text() {
    return first == last ? String.valueOf(first) : first + "-" + last;
  }

  /** Parses {@code A-B} or {@code A}. */
  public static int[] parse(String range) {
    String[] parts = range.split("-", -1);
    try {
      if (parts.length == 1) {
        int s = Integer.parseInt(parts[0].trim());
        return new int[] {s, s};
      }
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
      }
    } catch (NumberFormatException e) {
      // fall through to the usage error
    }
    throw new io.codis.cli.CliException(io.codis.cli.Exit.USAGE,
        "range: " + range + " (expected: A-B, e.g. 0-511)", "codisctl slot --help");
  }

  /** Splits [0, slotCount) into n contiguous ranges whose sizes differ by at most one. */
  public static List<int[]> even(int slotCount, int n) {
    List<int[]> out = new ArrayList<>();
    int first = 0;
    for (int i = 0; i < n; i++) {
      int size = slotCount / n + (i < slotCount % n ? 1 : 0);
      out.add(new int[] {first, first + size - 1});
      first += size;
    }
    return out;
  }
}
