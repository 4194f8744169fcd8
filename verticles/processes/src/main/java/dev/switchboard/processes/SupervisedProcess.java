package dev.switchboard.processes;

import dev.switchboard.shared.processes.ProcessRecord;
import dev.switchboard.shared.processes.ProcessState;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/** One child this node runs, as its supervisor sees it; touched on the supervisor's context only. */
final class SupervisedProcess {

  private ProcessRecord record;
  private final long startedNanos = System.nanoTime();
  private final Promise<ProcessRecord> ended = Promise.promise();
  private Process process;
  private ProcessOutput output;
  private ProcessState endAs;
  private boolean terminating;
  private long timeoutTimer = -1;

  SupervisedProcess(ProcessRecord record) {
    this.record = record;
  }

  String id() {
    return record.id();
  }

  ProcessRecord record() {
    return record;
  }

  void running(Process started, ProcessOutput pumpedOutput, long timer) {
    this.process = started;
    this.output = pumpedOutput;
    this.timeoutTimer = timer;
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

  /** Why the process is being ended (stop, timeout); the first reason given wins. */
  void endAs(ProcessState state) {
    if (endAs == null) {
      endAs = state;
    }
  }

  /** The final state: the reason it was ended for, else exited. */
  ProcessState finalState() {
    return endAs == null ? ProcessState.EXITED : endAs;
  }

  /** Marks the start of termination; false when it had begun already. */
  boolean beginTerminating() {
    boolean first = !terminating;
    terminating = true;
    return first;
  }

  long durationMs() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  ProcessRecord end(ProcessRecord finalRecord) {
    this.record = finalRecord;
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
