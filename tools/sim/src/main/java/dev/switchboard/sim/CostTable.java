package dev.switchboard.sim;

import java.util.List;
import java.util.stream.Collectors;

/** The phases' costs as a markdown table and as CSV. */
final class CostTable {

  private CostTable() {
  }

  static String markdown(List<PhaseCost> rows) {
    StringBuilder out = new StringBuilder();
    out.append(line(PhaseCost.COLUMNS));
    out.append(line(PhaseCost.COLUMNS.stream().map(c -> "---").toList()));
    rows.forEach(row -> out.append(line(row.cells())));
    return out.toString();
  }

  static String csv(List<PhaseCost> rows) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", PhaseCost.COLUMNS)).append('\n');
    rows.forEach(row -> out.append(row.cells().stream().map(CostTable::quoted).collect(Collectors.joining(",")))
        .append('\n'));
    return out.toString();
  }

  private static String line(List<String> cells) {
    return "| " + cells.stream().map(c -> c.replace("|", "/")).collect(Collectors.joining(" | ")) + " |\n";
  }

  private static String quoted(String cell) {
    return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
  }
}
