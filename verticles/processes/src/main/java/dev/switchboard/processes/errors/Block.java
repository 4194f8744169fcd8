package dev.switchboard.processes.errors;

import java.util.ArrayList;
import java.util.List;

/** The lines of one candidate error, as its rule collects them, with the lines that came just before it. */
final class Block {

  static final int MAX_LINES = 400;

  final BlockRule rule;
  final List<String> lines = new ArrayList<>();
  final List<String> before;
  /** Free for the rule: the phase it is in, a count of frames, ... */
  int phase;
  int frames;

  Block(BlockRule rule, String first, List<String> before) {
    this.rule = rule;
    this.before = before;
    lines.add(first);
  }

  String first() {
    return lines.get(0);
  }

  String last() {
    return lines.get(lines.size() - 1);
  }

  /** At most {@link Detection#MAX_EXCERPT} lines: all of them, or the first and the last ten, trailing blanks dropped. */
  List<String> excerpt() {
    List<String> kept = new ArrayList<>(lines);
    while (kept.size() > 1 && kept.get(kept.size() - 1).isBlank()) {
      kept.remove(kept.size() - 1);
    }
    if (kept.size() <= Detection.MAX_EXCERPT) {
      return kept;
    }
    int half = Detection.MAX_EXCERPT / 2;
    List<String> cut = new ArrayList<>(kept.subList(0, half));
    cut.addAll(kept.subList(kept.size() - half, kept.size()));
    return cut;
  }
}
