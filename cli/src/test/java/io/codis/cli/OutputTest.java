package io.codis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codis.cli.commands.SlotRange;
import io.codis.meta.client.model.SlotView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Table alignment (colour codes do not count as width), JSON mode, slot ranges. */
class OutputTest {
  private static String render(Output.Format format, boolean colour, Object json, Table... tables) {
    StringWriter w = new StringWriter();
    Output out = new Output(format, colour, new PrintWriter(w));
    out.emit(json, tables);
    return w.toString();
  }

  @Test
  void columnsAlignOnTheWidestCellAndEmptyCellsShowADash() {
    Table t = new Table("TITLE", "A", "LONGER", "C").row("wide-cell", "", 1).row("x", null, 22);
    assertEquals("TITLE\nA          LONGER  C\nwide-cell  -       1\nx          -       22\n",
        render(Output.Format.table, false, null, t));
  }

  @Test
  void colourOnlyOnATerminalAndNotCountedInWidths() {
    StringWriter w = new StringWriter();
    Output out = new Output(Output.Format.table, true, new PrintWriter(w));
    Table t = new Table(null, "STATE", "N").row(out.health("up"), 1).row(out.health("failed"), 2);
    out.emit(null, t);
    assertEquals("STATE   N\n\u001b[32mup\u001b[0m      1\n\u001b[31mfailed\u001b[0m  2\n", w.toString());
    assertEquals("up", new Output(Output.Format.table, false, new PrintWriter(new StringWriter())).health("up"));
  }

  @Test
  void jsonModePrintsOneDocumentAndNoTables() {
    assertEquals("{\n  \"a\" : 1\n}\n", render(Output.Format.json, true, Map.of("a", 1), new Table(null, "X")));
  }

  @Test
  void emptyTableSaysNone() {
    assertEquals("H\n(none)\n", render(Output.Format.table, false, null, new Table(null, "H")));
  }

  @Test
  void slotRangesMergeRunsAndSplitEvenly() {
    List<SlotView> slots = List.of(new SlotView(0, 1, "STABLE"), new SlotView(1, 1, "STABLE"),
        new SlotView(2, 2, "STABLE"), new SlotView(3, 0, "OFFLINE"));
    assertEquals(List.of(new SlotRange(0, 1, 1, "STABLE"), new SlotRange(2, 2, 2, "STABLE"),
        new SlotRange(3, 3, 0, "OFFLINE")), SlotRange.of(slots));
    List<int[]> even = SlotRange.even(1024, 3);
    assertEquals(List.of("0-341", "342-682", "683-1023"),
        even.stream().map(r -> r[0] + "-" + r[1]).toList());
    assertEquals("7-9", new SlotRange(7, 9, 1, "STABLE").text());
    assertEquals(List.of(5, 5), List.of(SlotRange.parse("5")[0], SlotRange.parse("5")[1]));
    CliException e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class, () -> SlotRange.parse("1-2-3"));
    assertEquals(Exit.USAGE, e.exitCode());
  }
}
