package dev.switchboard.processes.errors;

/** A rule whose detection is one line: the block closes on the line that started it. */
interface SingleLineRule extends BlockRule {

  @Override
  default boolean singleLine() {
    return true;
  }

  @Override
  default Next next(Block block, String line) {
    return Next.CLOSE;
  }
}
