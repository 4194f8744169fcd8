package dev.switchboard.shared.processes;

/** The {@code state} of a process record (docs/architecture.md, "Bus addresses"). */
public enum ProcessState {
  STARTING("starting"),
  RUNNING("running"),
  EXITED("exited"),
  STOPPED("stopped"),
  TIMED_OUT("timed_out"),
  FAILED("failed"),
  /** Its restarts were used up and the last run failed too (docs/operations.md, "Restart policy"). */
  CRASHLOOP("crashloop"),
  LOST("lost");

  private final String word;

  ProcessState(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** Whether the process has ended, one way or another. */
  public boolean ended() {
    return this != STARTING && this != RUNNING;
  }

  public static ProcessState fromWord(String word) {
    for (ProcessState state : values()) {
      if (state.word.equals(word)) {
        return state;
      }
    }
    throw new IllegalArgumentException("no process state " + word);
  }
}
