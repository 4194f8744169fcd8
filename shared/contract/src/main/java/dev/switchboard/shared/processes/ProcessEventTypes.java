package dev.switchboard.shared.processes;

/** Rooms and event types the process monitor writes (docs/operations.md, "Processes"). */
public final class ProcessEventTypes {

  public static final String ROOM_PROCESSES = "processes";
  public static final String ROOM_ERRORS = "errors";
  /** Prefix of a process's own room: {@code process:<id>}. */
  public static final String ROOM_PROCESS_PREFIX = "process:";

  public static final String OUTPUT = "process.output";
  public static final String OUTPUT_TRUNCATED = "process.output_truncated";
  public static final String STARTED = "process.started";
  public static final String EXITED = "process.exited";
  public static final String STOPPED = "process.stopped";
  public static final String TIMED_OUT = "process.timed_out";
  public static final String FAILED = "process.failed";
  public static final String LOST = "process.lost";
  /** {@code {processId, restarts, nextRestartAt, delayMs}} to {@code process:<id>} and {@code processes}. */
  public static final String RESTARTING = "process.restarting";
  /** {@code {processId, restarts, exitCode, reason, error?}} to {@code errors} and {@code processes}. */
  public static final String CRASHLOOP = "process.crashloop";
  public static final String ERROR_DETECTED = "error.detected";

  private ProcessEventTypes() {
  }

  public static String processRoom(String processId) {
    return ROOM_PROCESS_PREFIX + processId;
  }
}
