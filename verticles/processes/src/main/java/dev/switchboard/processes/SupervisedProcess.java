package dev.switchboard.processes;

import dev.switchboard.processes.errors.Detection;
import dev.switchboard.shared.processes.ProcessRecord;
import dev.switchboard.shared.processes.ProcessState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One process this node supervises, as its supervisor sees it, over all its runs (a restart keeps the id); touched
 * on the supervisor's context only. The per-run parts (the OS process, its output, why it is being ended) are
 * reset by {@link #running}; {@link #ended} completes once, when the process is over for good.
 */
final class SupervisedProcess {

  private ProcessRecord record;
  private final LaunchPlan plan;
  private final OutputPublisher publisher;
  private final AtomicLong lineNumbers = new AtomicLong();
  private final Promise<ProcessRecord> ended = Promise.promise();
  private long startedNanos = System.nanoTime();
  private Process process;
  private ProcessOutput output;
  private ProcessState endAs;
  private boolean stopRequested;
  private boolean terminating;
  private boolean runEnded;
  private long timeoutTimer = -1;
  private long restartTimer = -1;
  private Detection lastDetection;
  private final JsonObject relaunch;

  /** {@code relaunch}: the start request another node runs it again with if this one leaves (null: none). */
  SupervisedProcess(ProcessRecord record, LaunchPlan plan, OutputPublisher publisher, JsonObject relaunch) {
    this.relaunch = relaunch;
    this.record = record;
    this.plan = plan;
    this.publisher = publisher;
  }

  String id() {
    return record.id();
  }

  ProcessRecord record() {
    return record;
  }

  JsonObject relaunch() {
    return relaunch;
  }

  LaunchPlan plan() {
    return plan;
  }

  OutputPublisher publisher() {
    return publisher;
  }

  /** Output lines are numbered across runs. */
  AtomicLong lineNumbers() {
    return lineNumbers;
  }

  /** A run has begun: its process, output and timeout timer. */
  void running(Process started, ProcessOutput pumpedOutput, long timer) {
    this.process = started;
    this.output = pumpedOutput;
    this.timeoutTimer = timer;
    this.startedNanos = System.nanoTime();
    this.terminating = false;
    this.runEnded = false;
    this.lastDetection = null;
    this.restartTimer = -1;
    this.record = record.running(started.pid());
  }

  Process process() {
    return process;
  }

  ProcessOutput output() {
    return output;
  }

  /** The process group id: the wrapper's pid. */
  long group() {
    return process.pid();
  }

  long timeoutTimer() {
    return timeoutTimer;
  }

  /** Why the process is being ended (stop, timeout); the first reason given wins the state, a stop is remembered. */
  void endAs(ProcessState state) {
    if (endAs == null) {
      endAs = state;
    }
    if (state == ProcessState.STOPPED) {
      stopRequested = true;
    }
  }

  /** Whether a stop was asked for: then nothing restarts it. */
  boolean stopRequested() {
    return stopRequested;
  }

  /** The final state of the run: the reason it was ended for, else exited. */
  ProcessState finalState() {
    return endAs == null ? ProcessState.EXITED : endAs;
  }

  /** Marks the start of termination of this run; false when it had begun already. */
  boolean beginTerminating() {
    boolean first = !terminating;
    terminating = true;
    return first;
  }

  /** How long the current (or last) run has lasted. */
  long durationMs() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  void detected(Detection detection) {
    lastDetection = detection;
  }

  /** The last error detected in this run's output, or null. */
  Detection lastDetection() {
    return lastDetection;
  }

  /** The run ended with {@code runRecord}; the process may still be restarted. */
  ProcessRecord runEnded(ProcessRecord runRecord) {
    this.record = runRecord;
    this.runEnded = true;
    this.timeoutTimer = -1;
    return runRecord;
  }

  /** Whether the current run is over (or there is none: waiting for a restart). */
  boolean runHasEnded() {
    return runEnded || hasEnded();
  }

  void restartPending(ProcessRecord pending, long timer) {
    this.record = pending;
    this.restartTimer = timer;
    this.endAs = null;
  }

  /** The timer of the pending restart, or -1. */
  long restartTimer() {
    return restartTimer;
  }

  /** The backoff is over and the next run is being launched: a stop now is handled when it runs. */
  void restartBegins() {
    restartTimer = -1;
  }

  boolean waitsForRestart() {
    return restartTimer >= 0;
  }

  ProcessRecord end(ProcessRecord finalRecord) {
    this.record = finalRecord;
    this.runEnded = true;
    this.restartTimer = -1;
    ended.tryComplete(finalRecord);
    return finalRecord;
  }

  boolean hasEnded() {
    return ended.future().isComplete();
  }

  Future<ProcessRecord> ended() {
    return ended.future();
  }
}
