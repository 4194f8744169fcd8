package dev.switchboard.processes;

import dev.switchboard.processes.errors.Detection;
import dev.switchboard.shared.processes.ProcessState;
import dev.switchboard.shared.processes.RestartPolicy;

import java.util.function.DoubleSupplier;

/**
 * What follows the end of one run (docs/operations.md, "Restart policy"): nothing more ({@link Verdict#END}), a
 * restart after a delay, {@link Verdict#CRASHLOOP} (restarts used up and this run failed too) or
 * {@link Verdict#FAILED} (a restart was due but the run's last detected error is a compilation error: running the
 * same broken code again cannot help). A stop never restarts; an exit 0 restarts only under {@code always}; a
 * timeout is a failure.
 *
 * @param restarts the restart count after this decision (0 again after a run longer than {@code resetAfterMs})
 * @param delayMs  the wait before the restart ({@link Verdict#RESTART} only)
 */
record RestartDecision(Verdict verdict, int restarts, long delayMs, String reason) {

  enum Verdict { END, RESTART, CRASHLOOP, FAILED }

  static final String COMPILATION = "compilation";
  /** The jitter: up to this share of the delay is added, so each delay is still longer than the one before. */
  static final double JITTER = 0.25;

  static RestartDecision after(RestartPolicy policy, int restartsSoFar, long runMs, ProcessState runState,
                               Integer exitCode, Detection lastDetection, DoubleSupplier random) {
    int restarts = runMs > policy.resetAfterMs() ? 0 : restartsSoFar;
    boolean failed = runState == ProcessState.TIMED_OUT || exitCode == null || exitCode != 0;
    if (runState == ProcessState.STOPPED || !policy.restartsAfter(failed)) {
      return new RestartDecision(Verdict.END, restarts, 0, null);
    }
    if (lastDetection != null && COMPILATION.equals(lastDetection.category())) {
      return new RestartDecision(Verdict.FAILED, restarts, 0, "not restarted: the run ended with a compilation error ("
          + lastDetection.language() + "): " + lastDetection.message());
    }
    if (restarts >= policy.maxRestarts()) {
      return failed
          ? new RestartDecision(Verdict.CRASHLOOP, restarts, 0, "restarted " + restarts + " times (maxRestarts "
              + policy.maxRestarts() + ") and the last run failed too" + (exitCode == null ? "" : " (exit code " + exitCode + ")"))
          : new RestartDecision(Verdict.END, restarts, 0, null);
    }
    int next = restarts + 1;
    long base = policy.baseDelayMs(next);
    long delay = base + (long) (base * JITTER * random.getAsDouble());
    return new RestartDecision(Verdict.RESTART, next, delay, null);
  }
}
