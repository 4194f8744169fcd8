package dev.switchboard.processes;

import dev.switchboard.processes.errors.Detection;
import dev.switchboard.shared.processes.ProcessEventTypes;
import dev.switchboard.shared.processes.ProcessRecord;
import dev.switchboard.shared.processes.ProcessState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The end of a run (docs/operations.md, "Restart policy"): its record and event, then what the {@link RestartDecision}
 * says — over for good, a restart after a backoff ({@code process.restarting}), a crash loop
 * ({@code process.crashloop}) or failed on a compilation error ({@code process.failed}). On the supervisor's context.
 */
final class RunEnds {

  private static final Logger LOG = LoggerFactory.getLogger(RunEnds.class);

  private final Vertx vertx;
  private final ProcessRegistry registry;
  private final LifecycleEvents lifecycle;
  private final ProcessMetrics metrics;
  private final Consumer<String> forget;
  private final Consumer<SupervisedProcess> restart;

  /** {@code forget}: the supervisor no longer runs the process of that id; {@code restart}: its next run. */
  RunEnds(Vertx vertx, ProcessRegistry registry, LifecycleEvents lifecycle, ProcessMetrics metrics,
          Consumer<String> forget, Consumer<SupervisedProcess> restart) {
    this.vertx = vertx;
    this.registry = registry;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
    this.forget = forget;
    this.restart = restart;
  }

  /** A run ended: its record and event, then what the restart policy says follows. */
  void ended(SupervisedProcess supervised, int exitCode) {
    ProcessState state = supervised.finalState();
    ProcessRecord ended = supervised.runEnded(supervised.record().ended(state, Instant.now(), exitCode));
    long durationMs = supervised.durationMs();
    LOG.info("process ended [id: {}, state: {}, exitCode: {}, ms: {}, droppedLines: {}]", ended.id(), state.word(),
        exitCode, durationMs, supervised.publisher().dropped());
    String type = switch (state) {
      case STOPPED -> ProcessEventTypes.STOPPED;
      case TIMED_OUT -> ProcessEventTypes.TIMED_OUT;
      default -> ProcessEventTypes.EXITED;
    };
    lifecycle.publish(ProcessEventTypes.ROOM_PROCESSES, type, new JsonObject().put("processId", ended.id())
        .put("exitCode", exitCode).put("durationMs", durationMs));
    ProcessState decidingState = supervised.stopRequested() ? ProcessState.STOPPED : state;
    RestartDecision decision = RestartDecision.after(supervised.plan().restart(), ended.restarts(), durationMs,
        decidingState, exitCode, supervised.lastDetection(), ThreadLocalRandom.current()::nextDouble);
    ProcessRecord counted = ended.withRestarts(decision.restarts());
    switch (decision.verdict()) {
      case END -> endForGood(supervised, counted);
      case RESTART -> restartLater(supervised, counted, decision.delayMs());
      case CRASHLOOP, FAILED -> gaveUp(supervised, counted, decision);
    }
  }

  void restartLater(SupervisedProcess supervised, ProcessRecord ended, long delayMs) {
    ProcessRecord pending = ended.restartPending(ended.restarts(), Instant.now().plusMillis(delayMs));
    supervised.restartPending(pending, vertx.setTimer(delayMs, t -> restart.accept(supervised)));
    metrics.restart("scheduled");
    LOG.info("process restart pending [id: {}, restarts: {}, delayMs: {}]", pending.id(), pending.restarts(), delayMs);
    registry.put(pending, supervised.relaunch()).onFailure(e -> LOG.warn("process record not stored [id: {}]: {}", pending.id(), e.toString()));
    JsonObject data = new JsonObject().put("processId", pending.id()).put("restarts", pending.restarts())
        .put("nextRestartAt", pending.nextRestartAt().toString()).put("delayMs", delayMs);
    lifecycle.publish(ProcessEventTypes.processRoom(pending.id()), ProcessEventTypes.RESTARTING, data);
    lifecycle.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.RESTARTING, data.copy());
  }

  /** Crash loop (restarts used up) or failed (a compilation error): over, with the reason and the last error. */
  private void gaveUp(SupervisedProcess supervised, ProcessRecord ended, RestartDecision decision) {
    boolean crashloop = decision.verdict() == RestartDecision.Verdict.CRASHLOOP;
    ProcessRecord over = endForGood(supervised, ended.finalAs(crashloop ? ProcessState.CRASHLOOP : ProcessState.FAILED,
        decision.reason()));
    metrics.restart(crashloop ? "crashloop" : "failed");
    LOG.info("process not restarted [id: {}, state: {}, restarts: {}]: {}", over.id(), over.state().word(),
        over.restarts(), decision.reason());
    JsonObject data = new JsonObject().put("processId", over.id()).put("restarts", over.restarts())
        .put("exitCode", over.exitCode()).put("reason", decision.reason());
    Detection error = supervised.lastDetection();
    if (error != null) {
      data.put("error", error.toJson(over.id()));
    }
    if (crashloop) {
      lifecycle.publish(ProcessEventTypes.ROOM_ERRORS, ProcessEventTypes.CRASHLOOP, data);
      lifecycle.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.CRASHLOOP, data.copy());
    } else {
      lifecycle.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.FAILED, data);
    }
  }

  /** The process is over: no longer this node's, its final record stored. */
  ProcessRecord endForGood(SupervisedProcess supervised, ProcessRecord last) {
    forget.accept(last.id());
    ProcessRecord ended = supervised.end(last);
    registry.put(ended).onFailure(e -> LOG.warn("process record not stored [id: {}]: {}", ended.id(), e.toString()));
    return ended;
  }
}
