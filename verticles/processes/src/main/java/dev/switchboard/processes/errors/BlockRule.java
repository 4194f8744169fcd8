package dev.switchboard.processes.errors;

/**
 * One kind of error output: recognises its first line, decides for each following line whether it belongs, and
 * turns the finished block into a {@link Detection} (or nothing, when the block turned out not to be one).
 */
interface BlockRule {

  /** What to do with the next line of an open block. */
  enum Next {
    /** The line belongs to the block. */
    TAKE,
    /** The line belongs to the block and ends it. */
    TAKE_AND_CLOSE,
    /** The block ended before this line; the line is looked at afresh. */
    CLOSE
  }

  boolean starts(String line);

  /** Whether the block is complete with its first line (one-line errors). */
  default boolean singleLine() {
    return false;
  }

  Next next(Block block, String line);

  /** The detection, or null when the block is not an error after all. */
  Detection detect(Block block);
}
